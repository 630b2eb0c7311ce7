"""The rules of the process, checked on a change (a pull request) against its base.

The change is what the branch did since it left the base: it is compared with the merge
base, not the base's tip, so a branch that is only behind passes. Items are never
deleted or renamed (cancel them instead) and ids never change; past progress updates
are append-only; a change of a deadline, title, aspect, lead, partners or owner is
recorded in a new update (`changes:`, with its reason); a done item's evidence is only
added to and its completion date stays; reopening needs a reason; new updates may not be
dated after today or before the item's meeting.

Who may change what is judged by the rules as they stood at the merge base (ownership
setting and maintainers): a change to those rules cannot judge itself. Every commit of
the change is examined, merges included (what a merge changed beyond its parents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from huishang.errors import HuishangError
from huishang.git.history import (
    FileChange,
    is_item_path,
    load_blob,
    log_changes,
    raw_changes,
    read_blobs,
)
from huishang.git.repo import git
from huishang.git.updates import UpdateChanges, compare_updates
from huishang.git.worktree import Scope, WorkTree, work_tree
from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SETTINGS_FILE, UNITS_FILE
from huishang.ledger.models import Correction, Item, Meeting, Settings, UnitsFile, Update
from huishang.ledger.problems import Problem, Severity, problem
from huishang.ledger.records import Ledger, Loaded, M
from huishang.ledger.rules import at
from huishang.ledger.units import UnitIndex
from huishang.ledger.vocab import CHANGE_FIELDS
from huishang.ledger.yamlfile import Loc, SourceMap
from huishang.messages import msg

RULE_FILES = (SETTINGS_FILE, UNITS_FILE)
# The option of `huishang update` that records a change of each agreed field but the
# deadline, whose message names its own (check.due_no_reason).
_OPTIONS = {"title": "--title", "aspect": "--aspect", "lead": "--lead",
            "partners": "--partner", "owner": "--owner-division/--owner-person"}


@dataclass(frozen=True)
class BaseRules:
    """The settings and unit registry that judge a change: those of the merge base."""

    settings: Settings
    units: UnitIndex | None

    def maintainers(self, unit: str | None) -> set[str]:
        found = self.units.get(unit) if self.units is not None and unit else None
        return {m.lower() for m in found.maintainers} if found is not None else set()

    def all_maintainers(self) -> set[str]:
        if self.units is None:
            return set()
        return {m.lower() for u in self.units.units.values() for m in u.maintainers}

    def name(self, unit: str) -> str:
        """A unit's full name, as the registry at the base knows it."""
        return (self.units.canonical(unit) if self.units is not None else None) or unit


@dataclass(frozen=True)
class _Diffed:
    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


@dataclass(frozen=True)
class BranchChange:
    """A change since its base: where it left the base, and the files it changed."""

    fork: str  # the merge base
    head: str
    diffs: list[_Diffed]
    tree: WorkTree | None  # git's view of the work tree

    @property
    def scope(self) -> Scope:
        """What the lean load of the ledger needs (store/lean.py): the records of the
        changed paths (either side), and the tree's state kept when the change is empty
        at the base's own tip (the base branch's run, which pull requests start from)."""
        paths = {p for d in self.diffs for p in (d.old_path, d.new_path) if p}
        return Scope(paths, self.tree, keep=self.fork == self.head)


