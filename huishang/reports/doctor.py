"""`huishang doctor`: what this machine has and lacks for huishang, one finding per check.

Nothing here reaches the network: a roll-up source at a network address is named, not
fetched. A finding is `missing` when a command cannot work without it (git, a writable
cache folder, a readable ledger) and `warning` when the work goes on, only worse (fonts the
documents print in a substitute face, a console that shows Chinese as `?`).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from huishang import __version__
from huishang.errors import HuishangError

if TYPE_CHECKING:
    from huishang.ledger.models import Settings

Level = Literal["ok", "warning", "missing"]


@dataclass(frozen=True)
class Finding:
    """One check's result: its message code and the values the message names."""

    check: str
    level: Level
    code: str
    params: dict[str, str] = field(default_factory=dict)


def examine(root: Path | None, console_encoding: str | None,
            *, windows: bool | None = None) -> list[Finding]:
    """Every check, in the order a person reads them. `root` is the ledger (None when
    none was found), `console_encoding` the terminal's
    (None when the output goes to a file or a pipe, which huishang writes as UTF-8)."""
    findings = [Finding("python", "ok", "doctor.python", {"version": platform.python_version(),
                                                         "path": sys.executable}),
                Finding("huishang", "ok", "doctor.huishang", {"version": __version__}),
                _git(),
                _console(console_encoding),
                _cache()]
    settings = None
    if root is None:
        findings.append(Finding("ledger", "ok", "doctor.ledger_none"))
    else:
        ledger_finding, settings = _ledger(root)
        findings.append(ledger_finding)
    findings += _fonts(settings, windows)
    if settings is not None and root is not None:
        findings += _sources(root, settings)
    return findings


def _git() -> Finding:
    from huishang.git.repo import git_version

    try:
        return Finding("git", "ok", "doctor.git", {"version": git_version()})
    except HuishangError:
        return Finding("git", "missing", "doctor.git_missing")


def _console(encoding: str | None) -> Finding:
    if encoding is None:
        return Finding("console", "ok", "doctor.console_redirected")
    from huishang.messages import msg

    try:  # the words huishang itself prints
        msg("doctor.console_bad", "zh", encoding=encoding).encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return Finding("console", "warning", "doctor.console_bad", {"encoding": encoding})
    return Finding("console", "ok", "doctor.console", {"encoding": encoding})


def _cache() -> Finding:
    from huishang.ledger.layout import cache_home

    folder = cache_home()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Finding("cache", "missing", "doctor.cache_bad",
                       {"path": str(folder), "error": exc.strerror or str(exc)})
    return Finding("cache", "ok", "doctor.cache", {"path": str(folder)})


def _ledger(root: Path) -> tuple[Finding, Settings | None]:
    from huishang.ledger.load import load_settings

    if not root.is_dir():
        return Finding("ledger", "missing", "doctor.ledger_no_folder", {"path": str(root)}), None
    ledger = load_settings(root)
    errors = [p for p in ledger.problems if p.severity == "error"]
    if errors:
        return Finding("ledger", "missing", "doctor.ledger_bad", {
            "path": str(root), "n": str(len(errors)), "first": errors[0].location()}), None
    units = len(ledger.units.units) if ledger.units is not None else 0
    return Finding("ledger", "ok", "doctor.ledger", {"path": str(root), "units": str(units)}), \
        ledger.settings


def _fonts(settings: Settings | None, windows: bool | None) -> list[Finding]:
    from huishang.output import gongwen
    from huishang.output.fonts import check_fonts

    chosen = dict(gongwen.FONTS)
    if settings is not None:
        chosen |= {k: v for k, v in settings.documents.fonts.model_dump().items() if v}
    names = list(dict.fromkeys([*chosen.values(), gongwen.LATIN_FONT]))
    checks = check_fonts(names, windows=windows)
    if checks is None:
        return [Finding("fonts", "warning", "doctor.fonts_unknown")]
    return [Finding("fonts", "ok", "doctor.font", {"name": c.name}) if c.installed
            else Finding("fonts", "warning", "doctor.font_missing" if c.instead
                         else "doctor.font_missing_default",
                         {"name": c.name, "instead": c.instead or ""})
            for c in checks]


def _sources(root: Path, settings: Settings) -> Iterator[Finding]:
    from huishang.rollup.synced import read_state

    state = read_state(root) if settings.rollup else {}
    for source in settings.rollup:
        used = state.get(source.name)
        params = {"name": source.name, "url": source.url,
                  "synced": used.synced if used is not None else ""}
        synced = "" if used is None else "_synced"
        if "://" in source.url or _remote_scp(source.url):
            yield Finding("rollup", "ok", f"doctor.source_remote{synced}", params)
            continue
        path = Path(source.url) if os.path.isabs(source.url) else root / source.url
        readable = _readable(path)
        yield Finding("rollup", "ok" if readable else "warning",
                      f"doctor.source_local{synced}" if readable else "doctor.source_unreadable",
                      params)


def _remote_scp(url: str) -> bool:
    """git's `host:path` form (user@host:repo.git), which is not a local path."""
    head = url.split("/", 1)[0]
    return ":" in head and not (len(head) >= 2 and head[1] == ":")  # C:\ is a drive


def _readable(path: Path) -> bool:
    """A folder (a repository) or a file (a git bundle) that can be read."""
    check: Callable[[Path], bool] = os.path.isdir if path.is_dir() else os.path.isfile
    return check(path) and os.access(path, os.R_OK)
