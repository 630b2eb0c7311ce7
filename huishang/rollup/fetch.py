"""`huishang sync`: fetch each rolled-up ledger, validate it, and only then put it in use.

Each source is fetched with git into its own bare repository in the cache folder (see
`store.py`); the fetched revision is checked out as a tree of its own beside the one in
use and loaded with the rules of `validate`. A revision with errors is refused and its
tree removed: the last good revision stays in use. Fetches run side by side (they wait
on the network or on other processes); validation runs one source at a time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.errors import HuishangError
from huishang.git.repo import git
from huishang.ledger.layout import in_source
from huishang.rollup import store
from huishang.rollup.span import InView, write_facts

if TYPE_CHECKING:
    from huishang.ledger.models import RollupSource
    from huishang.ledger.problems import Problem

FETCHED = "refs/huishang/fetched"
FETCH_AT_ONCE = 8


@dataclass
class Synced:
    """What a sync did with one source."""

    name: str
    outcome: str  # new, same, refused, failed
    in_use: store.InUse | None  # the revision in use after the sync
    fetched: str | None = None  # the revision fetched, when the fetch worked
    problems: list[Problem] = field(default_factory=list)  # why a revision was refused
    error: str = ""  # why a fetch failed


def sync(root: Path, sources: Sequence[RollupSource], today: dt.date) -> list[Synced]:
    """Fetch, validate and put in use each source; one sync at a time per ledger."""
    from huishang.edit.lock import one_writer

    folder = store.rollup_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    with one_writer(folder):
        state = store.read_state(root)
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
        store.write_state(root, state)
        _tidy(root, state)
    return results


def _url(root: Path, url: str) -> str:
    """A source's URL as git takes it: a relative path names a folder beside the ledger."""
    if "://" in url or os.path.isabs(url) or not (root / url).exists():
        return url
    return str((root / url).resolve())


def _fetch(root: Path, source: RollupSource) -> tuple[str | None, str]:
    """(the fetched revision, "") or (None, git's message)."""
    repo = store.repository(root, source.name)
    try:
        if not (repo / "HEAD").is_file():
            repo.mkdir(parents=True, exist_ok=True)
            git(repo, "init", "--quiet", "--bare")
        depth = [f"--depth={source.depth}"] if source.depth else []
        # `ext::` would run a command named in the URL: never, whatever git's settings
        git(repo, "-c", "protocol.ext.allow=never", "fetch", "--quiet", "--no-tags",
            "--no-write-fetch-head", *depth, "--", _url(root, source.url),
            f"+{source.ref}:{FETCHED}")
        return git(repo, "rev-parse", "--verify", f"{FETCHED}^{{commit}}").strip(), ""
    except HuishangError as exc:
        return None, str(exc.params.get("error", exc.code))


def _use(root: Path, source: RollupSource, revision: str, previous: store.InUse | None,
         today: dt.date) -> Synced:
    """Put `revision` in use if it validates; else keep `previous`."""
    from huishang.ledger.load import load_ledger

    repo = store.repository(root, source.name)
    tree = store.tree(root, source.name, revision)
    committed = git(repo, "show", "-s", "--format=%cI", revision).strip()[:10]
    used = store.InUse(source.url, source.ref, revision, committed, today.isoformat())
    if previous is not None and previous.revision == revision and tree.is_dir():
        return Synced(source.name, "same", used, revision)
    _remove_tree(repo, tree)
    tree.parent.mkdir(parents=True, exist_ok=True)
    git(repo, "worktree", "add", "--detach", "--force", str(tree), revision)
    ledger = load_ledger(tree)
    if ledger.errors:
        _remove_tree(repo, tree)
        problems = [replace(p, path=in_source(source.name, p.path)) for p in ledger.errors]
        return Synced(source.name, "refused", previous, revision, problems)
    write_facts(InView(source.name, used, tree), ledger)
    return Synced(source.name, "new", used, revision)


def _remove_tree(repo: Path, tree: Path) -> None:
    if tree.exists():
        shutil.rmtree(tree)
    git(repo, "worktree", "prune")


def _tidy(root: Path, state: dict[str, store.InUse]) -> None:
    """Remove the trees no longer in use. A view that started before this sync may still be
    reading the previous one, so it is kept until the next sync that brings something new."""
    top = store.rollup_dir(root) / "trees"
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
            _remove_tree(store.repository(root, folder.name), old)
