"""Git as the audit trail: who changed which item, when, and what changed, in words.

One `git log` pass lists every commit and the blobs of each file it touched;
one `git cat-file --batch` process reads all those blobs. Nothing runs one
process per file or per commit, so a repository with thousands of commits is
read in two processes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import os
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from huishang.errors import HuishangError
from huishang.git.repo import git, git_env
from huishang.git.updates import compare_updates
from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SUFFIX, in_source, split_source
from huishang.ledger.yamlfile import decode, parse_yaml

if TYPE_CHECKING:
    from huishang.ledger.records import Ledger



class Kept(Protocol):
    """Results kept between runs by key (the store's result store, store/results.py)."""

    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> None: ...
    def save(self) -> None: ...
    def release(self) -> None: ...


def _nothing_kept(root: Path, name: str) -> Kept | None:
    return None


# Where a history pass and what its blobs were found to be are kept: nowhere, unless the
# store (store/door.py) says where when a command opens the ledger through it.
keeping: Callable[[Path, str], Kept | None] = _nothing_kept

_NULL_SHA = "0" * 40
_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    date: str  # ISO 8601 with the author's offset
    subject: str

    @property
    def day(self) -> str:
        return self.date[:10]

    def __reduce__(self) -> tuple[type[Commit], tuple[str, str, str, str, str]]:
        # a slotted dataclass's own pickling sets each field through `fields()`: the kept
        # pass of 10,000 commits unpickles twice as fast by its constructor
        return Commit, (self.sha, self.author, self.email, self.date, self.subject)


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file touched by one commit: its paths and blob ids before and after."""

    commit: Commit
    status: str  # A added, M modified, D deleted, R renamed
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    # In a merge commit: the file's blobs in the other parents (old_blob is the first
    # parent's). Such a change is what the merge itself did, beyond what it merged.
    other_parents: tuple[str | None, ...] = ()

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""

    @property
    def blobs(self) -> list[str]:
        return [b for b in (self.old_blob, self.new_blob, *self.other_parents) if b]

    def __reduce__(self) -> tuple[type[FileChange], tuple[Any, ...]]:
        return FileChange, (self.commit, self.status, self.old_path, self.new_path,
                            self.old_blob, self.new_blob, self.other_parents)


@dataclass(frozen=True, slots=True)
class Event:
    """One change to an item, as a clerk would say it."""

    kind: str  # created, deleted, renamed, status, due, lead, owner, partners, title, aspect,
    # update_added, update_changed, update_removed, evidence_added, evidence_removed,
    # done_on, corrected, unreadable
    before: Any = None
    after: Any = None
    detail: str = ""
    by: str = ""  # who asked for the change or reported the update (`by:`), when named

    def as_json(self) -> dict[str, Any]:
        named = {"by": self.by} if self.by else {}
        return {"kind": self.kind, "before": _plain(self.before), "after": _plain(self.after),
                "detail": self.detail, **named}


@dataclass(frozen=True, slots=True)
class Step:
    """What one commit did to one item."""

    commit: Commit
    path: str
    events: tuple[Event, ...]


@dataclass
class Trail:
    """The steps of one item, oldest first, and whether the history may be incomplete."""

    item_id: str
    steps: list[Step] = field(default_factory=list)
    shallow: bool = False


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").strip() == "true"


def log_changes(root: Path, paths: Sequence[str], *, revisions: str | None = None,
                follow: bool = False) -> list[FileChange]:
    """File changes under `paths`, oldest commit first, from a single `git log`."""
    # No --reverse: git stops following renames with it; the list is reversed here instead.
    # Merges show what they changed beyond their parents (the combined diff): an edit made
    # while resolving a merge is a change like any other.
    args = ["-c", "core.quotepath=off", "log", "--no-color", "--raw",
            "--no-abbrev", "-M", "--diff-merges=combined",
            f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%ae{_FIELD}%aI{_FIELD}%s"]
    if follow:
        args.append("--follow")
    if revisions:
        args.append(revisions)
    args += ["--", *paths]
    return list(_parse_log(git(root, *args)))[::-1]


def _parse_log(text: str) -> Iterable[FileChange]:
    for record in text.split(_RECORD)[1:]:
        header, _, body = record.partition("\n")
        sha, author, email, date, subject = header.split(_FIELD, 4)
        commit = Commit(sha, author, email, date, subject)
        for raw in raw_changes(body):
            yield FileChange(commit, *raw)


RawChange = tuple[str, str | None, str | None, str | None, str | None,
                  tuple[str | None, ...]]


def raw_changes(text: str) -> Iterable[RawChange]:
    """(status, old path, new path, old blob, new blob, other parents' blobs) of each
    `--raw` line of git's output.

    Status is A, M, D or R; a missing side is None. A blob of all zeros, as git prints
    for a file it has not hashed (the working tree), is None too. A merge's combined line
    (`::` and one blob per parent) is an M whose old blob is the first parent's.
    """
    for line in text.splitlines():
        if line.startswith("::"):
            yield _combined(line)
            continue
        if not line.startswith(":"):
            continue
        meta, *names = line.split("\t")
        _, _, old_blob, new_blob, status = meta.split()
        old = None if old_blob == _NULL_SHA else old_blob
        new = None if new_blob == _NULL_SHA else new_blob
        kind = status[0]
        first = _unquote(names[0])
        if kind in "RC":
            yield "R", first, _unquote(names[1]), old, new, ()
        elif kind == "A":
            yield "A", None, first, None, new, ()
        elif kind == "D":
            yield "D", first, None, old, None, ()
        else:
            yield "M", first, first, old, new, ()


def _combined(line: str) -> RawChange:
    meta, name = line.split("\t", 1)
    parents = len(meta) - len(meta.lstrip(":"))
    fields = meta.lstrip(":").split()
    blobs = [None if b == _NULL_SHA else b for b in fields[parents + 1: 2 * parents + 2]]
    path = _unquote(name)
    new = blobs[-1]
    return ("D" if new is None else "M"), path, (None if new is None else path), blobs[0], \
        new, tuple(blobs[1:-1])


def _unquote(name: str) -> str:
    """git quotes names with unusual characters as C strings; undo that."""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", "replace")
    return name


def read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs, from one `git cat-file --batch` process."""
    wanted = sorted(set(shas))
    if not wanted:
        return {}
    done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"],
                          input=("\n".join(wanted) + "\n").encode(), capture_output=True,
                          env=git_env(), check=False)
    if done.returncode != 0:
        raise HuishangError("git.failed", command="cat-file",
                            error=done.stderr.decode("utf-8", "replace").strip())
    out, blobs, pos = done.stdout, {}, 0
    for sha in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[sha] = out[pos:pos + size]
        pos += size + 1
    return blobs


def load_blob(raw: bytes | None) -> dict[str, Any] | None:
    """An item file's data from a blob, or None when it is absent or unreadable."""
    if raw is None:
        return None
    text, _ = decode(raw, "blob")
    if text is None:
        return None
    doc, _ = parse_yaml(text, "blob")
    return doc.data if doc is not None else None


def is_item_path(path: str) -> bool:
    parts = path.split("/")
    return (len(parts) == 3 and parts[0] == ITEMS_DIR and parts[2].endswith(SUFFIX)
            and parts[2] != MEETING_FILE)


def item_id_from_path(path: str) -> str:
    """The id an item file's name gives it: `xj:<id>` for a rolled-up ledger's file."""
    source, local = split_source(path)
    return in_source(source, local.rsplit("/", 1)[-1].removesuffix(SUFFIX))


def describe(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Event]:
    """What changed between two versions of an item file, in events."""
    if old is None and new is None:
        return [Event("unreadable")]
    if old is None:
        assert new is not None
        created = [Event("created", after=new.get("title"))]
        created += [Event("update_added", after=u.get("date"), detail=str(u.get("note", "")),
                          by=_by(u)) for u in _updates(new)]
        return created
    if new is None:
        return [Event("deleted", before=old.get("title"))]
    old_updates, new_updates = _updates(old), _updates(new)
    diff = compare_updates(old_updates, new_updates)
    records = {r.get("field"): r for u in diff.added for r in _records(u)}
    asked = {r.get("field"): _by(u) for u in diff.added for r in _records(u)}
    consumed: set[int] = set()  # added updates whose note only repeats a reason shown
    events: list[Event] = []
    for key in ("title", "aspect", "lead", "partners", "owner", "status", "due"):  # file order
        if old.get(key) == new.get(key):
            continue
        reason = str(records.get(key, {}).get("reason") or "")
        if not reason and key == "due":  # a move recorded before `changes:`, in prose
            reason = " ".join(str(u.get("note", "")) for u in diff.added)
            consumed |= set(range(len(diff.added)))
        consumed |= {i for i, u in enumerate(diff.added) if reason and u.get("note") == reason}
        events.append(Event(key, old.get(key), new.get(key), reason, asked.get(key, "")))
    if old.get("done_on") != new.get("done_on"):
        events.append(Event("done_on", old.get("done_on"), new.get("done_on")))
    events += _evidence_events(_list(old.get("evidence")), _list(new.get("evidence")))
    changed = [Event("update_changed", old_updates[i].get("date"), new_updates[i].get("date"),
                     str(new_updates[i].get("note", ""))) for i in diff.edited]
    removed = [Event("update_removed", u.get("date"), None, str(u.get("note", "")))
               for u in diff.removed]
    added = [Event("update_added", None, u.get("date"), str(u.get("note", "")), _by(u))
             for i, u in enumerate(diff.added) if i not in consumed]
    old_fixes, new_fixes = _list(old.get("corrections")), _list(new.get("corrections"))
    corrected = [Event("corrected", c.get("was"), c.get("now"), str(c.get("reason") or ""))
                 for c in new_fixes[len(old_fixes):] if isinstance(c, dict)]
    return events + changed + removed + added + corrected


def _evidence_events(old: list[Any], new: list[Any]) -> list[Event]:
    """Proof added at the end, or removed and replaced (which `check` refuses on a done
    item, and history shows whenever it happened)."""
    if new[:len(old)] == old:
        return [Event("evidence_added", after=proof) for proof in new[len(old):]]
    return ([Event("evidence_removed", before=proof) for proof in old if proof not in new]
            + [Event("evidence_added", after=proof) for proof in new if proof not in old])


def _by(update: dict[str, Any]) -> str:
    """Who an update names as its reporter or as asking for its change (`by:`)."""
    by = update.get("by")
    return by.strip() if isinstance(by, str) else ""


def _records(update: dict[str, Any]) -> list[dict[str, Any]]:
    value = update.get("changes")
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _updates(data: dict[str, Any]) -> list[dict[str, Any]]:
    value = data.get("updates") or []
    return [u for u in value if isinstance(u, dict)] if isinstance(value, list) else []


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Log:
    """One pass over git: file changes oldest first, the blobs they name, and whether the
    clone is shallow (then the oldest history is missing).

    What a blob was found to be (its data; the item it validates to; what a trend counts
    of it) is computed once however many changes name it. Its data and its brief are
    also kept in the result store under the blob's id: a blob's content never changes, so
    a later run, in any clone, reads neither the blob nor its YAML again, nor validates it
    for a trend. (Items are not kept: unpickling one costs about what validating it
    does.)"""

    changes: list[FileChange]
    blobs: dict[str, bytes]
    shallow: bool
    store: Kept | None = field(default=None, compare=False, repr=False)  # see _KEPT
    found: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False,
                                              repr=False)
    # the blobs the changes name; those the store does not know are read from `root`
    # together when the first of them is asked for (a report may need none of them: a
    # bulletin takes the latest versions from the files, and a warm run has them all)
    unread: set[str] = field(default_factory=set, compare=False, repr=False)
    root: Path | None = field(default=None, compare=False, repr=False)

    def data(self, blob: str | None) -> dict[str, Any] | None:
        """A blob's data, or None for no blob or an unreadable one.

        Kept packed and unpacked at each call (each caller gets its own copy): a dict of
        a YAML file's data is several times the size of its packed bytes, and a site over
        a history of 100,000 items would otherwise hold a gigabyte of them. The data are
        plain (the core schema: text, numbers, lists and mappings), which marshal packs;
        the blob's own bytes are let go once parsed."""
        if not blob:
            return None
        packed: bytes = self.derived("data", blob, lambda: marshal.dumps(
            load_blob(self._raw(blob))))
        found: dict[str, Any] | None = marshal.loads(packed)  # made by us, or signed by us
        return found

    def _raw(self, blob: str) -> bytes | None:
        if blob not in self.blobs and blob in self.unread and self.root is not None:
            unknown = [b for b in self.unread if not self.known(b)]
            self.blobs.update(read_blobs(self.root, unknown))  # one git process
            self.unread.clear()
        return self.blobs.pop(blob, None)

    def derived(self, kind: str, blob: str, make: Callable[[], Any]) -> Any:
        """What `make` finds a blob to be (`kind` names it), made once and remembered."""
        store = self.store if kind in _KEPT else None
        if store is not None:  # the store is the memo (a second one, in `found`, cost a
            digest = _key(kind, blob)  # key and an entry per blob: 40 MB at 100,000)
            kept = store.get(digest)
            if kept is None:
                kept = (make(),)  # a tuple: None is a result too
                store.put(digest, kept)
            return kept[0]
        key = (kind, blob)
        if key in self.found:
            return self.found[key]
        value = self.found[key] = make()
        return value

    def known(self, blob: str) -> bool:
        """Whether the blob's data is at hand without reading the blob (then it is kept
        for `data`)."""
        return self.store is not None and self.store.get(_key("data", blob)) is not None

    def save(self) -> None:
        if self.store is not None:
            self.store.save()

    def release(self) -> None:
        """Keep what was found of the blobs, then let it go, and the store's parts with it:
        a site, its changes described and its trend counted, needs no blob again. The
        changes stay; a blob asked for later is read from the store's files again, or
        reads as unreadable when it was never kept."""
        self.found.clear()
        self.blobs.clear()
        self.unread.clear()
        if self.store is not None:
            self.store.release()


