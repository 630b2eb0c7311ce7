"""The command that brings the rolled-up ledgers in: sync."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from huishang.cli.app import app
from huishang.cli.context import CheckFormat
from huishang.cli.options import (
    LangOpt,
    RepoOpt,
    SourceOpt,
    TextFormatOpt,
    TodayOpt,
    open_session,
)
from huishang.errors import HuishangError

if TYPE_CHECKING:
    import datetime as dt

    from huishang.ledger.problems import Problem
    from huishang.rollup.fetch import Synced


@app.command()
def sync(
    source: SourceOpt = None,
    fmt: TextFormatOpt = CheckFormat.text,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """同步汇总来源 Fetch the ledgers this one rolls up (`rollup:` in huishang.yaml) with git,
    validate each, and put each one that validates in use.

    Each source is fetched into this machine's cache folder (HUISHANG_CACHE_DIR, else
    ~/.cache/huishang), never into the ledger. A revision with errors is refused, its
    problems named by file and line, and the last good revision stays in use. The views
    (list, warnings, progress, show, history, log, bulletin, review, export, site) then
    span this ledger and every source, naming each source's items `<source>:<id>`.
    Exit status: 0 every source in use is the newest, 1 some source was refused or could
    not be fetched, 2 two sources share a name or an address uses a transport other than
    a local path, file, ssh, git or http(s). A new revision that does not descend from the
    one in use is put in use and said (`rewritten_from` in JSON).

    **Examples**

    ```
    huishang sync
    huishang sync --source xj
    huishang sync --format json
    ```
    """
    from huishang.rollup.fetch import check_sources
    from huishang.rollup.fetch import sync as run_sync
    from huishang.rollup.span import chosen, in_view, unit_conflicts

    session = open_session(repo, today, lang)
    settings = session.ledger.settings
    if not settings.rollup:
        raise HuishangError("sync.no_sources", exit_code=2)
    check_sources(settings.rollup)
    names = chosen([s.name for s in settings.rollup], source)
    root = session.ledger.root
    results = run_sync(root, [s for s in settings.rollup if s.name in names], session.today)
    in_use, _ = in_view(root, [s.name for s in settings.rollup], session.today,
                        settings.rollup_stale_days, session.lang)
    conflicts = unit_conflicts(session.ledger, in_use)
    if fmt is CheckFormat.json:
        from huishang.output.formats import emit_json
        emit_json({"today": session.today.isoformat(),
                   "sources": [_json(r, session.today, session.lang) for r in results],
                   "units": [p.as_json(session.lang) for p in conflicts]})
    else:
        _text(results, session.today, session.lang)
        for p in conflicts:
            _problem(p, session.lang)
    if any(r.outcome in ("refused", "failed") for r in results):
        raise typer.Exit(1)


def _json(result: Synced, today: dt.date, lang: str) -> dict[str, object]:
    used = result.in_use
    return {
        "name": result.name, "outcome": result.outcome, "fetched": result.fetched,
        "revision": used.revision if used else None,
        "committed": used.committed if used else None,
        "synced": used.synced if used else None,
        "age_days": _age(result, today),
        "error": result.error or None,
        "rewritten_from": result.rewritten_from,
        "problems": [p.as_json(lang) for p in result.problems],
    }


def _age(result: Synced, today: dt.date) -> int | None:
    """Days since the revision in use was committed."""
    import datetime as dt

    used = result.in_use
    return (today - dt.date.fromisoformat(used.committed)).days if used else None


def _text(results: list[Synced], today: dt.date, lang: str) -> None:
    from huishang.messages import msg
    from huishang.output.escape import terminal

    for r in results:
        used = r.in_use
        where = msg("sync.none_in_use", lang) if used is None else msg(
            "sync.in_use", lang, revision=used.revision[:10], committed=used.committed,
            days=_age(r, today))
        sys.stdout.write(f"{r.name}: {msg(f'sync.{r.outcome}', lang)}{msg('sep.clause', lang)}"
                         f"{where}\n")
        if r.error:
            sys.stdout.write(f"  {terminal(r.error)}\n")
        if r.rewritten_from:
            sys.stdout.write("  " + msg("sync.rewritten", lang, old=r.rewritten_from[:10],
                                        new=(r.fetched or "")[:10]) + "\n")
        for p in r.problems:
            _problem(p, lang)


def _problem(p: Problem, lang: str) -> None:
    from huishang.output.escape import terminal

    sys.stdout.write(f"  {terminal(p.render(lang))}\n")