def change_since(root: Path, base: str) -> BranchChange:
    """The change from `base` to the work tree, compared from where it left `base`."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except HuishangError:
        raise HuishangError("git.no_base", exit_code=2, base=base) from None
    try:
        fork = git(root, "merge-base", base, "HEAD").strip()
    except HuishangError:
        raise HuishangError("check.no_merge_base", exit_code=2, base=base) from None
    tree = work_tree(root)
    head = git(root, "rev-parse", "HEAD").strip()
    return BranchChange(fork, head, _diff(root, fork, tree), tree)


def check_change(ledger: Ledger, change: BranchChange, today: dt.date) -> list[Problem]:
    """Every problem of the ledger as it is, plus every rule the change breaks: the rules
    of each changed file (`FILE_RULES`), of each added or edited item (`ITEM_RULES`), and
    who made each commit (`ownership`)."""
    diffs = change.diffs
    blobs = read_blobs(ledger.root, [d.old_blob for d in diffs if d.old_blob])
    by_path = {e.path: e for e in ledger.items}
    problems = list(ledger.problems)
    for d in diffs:
        problems += [problem(d.path, pos, "", rule.code, rule.severity, **params)
                     for rule in FILE_RULES for pos, params in rule.check(d)]
        edit = _item_edit(d, blobs, by_path, ledger, today)
        if edit is not None:
            problems += [at(edit.entry, loc, rule.code, **params) for rule in ITEM_RULES
                         if edit.has_base or not rule.compares
                         for loc, params in rule.check(edit)]
    problems += ownership(ledger, change.fork, rules_at(ledger, change.fork), diffs, blobs,
                          by_path)
    return problems


def rules_at(ledger: Ledger, revision: str) -> BaseRules:
    """The settings and units of `revision`; defaults where a file is absent or invalid."""
    from huishang.ledger.rules import build_units

    specs = {name: f"{revision}:{name}" for name in RULE_FILES}
    raw = read_blobs(ledger.root, specs.values())

    def load(name: str, model: type[M]) -> M | None:
        data = load_blob(raw.get(specs[name]))
        try:
            return model.model_validate(data) if data is not None else None
        except ValidationError:
            return None

    settings = load(SETTINGS_FILE, Settings) or Settings()
    units_file = load(UNITS_FILE, UnitsFile)
    units = None
    if units_file is not None and units_file.units:
        units = build_units(Loaded(units_file, UNITS_FILE, SourceMap({}, {}, {})))[0]
    return BaseRules(settings, units)


def _diff(root: Path, fork: str, tree: WorkTree | None) -> list[_Diffed]:
    """Files changed from `fork` to the working tree; new content is read from the files.
    When the ledger's tracked files are HEAD's, the two commits' trees are compared, which
    git does without looking at every file."""
    upto = ["HEAD"] if tree is not None and not tree.dirty else []
    out = git(root, "-c", "core.quotepath=off", "diff", "--raw", "--no-abbrev", "-M",
              fork, *upto, "--", ITEMS_DIR, *RULE_FILES)
    return [_Diffed(status, old, new, old_blob)
            for status, old, new, old_blob, _, _ in raw_changes(out)]


# ---- the rules of a change, one small function each (yamllint's way) --------------------
#
# A file rule reads one line of the diff and yields where it is broken, as (line and
# column or None, the message's values); an item rule reads one added or edited item and
# yields (the field, the message's values). The rule's message code and severity are the
# registry's, so a rule cannot report under another's name.

Found = tuple[tuple[int, int] | None, dict[str, Any]]
FoundAt = tuple[Loc, dict[str, Any]]


@dataclass(frozen=True)
class FileRule:
    """A rule of one file the change added, edited, renamed or deleted."""

    name: str
    code: str  # the message code of its problem
    check: Callable[[_Diffed], Iterable[Found]]
    severity: Severity = "error"


@dataclass(frozen=True)
class ItemEdit:
    """One item file the change added or edited, as the item rules read it."""

    entry: Loaded[Item]
    old: dict[str, Any]  # the file at the merge base; empty when there is none to read
    has_base: bool  # whether the merge base had a version of it to compare with
    updates: UpdateChanges[Update | None]  # its updates, the base's against now
    renamed: bool
    meeting: Meeting | None
    today: dt.date

    @property
    def item(self) -> Item:
        return self.entry.record


@dataclass(frozen=True)
class ItemRule:
    """A rule of one added or edited item; one that `compares` needs its base version."""

    name: str
    code: str
    check: Callable[[ItemEdit], Iterable[FoundAt]]
    compares: bool = True


def _item_edit(d: _Diffed, blobs: dict[str, bytes], by_path: dict[str, Loaded[Item]],
               ledger: Ledger, today: dt.date) -> ItemEdit | None:
    """An item file the change added, edited or renamed, with its version at the base;
    None for any other file, and for one that does not validate (validate says why)."""
    if d.status == "D" or not (is_item_path(d.path) or is_item_path(d.old_path or "")):
        return None
    entry = by_path.get(d.path)
    if entry is None:
        return None
    old = load_blob(blobs.get(d.old_blob or "")) if d.old_blob else None
    new_updates, _ = entry.record.as_written()  # the file's lines, whatever is corrected
    return ItemEdit(entry, old or {}, old is not None,
                    compare_updates(_updates(old), new_updates), d.status == "R",
                    ledger.meeting_of(entry), today)


def _is_meeting_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == ITEMS_DIR and parts[2] == MEETING_FILE


# -- file rules

def _settings_changed(d: _Diffed) -> Iterator[Found]:
    """The settings or the registry changed: judged by the base's, said as a warning."""
    if d.path in RULE_FILES:
        yield None, {"file": d.path}


