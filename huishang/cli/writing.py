"""What the commands that write share: values checked before anything is read, a checked
change written (or shown, with --dry-run) and committed, a refusal printed as problems."""

from __future__ import annotations

import sys
from typing import Any

import typer

from huishang.cli.app import say
from huishang.cli.options import Session


def save(session: Session, change: Any, *, dry_run: bool, commit: bool,
         message: str) -> bytes | None:
    """Print the diff (dry run) or write the checked change, then commit when asked; the
    bytes written."""
    from huishang.edit import changes
    from huishang.git import repo as gitrepo

    if dry_run:
        sys.stdout.write(change.diff())
        return None
    data = changes.write(change)
    if commit:
        sha = gitrepo.commit(session.ledger.root, [change.rel], message)
        sys.stderr.write(say("write.committed", sha=sha, message=message) + "\n")
    return data


def save_item(session: Session, change: Any, *, dry_run: bool, commit: bool,
              message: str) -> None:
    """`save` an item's checked change, and tell the store (which keeps its views warm)."""
    from huishang.store import door

    root = session.ledger.root
    was = None if dry_run else door.before_write(root, [change.rel])
    data = save(session, change, dry_run=dry_run, commit=commit, message=message)
    if was is not None and data is not None:
        door.after_write(root, was, session.ledger, change, data)


def refusals(session: Session, run: Any) -> Any:
    """Run a store operation; a refused result prints its problems and exits 1."""
    from huishang.edit import changes
    from huishang.ledger.problems import sort_key
    from huishang.output.problem_formats import problems_text

    try:
        return run()
    except changes.Refused as refused:
        problems = sorted(refused.problems, key=sort_key)
        sys.stderr.write(problems_text(problems, session.lang, say("write.nothing")))
        raise typer.Exit(1) from None


def check_texts(*options: tuple[str, str | None]) -> None:
    """Refuse a value a ledger file may not hold (see lifecycle.check_text)."""
    from huishang.edit.lifecycle import check_text

    for option, value in options:
        check_text(option, value)


def split(values: list[str]) -> list[str]:
    """Accept `--parties a,b` as well as `--parties a --parties b` (also with 、 or ，)."""
    out: list[str] = []
    for value in values:
        out += [v.strip() for v in value.replace("、", ",").replace("，", ",").split(",")
                if v.strip()]
    return out
