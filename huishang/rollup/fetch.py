"""`huishang sync`: fetch each rolled-up ledger, validate it, and only then put it in use.

Each source is fetched with git into its own bare repository in the cache folder (see
`store.py`); the fetched revision is checked out as a tree of its own beside the one in
use and loaded with the rules of `validate`. A revision with errors is refused and its
tree removed: the last good revision stays in use. Fetches run side by side (they wait
on the network or on other processes); validation runs one source at a time.

A sync may be killed at any moment; the next one, holding the same lock, takes whatever
git left in the cache (lock files, a tree half checked out and still locked by `git
worktree add`) as debris and clears it, so no source is stuck until the cache is deleted.
A new revision that does not descend from the one in use (a source rewrote its history)
is still put in use when it validates, and said so: git history is the audit trail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.errors import HuishangError
from huishang.git.repo import git
from huishang.ledger.layout import ITEMS_DIR, in_source
from huishang.ledger.problems import problem
from huishang.rollup import synced
from huishang.rollup.span import InView, write_facts

if TYPE_CHECKING:
    from huishang.ledger.models import RollupSource
    from huishang.ledger.problems import Problem

FETCHED = "refs/huishang/fetched"
FETCH_AT_ONCE = 8
# the transports a source may use: a local path or scp-like `host:path` (which git reads as
# ssh), and these URL schemes; never a remote helper (`ext::`, `fd::`), which runs commands
# or reads file descriptors
SCHEMES = ("file", "ssh", "git", "http", "https", "git+ssh", "ssh+git")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_PROTOCOLS = ("file", "ssh", "git", "http", "https")


@dataclass
class Synced:
    """What a sync did with one source."""

    name: str
    outcome: str  # new, same, refused, failed
    in_use: synced.InUse | None  # the revision in use after the sync
    fetched: str | None = None  # the revision fetched, when the fetch worked
    problems: list[Problem] = field(default_factory=list)  # why a revision was refused
    error: str = ""  # why a fetch failed
    rewritten_from: str | None = None  # the revision in use before, when the new one
    #                                   does not descend from it


def check_sources(sources: Sequence[RollupSource]) -> None:
    """Refuse the sources before anything is fetched: two of one name (both would sync into
    one cache, every item twice), or a URL of a transport that is no plain git transport."""
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise HuishangError("rollup.duplicate_name", exit_code=2, name=source.name)
        seen.add(source.name)
        if not transport_allowed(source.url):
            raise HuishangError("sync.transport", exit_code=2, name=source.name,
                                url=source.url, schemes=", ".join(SCHEMES))


def transport_allowed(url: str) -> bool:
    """A local path, `host:path`, or a URL of one of SCHEMES; never `<helper>::<address>`."""
    if "::" in url or url.startswith("-"):
        return False
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in SCHEMES


def sync(root: Path, sources: Sequence[RollupSource], today: dt.date) -> list[Synced]:
    """Fetch, validate and put in use each source; one sync at a time per ledger."""
    from huishang.edit.lock import one_writer

    folder = synced.rollup_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with one_writer(folder):
        state = synced.read_state(root)
        with ThreadPoolExecutor(max_workers=FETCH_AT_ONCE) as pool:
            fetched = list(pool.map(lambda s: _fetch(root, s), sources))
        results = []
        for source, (revision, error) in zip(sources, fetched, strict=True):
            previous = state.get(source.name)
            if revision is None:
                results.append(Synced(source.name, "failed", previous, error=error))
                continue
            try:
                result = _use(root, source, revision, previous, today)
            except (HuishangError, OSError) as exc:  # not checked out: on to the next one
                why = exc.params.get("error", exc.code) if isinstance(exc, HuishangError) \
                    else exc
                result = Synced(source.name, "failed", previous, revision, error=str(why))
            if result.in_use is not None:
                state[source.name] = result.in_use
            results.append(result)
        for name in [name for name in state if name not in {s.name for s in sources}]:
            del state[name]  # a source no longer configured
        synced.write_state(root, state)
        _tidy(root, state)
    return results


def _url(root: Path, url: str) -> str:
    """A source's URL as git takes it: a relative path names a folder beside the ledger."""
    if "://" in url or os.path.isabs(url) or not (root / url).exists():
        return url
    return str((root / url).resolve())


