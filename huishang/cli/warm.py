"""`huishang show ID` answered from the store before typer is imported: the item, as a
`show` of the same files kept it, printed the way the `show` command prints it.

Only a plain command line is answered here (`show ID` with --format, --today, --lang and
--repo, each given once and well); anything else, an item the store does not hold, and
anything that goes wrong before a line is written, is left to the command line proper,
which says what is wrong, or loads the item and keeps it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from huishang.cli.context import CheckFormat, Lang, ledger_root, the_day

if TYPE_CHECKING:
    from huishang.views.detail import Detail

_CHOICES = {"--format": tuple(CheckFormat), "--lang": tuple(Lang), "--today": None,
            "--repo": None}
# what makes the command line proper run `show` in its own way
_ENVIRONMENT = ("GITHUB_ACTIONS", "HUISHANG_NO_CACHE", "_HUISHANG_COMPLETE")


class _Asked(NamedTuple):
    ref: str
    options: dict[str, str]
    today: dt.date | None


def serve(argv: list[str]) -> bool:
    """Run `argv` when it is a `show` the store answers; False when it is not, and nothing
    was written."""
    asked = _asked(argv)
    if asked is None or any(os.environ.get(name) for name in _ENVIRONMENT):
        return False
    from huishang.output.terminal import output_encoding
    from huishang.store.door import shown_item

    options = asked.options
    try:
        repo = options.get("--repo") or os.environ.get("HUISHANG_REPO")
        detail = shown_item(ledger_root(Path(repo) if repo else None), asked.ref)
        if detail is None:
            return False
        output_encoding()
        # made whole before a line is written: a failure leaves the command line to say it
        text = detail_text(detail, the_day(asked.today, detail.timezone),
                           options.get("--lang", detail.lang),
                           as_json=options.get("--format") == CheckFormat.json, out=sys.stdout)
    except Exception:  # nothing written yet: the command line proper runs and says what is wrong
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `huishang show ID | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True


def _asked(argv: list[str]) -> _Asked | None:
    """`show ID` and its options as given, each at most once and well formed; None for
    any other command line."""
    if argv[:1] != ["show"]:
        return None
    refs, options = [], {}
    words = iter(argv[1:])
    for word in words:
        name, eq, value = word.partition("=")
        if name not in _CHOICES:
            if word.startswith("-") or ":" in word:  # (a rolled-up ledger's item: xj:…)
                return None
            refs.append(word)
            continue
        if not eq:
            value = next(words, "")
        allowed = _CHOICES[name]
        if name in options or not value or (allowed is not None and value not in allowed):
            return None
        options[name] = value
    today = None
    if "--today" in options:  # YYYY-MM-DD only; any other way of writing it is typer's
        try:
            today = dt.date.fromisoformat(options["--today"])
        except ValueError:
            return None
        if today.isoformat() != options["--today"]:
            return None
    return _Asked(refs[0], options, today) if len(refs) == 1 else None


def detail_text(detail: Detail, today: dt.date, lang: str, *, as_json: bool,
                out: IO[str]) -> str:
    """The item in full, as of `today`, as `show` writes it to `out`: its record as JSON,
    or its fields and then its updates as a timeline (in colour and folded to a
    terminal's width when `out` is one)."""
    from huishang.messages import msg
    from huishang.views.detail import detail_fields, detail_json, timeline
    from huishang.views.query import make_row

    row = make_row(detail.facts, today, detail.thresholds)
    if as_json:
        from huishang.output.formats import json_text

        return json_text({"today": today.isoformat(), "item": detail_json(detail, row)})
    from huishang.output.terminal import colour_wanted, record_text, terminal_width

    return record_text(f"{detail.facts.id}  {detail.facts.title}",
                       detail_fields(detail, row, lang), msg("updates", lang),
                       timeline(detail, lang, numbered=True), colour=colour_wanted(out),
                       width=terminal_width(out))
