"""Narrow a run's problems to the files or folders a user named on the command line."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from huishang.ledger.problems import Problem, problem, sort_key


def restrict(problems: Sequence[Problem], paths: Sequence[Path], root: Path,
             cwd: Path) -> list[Problem]:
    """The problems under any of `paths`, plus one for each path that is missing or outside.

    Paths are compared lexically (no link is followed), so a path that leads out
    of the repository through a link is refused rather than read.
    """
    prefixes: list[str] = []
    extra: list[Problem] = []
    for given in paths:
        absolute = Path(os.path.normpath(cwd.resolve() / given))
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            extra.append(problem(str(given), None, "", "file.outside_repo"))
            continue
        if not (absolute.exists() or absolute.is_symlink()):
            extra.append(problem(rel, None, "", "path.not_found"))
            continue
        prefixes.append(rel)
    kept = [p for p in problems if any(_under(p.path, prefix) for prefix in prefixes)]
    return sorted(kept + extra, key=sort_key)


def _under(path: str, prefix: str) -> bool:
    return prefix == "." or path == prefix or path.startswith(prefix.rstrip("/") + "/")