def _fetch(root: Path, source: RollupSource) -> tuple[str | None, str]:
    """(the fetched revision, "") or (None, git's message)."""
    repo = synced.repository(root, source.name)
    try:
        if not (repo / "HEAD").is_file():
            repo.mkdir(parents=True, exist_ok=True)
            git(repo, "init", "--quiet", "--bare")
        _clear_locks(repo)
        depth = [f"--depth={source.depth}"] if source.depth else []
        # only the plain transports, whatever git's settings: `ext::` would run a command
        # named in the URL, `fd::` waits on a file descriptor for ever
        allow = [f"protocol.{name}.allow=always" for name in _PROTOCOLS]
        options = [arg for pair in (("-c", c) for c in (
            "protocol.allow=never", "protocol.ext.allow=never", *allow)) for arg in pair]
        git(repo, *options, "fetch", "--quiet", "--no-tags",
            "--no-write-fetch-head", *depth, "--", _url(root, source.url),
            f"+{source.ref}:{FETCHED}")
        return git(repo, "rev-parse", "--verify", f"{FETCHED}^{{commit}}").strip(), ""
    except HuishangError as exc:
        return None, str(exc.params.get("error", exc.code))


def _clear_locks(repo: Path) -> None:
    """Remove the lock files a killed git left in the source's repository (a ref's, the
    shallow file's): this sync holds the cache's lock, so no other git is at work there."""
    for lock in repo.rglob("*.lock"):
        if lock.is_file() and not lock.is_symlink():
            with contextlib.suppress(OSError):
                lock.unlink()


def _use(root: Path, source: RollupSource, revision: str, previous: synced.InUse | None,
         today: dt.date) -> Synced:
    """Put `revision` in use if it validates; else keep `previous`."""
    from huishang.store.files import load_ledger

    repo = synced.repository(root, source.name)
    tree = synced.tree(root, source.name, revision)
    committed = git(repo, "show", "-s", "--format=%cI", revision).strip()[:10]
    used = synced.InUse(source.url, source.ref, revision, committed, today.isoformat())
    if previous is not None and previous.revision == revision and tree.is_dir():
        return Synced(source.name, "same", used, revision)
    _remove_tree(repo, tree)
    tree.parent.mkdir(parents=True, exist_ok=True)
    git(repo, "worktree", "add", "--detach", "--force", str(tree), revision)
    if not (tree / ITEMS_DIR).is_dir():  # no ledger: its items would silently count as 0
        _remove_tree(repo, tree)
        return Synced(source.name, "refused", previous, revision, [problem(
            in_source(source.name, ITEMS_DIR), None, "", "sync.not_a_ledger",
            url=source.url)])
    ledger = load_ledger(tree)
    if ledger.errors:
        _remove_tree(repo, tree)
        problems = [replace(p, path=in_source(source.name, p.path)) for p in ledger.errors]
        return Synced(source.name, "refused", previous, revision, problems)
    write_facts(InView(source.name, used, tree), ledger)
    rewritten = None  # a shallow copy's history is cut: it cannot tell
    if previous is not None and previous.revision != revision and source.depth is None \
            and not _descends(repo, previous.revision, revision):
        rewritten = previous.revision
    return Synced(source.name, "new", used, revision, rewritten_from=rewritten)


def _descends(repo: Path, old: str, new: str) -> bool:
    """Whether `new` has `old` in its history; a repository that no longer holds `old`
    cannot tell, and does not claim a rewrite."""
    try:
        git(repo, "merge-base", "--is-ancestor", old, new)
    except HuishangError as exc:  # exit 1 and no message: not an ancestor
        error = str(exc.params.get("error", ""))
        return "Not a valid" in error or "bad object" in error
    return True


def _remove_tree(repo: Path, tree: Path) -> None:
    if tree.exists():
        shutil.rmtree(tree)
    # a sync killed inside `git worktree add` leaves its tree locked ("initializing"),
    # which prune never clears and the next add refuses: a locked tree that is gone is
    # unlocked first
    listed = ""
    for line in git(repo, "worktree", "list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            listed = line[len("worktree "):]
        elif line.startswith("locked") and not os.path.isdir(listed):
            with contextlib.suppress(HuishangError):
                git(repo, "worktree", "unlock", listed)
    git(repo, "worktree", "prune")


def _tidy(root: Path, state: dict[str, synced.InUse]) -> None:
    """Remove the trees no longer in use. A view that started before this sync may still be
    reading the previous one, so it is kept until the next sync that brings something new."""
    top = synced.rollup_dir(root) / "trees"
    if not top.is_dir():
        return
    for folder in top.iterdir():
        if folder.is_symlink() or not folder.is_dir():  # not ours: leave it alone
            continue
        used = state.get(folder.name)
        keep = {used.revision} if used else set()
        trees = sorted((t for t in folder.iterdir() if t.name not in keep),
                       key=lambda t: t.stat().st_mtime, reverse=True)
        for old in trees[1:] if used else trees:  # the newest one not in use was the previous
            _remove_tree(synced.repository(root, folder.name), old)