def _item_deleted(d: _Diffed) -> Iterator[Found]:
    """Items are never deleted: they are cancelled."""
    if d.status == "D" and d.path not in RULE_FILES and not _is_meeting_path(d.path):
        yield None, {}


def _meeting_deleted(d: _Diffed) -> Iterator[Found]:
    """A meeting is the record of what was agreed: never deleted."""
    if d.status == "D" and _is_meeting_path(d.path):
        yield None, {}


def _item_renamed(d: _Diffed) -> Iterator[Found]:
    """An item file's name is its id, and ids never change."""
    if d.status == "R" and (is_item_path(d.path) or is_item_path(d.old_path or "")):
        yield (1, 1), {"old": d.old_path}


FILE_RULES = [
    FileRule("settings-changed", "check.rules_from_base", _settings_changed, "warning"),
    FileRule("item-deleted", "check.deleted", _item_deleted),
    FileRule("meeting-deleted", "check.meeting_deleted", _meeting_deleted),
    FileRule("item-renamed", "check.renamed", _item_renamed),
]


# -- item rules

def _id_kept(e: ItemEdit) -> Iterator[FoundAt]:
    if e.old.get("id") != e.item.id and not e.renamed:  # a rename is reported as such
        yield ("id",), {"old": e.old.get("id"), "new": e.item.id}


def _updates_not_edited(e: ItemEdit) -> Iterator[FoundAt]:
    for i in e.updates.edited:
        yield ("updates", i), {}


def _updates_not_removed(e: ItemEdit) -> Iterator[FoundAt]:
    if e.updates.removed:
        yield ("updates",), {"count": len(e.updates.removed)}


def _old_corrections(e: ItemEdit) -> list[Any]:
    written = e.old.get("corrections")
    return written if isinstance(written, list) else []


def _corrections_not_edited(e: ItemEdit) -> Iterator[FoundAt]:
    before = _old_corrections(e)
    fixes = e.item.corrections
    if len(fixes) < len(before) or any(_correction(raw) not in (None, fix)
                                       for raw, fix in zip(before, fixes, strict=False)):
        yield ("corrections",), {}


def _new_corrections_not_future(e: ItemEdit) -> Iterator[FoundAt]:
    first = len(_old_corrections(e))
    for i, fix in enumerate(e.item.corrections[first:], first):
        if fix.date > e.today:
            yield ("corrections", i, "date"), {"date": fix.date, "today": e.today}


def _unrecorded(e: ItemEdit) -> Iterator[tuple[str, Any, Any]]:
    """Each agreed field that changed with no new update recording that very change."""
    records = [r for u in e.updates.added if u is not None for r in u.changes]
    for name in CHANGE_FIELDS:
        before, after = _norm(e.old.get(name)), _norm(getattr(e.item, name))
        if before != after and not any(r.field == name and _norm(r.before) == before
                                       and _norm(r.after) == after for r in records):
            yield name, before, after


def _due_moved_on_record(e: ItemEdit) -> Iterator[FoundAt]:
    for name, before, after in _unrecorded(e):
        if name == "due":
            yield ("due",), {"before": _shown(before), "after": _shown(after), "id": e.item.id}


def _fields_changed_on_record(e: ItemEdit) -> Iterator[FoundAt]:
    for name, before, after in _unrecorded(e):
        if name != "due":
            yield (name,), {"before": _shown(before), "after": _shown(after), "id": e.item.id,
                            "option": _OPTIONS[name]}


def _was_done(e: ItemEdit) -> bool:
    return e.old.get("status") == "done"


def _evidence_only_added(e: ItemEdit) -> Iterator[FoundAt]:
    if not (_was_done(e) and e.item.status == "done"):
        return
    proof = [str(p) for p in e.old.get("evidence") or [] if p is not None]
    if e.item.evidence[:len(proof)] != proof:
        yield ("evidence",), {"before": ", ".join(proof)}


def _done_on_kept(e: ItemEdit) -> Iterator[FoundAt]:
    if _was_done(e) and e.item.status == "done" \
            and _norm(e.old.get("done_on")) != _norm(e.item.as_written()[1]):
        yield ("done_on",), {"before": e.old.get("done_on")}


def _reopened_with_reason(e: ItemEdit) -> Iterator[FoundAt]:
    if _was_done(e) and e.item.status != "done" and not e.updates.added:
        yield ("status",), {}


