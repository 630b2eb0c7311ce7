"""`huishang show ID` answered from the store before typer is imported: the item, as a
`show` of the same files kept it, printed the way the `show` command prints it.

Only a plain command line is answered here (`show ID` with --format, --today, --lang and
--repo, each given well); anything else, and an item the store does not hold, is left to
the command line proper, which says what is wrong, or loads the item and keeps it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from huishang.errors import HuishangError

if TYPE_CHECKING:
    from huishang.views.detail import Detail

_OPTIONS = {"--format": ("text", "json"), "--lang": ("zh", "en"), "--today": None,
            "--repo": None}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Asked(NamedTuple):
    ref: str
    options: dict[str, str]


def serve(argv: list[str]) -> bool:
    """Run `argv` when it is a `show` the store answers; False when it is not, and nothing
    was done."""
    asked = _asked(argv)
    if asked is None or any(os.environ.get(name) for name in (
            "GITHUB_ACTIONS", "HUISHANG_NO_CACHE", "_HUISHANG_COMPLETE")):
        return False
    from huishang.store.door import shown

    options = asked.options
    try:
        repo = options.get("--repo") or os.environ.get("HUISHANG_REPO")
        detail = shown(ledger_root(Path(repo) if repo else None), asked.ref)
    except (HuishangError, OSError):
        return False
    if detail is None:
        return False
    from huishang.output.terminal import output_encoding

    today = dt.date.fromisoformat(options["--today"]) if "--today" in options else None
    output_encoding()
    try:
        print_detail(detail, the_day(today, detail.timezone),
                     options.get("--lang", detail.lang), as_json=options.get("--format") == "json")
        sys.stdout.flush()
    except BrokenPipeError:  # `huishang show ID | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True


def _asked(argv: list[str]) -> _Asked | None:
    """`show ID` and its options as given, each at most once and well formed; None for
    any other command line."""
    if argv[:1] != ["show"]:
        return None
    refs, options = [], {}
    words = iter(argv[1:])
    for word in words:
        name, eq, value = word.partition("=")
        if name not in _OPTIONS:
            if word.startswith("-") or ":" in word:  # (a rolled-up ledger's item: xj:…)
                return None
            refs.append(word)
            continue
        if not eq:
            value = next(words, "")
        allowed = _OPTIONS[name]
        if name in options or not value or (allowed is not None and value not in allowed) \
                or (name == "--today" and not _ISO_DAY.fullmatch(value)):
            return None
        options[name] = value
    if len(refs) != 1:
        return None
    if "--today" in options:
        try:
            dt.date.fromisoformat(options["--today"])
        except ValueError:
            return None
    return _Asked(refs[0], options)


_LIFTED = ("--repo", "--lang", "--today")


def lift_run_options(argv: list[str]) -> list[str]:
    """`huishang --repo DIR list` as `huishang list --repo DIR`: like `git -C`, the ledger
    (and the language and day) may be given before the command; each command takes them
    as its own options."""
    lifted: list[str] = []
    rest = list(argv)
    while rest:
        name = rest[0].split("=", 1)[0]
        if name not in _LIFTED:
            break
        taken = 1 if "=" in rest[0] else 2
        lifted += rest[:taken]
        rest = rest[taken:]
    return rest + lifted


def ledger_root(repo: Path | None) -> Path:
    """The ledger's folder: --repo, else found by walking up from here, like git."""
    from huishang.ledger.layout import find_root

    root = repo.resolve() if repo is not None else find_root(Path.cwd())
    if not root.is_dir():
        raise HuishangError("repo.no_folder", exit_code=2, path=str(root))
    return root


def the_day(today: dt.date | None, timezone: str) -> dt.date:
    """`--today`, else today where the ledger is."""
    if today is not None:
        return today
    from zoneinfo import ZoneInfo

    # The only place that reads the clock: the core always receives `today`.
    return dt.datetime.now(ZoneInfo(timezone)).date()


def print_detail(detail: Detail, today: dt.date, lang: str, *, as_json: bool) -> None:
    """The item in full, as of `today`: its fields, then its updates as a timeline."""
    from huishang.messages import msg
    from huishang.views.detail import detail_fields, detail_json, timeline
    from huishang.views.query import make_row

    row = make_row(detail.facts, today, detail.thresholds)
    if as_json:
        from huishang.output.formats import emit_json

        emit_json({"today": today.isoformat(), "item": detail_json(detail, row)})
        return
    from huishang.output.terminal import detail as print_record

    print_record(f"{detail.facts.id}  {detail.facts.title}", detail_fields(detail, row, lang),
                 msg("updates", lang), timeline(detail, lang, numbered=True))


