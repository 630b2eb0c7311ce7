"""发文字号: the pattern of `documents.numbering` filled in, and the counters it takes its
numbers from, kept in numbers.yaml at the top of the ledger.

The counters are a file of the ledger (committed with it) rather than a cache, so that a
clone, a colleague's machine or CI carries on where the last document stopped. Taking a
number reads the file and writes it back under the ledger's write lock, atomically: two
clerks making notices at once never get the same number. An explicit `--number` takes
nothing from the counter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from huishang.errors import HuishangError

NUMBERS_FILE = "numbers.yaml"
KINDS = ("bulletin", "review", "notice")
MAX_NUMBER = 1_000_000  # a year's documents of one kind, far beyond any office's


def format_number(pattern: str, year: int, n: int) -> str:
    """豫检研函〔{year}〕{n}号 → 豫检研函〔2024〕12号."""
    return pattern.replace("{year}", str(year)).replace("{n}", str(n))


# A whole 文号 (GB/T 9704 §7.2.4): the issuer's code, the year in brackets, the number, 号;
# the brackets as offices type them too. Anything else is a slip, never printed as a 文号.
_WHOLE = re.compile(r"\S+[\u3014\[\uff3b(\uff08]\d{4}[\u3015\]\uff3d)\uff09]\d+\u53f7")


def explicit_number(value: str, pattern: str | None, year: int) -> str:
    """`--number`: a whole 文号 as given, or the number alone put into the kind's pattern."""
    value = value.strip()
    if value.isdecimal():
        if not 1 <= int(value) <= MAX_NUMBER:
            raise HuishangError("numbers.bad_number", exit_code=2, value=value)
    elif not _WHOLE.fullmatch(value):
        raise HuishangError("numbers.bad_number", exit_code=2, value=value)
    if not value.isdecimal():  # full-width digits too: int() reads them
        return value
    if pattern is None:
        raise HuishangError("numbers.no_pattern", exit_code=2, value=value)
    return format_number(pattern, year, int(value))


def counters(root: Path) -> dict[str, dict[int, int]]:
    """The counters of numbers.yaml ({kind: {year: last number}}); none without the file.
    A file that is not such a mapping is refused at its line and column."""
    from huishang.ledger.yamlfile import read_yaml

    path = root / NUMBERS_FILE
    if not path.is_file():
        return {}
    doc, problems = read_yaml(path, NUMBERS_FILE)
    if doc is None and [p.code for p in problems] == ["yaml.empty"]:
        return {}  # only its comments: no number taken yet (or the counts cleared by hand)
    if doc is None or problems:
        first = problems[0] if problems else None
        raise HuishangError("numbers.bad", where=first.location() if first else NUMBERS_FILE)
    found: dict[str, dict[int, int]] = {}
    for kind, years in doc.data.items():
        line, column = doc.source.key_at((kind,))
        if kind not in KINDS or not isinstance(years, dict):
            raise HuishangError("numbers.bad", where=f"{NUMBERS_FILE}:{line}:{column}")
        for year, last in years.items():
            line, column = doc.source.key_at((kind, year))
            if (not year.isdigit() or len(year) != 4 or isinstance(last, bool)
                    or not isinstance(last, int) or not 0 <= last <= MAX_NUMBER):
                raise HuishangError("numbers.bad", where=f"{NUMBERS_FILE}:{line}:{column}")
            found.setdefault(kind, {})[int(year)] = last
    return found


def next_number(root: Path, kind: str, year: int) -> int:
    """The number the next document of `kind` in `year` takes (nothing is written)."""
    return counters(root).get(kind, {}).get(year, 0) + 1


@contextmanager
def reserved(root: Path, kind: str, year: int) -> Iterator[int]:
    """The next number of `kind` in `year`, for the document written inside the block; it
    is recorded in numbers.yaml when the block ends without error, so a document that
    could not be written takes no number and leaves no gap. The write lock is held
    throughout: two clerks never get the same number."""
    from huishang.edit.atomic import write_atomic
    from huishang.edit.lock import one_writer

    with one_writer(root):
        found = counters(root)
        n = found.get(kind, {}).get(year, 0) + 1
        yield n
        found.setdefault(kind, {})[year] = n
        write_atomic(root / NUMBERS_FILE, _text(found).encode("utf-8"))


def _text(found: dict[str, dict[int, int]]) -> str:
    from huishang.edit.scaffold import NUMBERS_HEADER

    lines = [NUMBERS_HEADER]
    for kind in KINDS:
        if found.get(kind):
            lines.append(f"{kind}:\n")
            lines += [f"  {year}: {n}\n" for year, n in sorted(found[kind].items())]
    return "".join(lines)