def _new_updates(e: ItemEdit) -> Iterator[tuple[int, Update]]:
    for i, update in enumerate(e.updates.added, e.updates.first_added):
        if update is not None:
            yield i, update


def _new_updates_not_future(e: ItemEdit) -> Iterator[FoundAt]:
    for i, update in _new_updates(e):
        if update.date > e.today:
            yield ("updates", i, "date"), {"date": update.date, "today": e.today}


def _new_updates_not_before_meeting(e: ItemEdit) -> Iterator[FoundAt]:
    for i, update in _new_updates(e):
        if e.meeting is not None and update.date < e.meeting.date:
            yield ("updates", i, "date"), {"date": update.date, "meeting": e.meeting.date}


ITEM_RULES = [
    ItemRule("id-kept", "check.id_changed", _id_kept),
    ItemRule("updates-not-edited", "check.update_edited", _updates_not_edited),
    ItemRule("corrections-not-edited", "check.correction_edited", _corrections_not_edited),
    ItemRule("new-corrections-not-future", "check.update_future", _new_corrections_not_future),
    ItemRule("updates-not-removed", "check.update_removed", _updates_not_removed),
    ItemRule("due-moved-on-record", "check.due_no_reason", _due_moved_on_record),
    ItemRule("fields-changed-on-record", "check.change_unrecorded",
             _fields_changed_on_record),
    ItemRule("evidence-only-added", "check.evidence_changed", _evidence_only_added),
    ItemRule("done-on-kept", "check.done_on_changed", _done_on_kept),
    ItemRule("reopened-with-reason", "check.reopen_no_reason", _reopened_with_reason),
    ItemRule("new-updates-not-future", "check.update_future", _new_updates_not_future,
             compares=False),
    ItemRule("new-updates-not-before-meeting", "check.update_before_meeting",
             _new_updates_not_before_meeting, compares=False),
]


def _norm(value: Any) -> Any:
    """A field's value in one comparable form, whether read from an old blob (plain YAML
    data, dates as text) or from a model."""
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    if value is None or value == [] or value == {}:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), str(v)) for k, v in value.items() if v is not None))
    return str(value)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return ", ".join(v if isinstance(v, str) else str(v[1]) for v in value)
    return str(value)


def _correction(raw: Any) -> Correction | None:
    """A correction of an old version; None when it did not validate then."""
    try:
        return Correction.model_validate(raw)
    except ValidationError:
        return None


def _updates(data: dict[str, Any] | None) -> list[Update | None]:
    """The updates of an old version; an entry that did not validate then is None."""
    if not data or not isinstance(data.get("updates"), list):
        return []
    out: list[Update | None] = []
    for raw in data["updates"]:
        try:
            out.append(Update.model_validate(raw))
        except ValidationError:
            out.append(None)
    return out


def ownership(ledger: Ledger, fork: str, rules: BaseRules, diffs: list[_Diffed],
              blobs: dict[str, bytes], by_path: dict[str, Loaded[Item]]) -> list[Problem]:
    """Who made each commit of the change, judged by the maintainers at the merge base.

    An item's commits are by maintainers of one of its lead units (the leads before or
    after that commit: of a joint item, any of them); a partner unit's maintainers may
    append updates only (配合单位反馈). A lead that moved, or was added or removed, needs
    commits by maintainers of every unit that leads before or after. The settings and the registry
    are changed only by maintainers named at the base.
    """
    mode = rules.settings.ownership
    if mode == "off" or rules.units is None:
        return []
    severity: Severity = "error" if mode == "error" else "warning"
    changes = log_changes(ledger.root, [ITEMS_DIR, *RULE_FILES], revisions=f"{fork}..HEAD")
    contents = read_blobs(ledger.root, [b for c in changes for b in c.blobs])

    def data(blob: str | None) -> dict[str, Any] | None:
        return load_blob(contents.get(blob or "")) if blob else None

    found: list[Problem] = []
    authors: dict[str, set[str]] = {}  # item path -> e-mails of its commits
    for change in changes:
        old, new = data(change.old_blob), data(change.new_blob)
        if change.path in RULE_FILES:
            found += _rule_file_commit(change, old, new, rules, severity)
        elif is_item_path(change.path):
            authors.setdefault(change.path, set()).add(change.commit.email.lower())
            found += _item_commit(change, old, new, rules, severity)
    found += _lead_consent(by_path, diffs, blobs, rules, authors, severity)
    return found


