"""Who may change which item and rule file, judged by the maintainers at the merge base.

Who may change what is judged by the rules as they stood at the merge base (ownership
setting and maintainers): a change to those rules cannot judge itself. Every commit of
the change is examined, merges included (what a merge changed beyond its parents).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from huishang.git.change import RULE_FILES, ChangedFile
from huishang.git.history import FileChange, is_item_path, load_blob, log_changes, read_blobs
from huishang.ledger.layout import ITEMS_DIR, SETTINGS_FILE, UNITS_FILE
from huishang.ledger.models import Item, Settings, UnitsFile
from huishang.ledger.problems import Problem, Severity, problem
from huishang.ledger.records import Ledger, Loaded, M
from huishang.ledger.units import UnitIndex
from huishang.ledger.yamlfile import SourceMap
from huishang.messages import msg


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


def ownership(ledger: Ledger, fork: str, rules: BaseRules, diffs: list[ChangedFile],
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


def _lead_consent(by_path: dict[str, Loaded[Item]], diffs: list[ChangedFile],
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