def _key(kind: str, blob: str) -> str:
    """Where what a blob was found to be is kept. A blob id names its content already, and
    the store drops what other code wrote (store/results.py), so no digest is made: at
    100,000 items one per lookup cost half a second."""
    return f"{blob}:{kind}"


# what is kept in the store by blob id (an item is not: see Log), and an item's dated briefs
# by the blob ids of its versions (timeline.Timeline._briefs)
_KEPT = ("data", "brief", "life")


def read_log(root: Path, paths: Sequence[str], *, follow: bool = False) -> Log:
    """At most two git processes however long the history: `git log`, then, when the
    first blob the result store does not know is asked for, `git cat-file --batch` for
    all of those."""
    return _with_blobs(root, log_changes(root, paths, follow=follow), is_shallow(root))


def _with_blobs(root: Path, changes: list[FileChange], shallow: bool) -> Log:
    """The log of `changes`; the blobs they name that the store does not know are read
    when the first of them is asked for."""
    log = Log(changes, {}, shallow, keeping(root, "history-data"), root=root)
    log.unread.update(b for c in changes for b in c.blobs)
    return log


def read_history(root: Path) -> Log:
    """Every item change in the history of HEAD, from `git log` over `items/`; the pass is
    kept in the result store with the commit it was made at. When HEAD is that commit,
    git's log is not read again, and when HEAD has moved on from it without a merge, only
    the new commits are (a merge, a rewritten or a shallow history is read whole)."""
    shallow_word, head = git(root, "rev-parse", "--is-shallow-repository", "HEAD").split()
    shallow = shallow_word == "true"
    store = keeping(root, "history-pass")
    # the clone's place names the record, so that it is replaced, never added to
    place = hashlib.blake2b(os.fsencode(os.path.realpath(root)), digest_size=20).hexdigest()
    kept = None if shallow or store is None else store.get(place)
    changes: list[FileChange] | None = None
    if kept is not None:
        made_at, before = kept
        if made_at == head:
            changes = before
        elif _moved_on(root, made_at):
            changes = before + _item_changes(log_changes(root, [ITEMS_DIR],
                                                         revisions=f"{made_at}..HEAD"))
    if changes is None:
        changes = _item_changes(log_changes(root, [ITEMS_DIR]))
    if store is not None and not shallow and (kept is None or kept[0] != head):
        store.put(place, (head, changes))
        store.save()
    return _with_blobs(root, changes, shallow)