def _item_commit(change: FileChange, old: dict[str, Any] | None, new: dict[str, Any] | None,
                 rules: BaseRules, severity: Severity) -> list[Problem]:
    email = change.commit.email.lower()
    leads = [*_leads_of(old), *_leads_of(new)]
    guarded = [lead for lead in dict.fromkeys(leads) if rules.maintainers(lead)]
    if not guarded or any(email in rules.maintainers(lead) for lead in guarded):
        return []
    partners = [str(p) for p in ((old or {}).get("partners") or [])]
    mine = [p for p in partners if email in rules.maintainers(p)]
    if mine and old is not None and new is not None and _only_feedback(old, new):
        return []
    code, unit = ("check.partner_fields", mine[0]) if mine else ("check.not_maintainer",
                                                                 guarded[0])
    return [problem(change.path, (1, 1), "" if mine else "lead", code, severity,
                    sha=change.commit.sha[:9], email=change.commit.email,
                    unit=rules.name(unit))]


def _leads_of(data: dict[str, Any] | None) -> list[str]:
    """The lead units an old or new version of an item names: one (`lead: X`) or joint
    (`lead: [X, Y]`); none when it has no lead to read."""
    lead = (data or {}).get("lead")
    if isinstance(lead, list):
        return [str(unit) for unit in lead if unit]
    return [str(lead)] if lead else []


def _names(units: list[str]) -> str:
    """Units in a problem's words; their names are Chinese, so joined as Chinese lists them."""
    return msg("sep.list", "zh").join(units)


def _only_feedback(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A partner's feedback: updates appended, nothing else changed, no field recorded."""
    if {k: v for k, v in old.items() if k != "updates"} != \
            {k: v for k, v in new.items() if k != "updates"}:
        return False
    before, after = old.get("updates") or [], new.get("updates") or []
    if not isinstance(before, list) or not isinstance(after, list):
        return False
    return after[:len(before)] == before and not any(
        isinstance(u, dict) and u.get("changes") for u in after[len(before):])


def _lead_consent(by_path: dict[str, Loaded[Item]], diffs: list[_Diffed],
                  blobs: dict[str, bytes], rules: BaseRules, authors: dict[str, set[str]],
                  severity: Severity) -> list[Problem]:
    """Leads that changed in the change (moved, added or removed) need a commit by a
    maintainer of each unit that leads before or after."""
    found = []
    for d in diffs:
        entry = by_path.get(d.path)
        old = load_blob(blobs.get(d.old_blob or "")) if d.old_blob else None
        before = _leads_of(old)
        if entry is None or not before:
            continue
        after = list(entry.record.leads)
        if {rules.name(u) for u in before} == {rules.name(u) for u in after}:
            continue
        for unit in dict.fromkeys(rules.name(u) for u in (*before, *after)):
            keepers = rules.maintainers(unit)
            if keepers and not keepers & authors.get(d.path, set()):
                found.append(problem(entry.path, entry.source.at(("lead",)), "lead",
                                     "check.lead_consent", severity,
                                     before=_names(before), after=_names(after),
                                     unit=unit))
    return found


def _rule_file_commit(change: FileChange, old: dict[str, Any] | None,
                      new: dict[str, Any] | None, rules: BaseRules,
                      severity: Severity) -> list[Problem]:
    """The settings need a maintainer of some unit; a unit's entry, its own maintainers
    (a unit new to the registry, or one with none: any maintainer)."""
    email = change.commit.email.lower()
    sha, shown = change.commit.sha[:9], change.commit.email
    anyone = rules.all_maintainers()
    names = [None] if change.path == SETTINGS_FILE else _units_changed(old, new)
    found = []
    for name in names:
        keepers = rules.maintainers(name)
        if keepers and email not in keepers:
            found.append(problem(change.path, None, "", "check.rules_not_maintainer",
                                 severity, sha=sha, email=shown, what=change.path,
                                 unit=rules.name(str(name))))
        elif not keepers and anyone and email not in anyone:
            what = change.path if name is None else f"{change.path}: {name}"
            found.append(problem(change.path, None, "", "check.rules_not_any_maintainer",
                                 severity, sha=sha, email=shown, what=what))
    return found


def _units_changed(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """The names of the units whose entry a commit added, removed or changed."""
    def entries(data: dict[str, Any] | None) -> dict[str, Any]:
        units = (data or {}).get("units")
        if not isinstance(units, list):
            return {}
        return {str(u.get("name")): u for u in units if isinstance(u, dict)}

    before, after = entries(old), entries(new)
    return [name for name in dict.fromkeys([*before, *after])
            if before.get(name) != after.get(name)]
