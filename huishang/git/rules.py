"""The rules of the process, checked on a change (a pull request) against its base.

Each rule is one small named function in a registry (yamllint's way): `FILE_RULES`
(git/file_rules.py) read one line of the diff, `ITEM_RULES` (git/item_rules.py) one added
or edited item against its version at the merge base. Items are never deleted or renamed
(cancel them instead) and ids never change. Who may change what is git/ownership.py's.
"""

from __future__ import annotations

import datetime as dt

from huishang.git.change import BranchChange
from huishang.git.file_rules import FILE_RULES
from huishang.git.history import read_blobs
from huishang.git.item_rules import ITEM_RULES, item_edit
from huishang.git.ownership import ownership, rules_at
from huishang.ledger.problems import Problem, problem
from huishang.ledger.records import Ledger
from huishang.ledger.rules import at


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
        edit = item_edit(d, blobs, by_path, ledger, today)
        if edit is not None:
            problems += [at(edit.entry, loc, rule.code, **params) for rule in ITEM_RULES
                         if edit.has_base or not rule.compares
                         for loc, params in rule.check(edit)]
    problems += ownership(ledger, change.fork, rules_at(ledger, change.fork), diffs, blobs,
                          by_path)
    return problems
