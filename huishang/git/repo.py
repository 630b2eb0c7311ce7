"""Run the real git: no shell, arguments never taken as options, errors as plain messages."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from huishang.errors import HuishangError


def git_env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


def git(root: Path, *args: str, stdin: str | None = None) -> str:
    """Run `git -C root args...` and return its output; a failure becomes a HuishangError."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              encoding="utf-8", errors="replace", env=git_env(), check=False,
                              input=stdin)
    except FileNotFoundError:
        raise HuishangError("git.missing") from None
    if done.returncode != 0:
        raise HuishangError("git.failed", command=args[0], error=done.stderr.strip())
    return done.stdout


def _git_or(root: Path, otherwise: str | None, *args: str) -> str | None:
    """`git`'s output, or `otherwise` when git says no; a missing git is still an error."""
    try:
        return git(root, *args)
    except HuishangError as exc:
        if exc.code == "git.missing":
            raise
        return otherwise


def git_version() -> str:
    """The installed git's version, e.g. 2.39.5."""
    return git(Path.cwd(), "--version").strip().removeprefix("git version ")


def ensure_repository(root: Path) -> bool:
    """Make `root` a git repository unless it is inside one already; True when one was
    made. The ledger's history is its audit trail, so a ledger starts in git."""
    if _git_or(root, None, "rev-parse", "--git-dir") is not None:
        return False
    # the office's own default branch, when its git names one
    branch = (_git_or(root, "", "config", "--get", "init.defaultBranch") or "").strip()
    git(root, "init", "--quiet")
    # else `main`, not git's old `master`: the branch the CI templates run on. Set on the
    # unborn HEAD: git before 2.28 has no --initial-branch and ignores init.defaultBranch.
    git(root, "symbolic-ref", "HEAD", f"refs/heads/{branch or 'main'}")
    return True


def current_branch(root: Path) -> str | None:
    """The branch checked out in `root` (also before its first commit); None when detached."""
    found = _git_or(root, None, "symbolic-ref", "--short", "HEAD")
    return found.strip() if found is not None else None


def commit(root: Path, paths: Sequence[str], message: str) -> str:
    """Commit exactly `paths` (nothing else that is staged) and return the new commit id."""
    git(root, "rev-parse", "--git-dir")
    # the paths go on standard input: an import commits thousands of files, more than a
    # command line holds (32 KiB on Windows)
    listed = "".join(f"{path}\0" for path in paths)
    git(root, "add", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=listed)
    git(root, "commit", "--quiet", "-m", message, "--pathspec-from-file=-",
        "--pathspec-file-nul", stdin=listed)
    return git(root, "rev-parse", "--short", "HEAD").strip()