def _moved_on(root: Path, before: str) -> bool:
    """Whether HEAD descends from `before` by commits without a merge among them, so that
    their changes, oldest first, follow the history of `before` as a whole log lists it."""
    try:
        git(root, "merge-base", "--is-ancestor", before, "HEAD")
        merges = git(root, "rev-list", "--min-parents=2", "--count", f"{before}..HEAD")
    except HuishangError:  # not an ancestor (a rewritten history), or gone
        return False
    return merges.strip() == "0"


def _item_changes(changes: list[FileChange]) -> list[FileChange]:
    return [c for c in changes if is_item_path(c.path)]


def steps(log: Log, keep: Callable[[Commit], bool] | None = None) -> list[Step]:
    """What each change did to its file, in words, oldest first; with `keep`, only the
    changes of the commits it keeps are read and described."""
    found = []
    for change in log.changes:
        if keep is not None and not keep(change.commit):
            continue
        new = log.data(change.new_blob)
        events = describe(log.data(change.old_blob), new)
        for other in change.other_parents:  # a merge: only what it did beyond every parent
            beyond = {(e.kind, repr(e.before), repr(e.after))
                      for e in describe(log.data(other), new)}
            events = [e for e in events if (e.kind, repr(e.before), repr(e.after)) in beyond]
        if change.other_parents and not events:
            continue
        if change.status == "R" and change.old_path != change.new_path:
            events.insert(0, Event("renamed", change.old_path, change.new_path))
        found.append(Step(change.commit, change.path, tuple(events)))
    log.save()
    return found


def by_item(found: Iterable[Step]) -> dict[str, list[Step]]:
    grouped: dict[str, list[Step]] = {}
    for step in found:
        grouped.setdefault(item_id_from_path(step.path), []).append(step)
    return grouped


def commit_day(commit: Commit, zone: ZoneInfo) -> dt.date:
    """The day a commit's change was made: its author date, as a day in the ledger's time
    zone. A period (`log`) and a month (the bulletin) count a change on this day."""
    return _day(commit.date, zone)


@functools.lru_cache(maxsize=65536)  # a commit's changes, and each report, ask again
def _day(stamp: str, zone: ZoneInfo) -> dt.date:
    return dt.datetime.fromisoformat(stamp).astimezone(zone).date()


def period(root: Path, since: dt.date, until: dt.date, zone: ZoneInfo) -> tuple[
    dict[str, list[Step]], bool
]:
    """Every item change made from `since` to `until` (days in `zone`), grouped by item id.
    The changes come from the pass over git kept with its commit (`read_history`), as a
    month's bulletin takes them, and only those of the period are described."""
    log = read_history(root)
    kept = steps(log, lambda commit: since <= commit_day(commit, zone) <= until)
    return by_item(kept), log.shallow


def named(source: str, found: Iterable[Step]) -> list[Step]:
    """Steps read from a rolled-up ledger's history, their paths named `<source>:…`."""
    return [replace(s, path=in_source(source, s.path)) for s in found] if source \
        else list(found)


def trail_of(ledger: Ledger, path: str) -> Trail:
    """The life of the item at `path`, following renames, oldest first: in this ledger's
    history, or for `xj:items/…` in the history the rolled-up ledger xj brought with its
    sync."""
    source, local = split_source(path)
    log = read_log(ledger.sources[source].root if source else ledger.root, [local],
                   follow=True)
    return Trail(in_source(source, item_id_from_path(local)), named(source, steps(log)),
                 log.shallow)


def period_of(ledger: Ledger, since: dt.date, until: dt.date) -> tuple[
    dict[str, list[Step]], bool
]:
    """`period` over this ledger's history and each rolled-up ledger's, in the ledger's
    time zone."""
    zone = ZoneInfo(ledger.settings.timezone)
    grouped, shallow = period(ledger.root, since, until, zone)
    for source, part in ledger.sources.items():
        found, cut = period(part.root, since, until, zone)
        grouped.update(by_item(named(source, (s for v in found.values() for s in v))))
        shallow = shallow or cut
    return grouped, shallow
