"""Options shared by the commands, defined once, and the session every command opens."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from huishang.cli.app import Language, say
from huishang.cli.context import CheckFormat, Lang, ledger_root, the_day
from huishang.errors import HuishangError
from huishang.ledger import vocab
from huishang.output.formats import SHEET_FORMATS

if TYPE_CHECKING:
    from huishang.git.worktree import Scope
    from huishang.ledger.problems import Problem
    from huishang.ledger.records import Ledger
    from huishang.store.door import Got, Need
    from huishang.views.facts import LedgerFacts


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


TextFormatOpt = Annotated[CheckFormat, typer.Option("--format", help="输出格式 Output format.")]
ItemIdArg = Annotated[str, typer.Argument(
    metavar="ID", help="事项编号，或其唯一的末段 The item id, or a unique ending of it such as "
    "fa-jian-01.")]

ReportFormatOpt = Annotated[ReportFormat | None, typer.Option(
    "--format", help="输出格式 Output format; github prints workflow annotations and then the "
    "text report (the default when GITHUB_ACTIONS=true).", show_default=False)]


def report_problems(problems: list[Problem], fmt: ReportFormat | None, lang: str, ok: str,
                    **counts: Any) -> int:
    """Print problems as text, JSON or GitHub annotations; the exit code (1 on errors)."""
    from huishang.output.problem_formats import PROBLEM_FORMATS

    if fmt is None:
        fmt = ReportFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" \
            else ReportFormat.text
    sys.stdout.write(PROBLEM_FORMATS[fmt.value](problems, lang, ok, counts))
    return 1 if any(p.severity == "error" for p in problems) else 0


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from huishang.ledger.dates import loose_date

    return loose_date(value) or _bad_date(value)


def _bad_date(value: str) -> dt.date:
    raise typer.BadParameter(say("option.bad_date", value=value))


RepoOpt = Annotated[
    Path | None,
    typer.Option("--repo", envvar="HUISHANG_REPO", help="台账仓库目录，可写在命令名之前 The "
                 "ledger repository, also accepted before the command name (default: "
                 "$HUISHANG_REPO, else found by walking up from the current folder, like git).",
                 show_default=False),
]
TodayOpt = Annotated[
    dt.date | None,
    typer.Option("--today", metavar="YYYY-MM-DD", parser=parse_date,
                 help="以此日期为今天 Take this date as today (default: today in the repo's "
                 "time zone).", show_default=False),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option("--lang", help="标签语言 Language of labels and messages (default: `lang` in "
                 "huishang.yaml, else zh).", show_default=False),
]


NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="不使用缓存，重新读取所有文件 Read every file again, ignoring the cache "
    "in .huishang-cache/.")]


@dataclass(frozen=True)
class Session:
    """What a command works on, got through the store (store/door.py): the ledger (or the
    part of it asked for) or its view's facts, today's date and the language."""

    got: Got
    today: dt.date
    lang: str

    @property
    def ledger(self) -> Ledger:
        if self.got.ledger is None:
            raise AssertionError("a session opened for facts has no ledger")
        return self.got.ledger

    @functools.cached_property
    def facts(self) -> LedgerFacts:
        """The view's facts: as got, or made from the ledger."""
        if self.got.facts is not None:
            return self.got.facts
        from huishang.views.facts import ledger_facts

        return ledger_facts(self.ledger)


def use_cache(no_cache: bool) -> bool:
    return not no_cache and not os.environ.get("HUISHANG_NO_CACHE")


def open_session(repo: Path | None, today: dt.date | None, lang: Lang | None,
                 need: Need = "ledger", *, no_cache: bool = False, span: bool = False,
                 only: list[str] | None = None, notes: bool = True, item: str = "",
                 holding: str = "", lean: Scope | None = None) -> Session:
    """The one way a command opens the ledger: what it `need`s, from the store (see
    store.door.get), with the ledgers it rolls up when `span` (those named in `only`, else
    all; with `holding`, the source that holds that item or meeting, `xj:…`). An item not
    found by name, or settings that roll others up, are opened whole (an item spanning
    only with `span`: a write refuses another ledger's)."""
    from huishang.ledger.layout import split_source
    from huishang.output.terminal import progress_bar
    from huishang.store.door import get

    root = ledger_root(repo)
    if holding:
        source = split_source(holding)[0]
        span, only = bool(source), [source] if source else None
    if need == "facts":
        with progress_bar(say("progress.loading")) as progress:
            got = get(root, "facts", use_cache=use_cache(no_cache), progress=progress)
        return _facts_session(root, got, today, lang, only)
    if need == "item":
        got = get(root, "item", item=item)
        if got.ledger is None:
            return open_session(repo, today, lang, holding=item if span else "")
    elif need == "settings":
        got = get(root, "settings")
        if got.ledger is not None and (got.ledger.settings.rollup or only):
            return open_session(repo, today, lang, span=True, only=only)
    else:
        with progress_bar(say("progress.loading")) as progress:
            got = get(root, "ledger", use_cache=use_cache(no_cache), progress=progress,
                      scope=lean)
    assert got.ledger is not None
    ledger = got.ledger
    chosen = lang.value if lang else ledger.settings.lang
    Language.use(chosen)
    day = the_day(today, ledger.settings.timezone)
    if need == "ledger" and span and (ledger.settings.rollup or only):
        from huishang.rollup.span import span_ledger

        names = [source.name for source in ledger.settings.rollup]
        got = replace(got, ledger=span_ledger(ledger, _sources(
            root, names, only, day, ledger.settings.rollup_stale_days, chosen, notes)))
    return Session(got, day, chosen)


def _facts_session(root: Path, got: Got, today: dt.date | None, lang: Lang | None,
                   only: list[str] | None) -> Session:
    facts = got.facts
    assert facts is not None
    chosen = lang.value if lang else facts.lang
    Language.use(chosen)
    day = the_day(today, facts.timezone)
    if facts.rollup or only:
        from huishang.rollup.span import span_facts

        facts = span_facts(facts, _sources(root, list(facts.rollup), only, day,
                                           facts.stale_days, chosen))
    return Session(replace(got, facts=facts), day, chosen)


def refuse_sourced(session: Session, name: str | None) -> None:
    """Writes stay local: an item or meeting of a rolled-up ledger (`xj:…`) is changed in
    that ledger's own repository, which the error names."""
    from huishang.ledger.layout import split_source

    source = split_source(name or "")[0]
    if not source:
        return
    urls = {s.name: s.url for s in session.ledger.settings.rollup}
    if source not in urls:
        raise HuishangError("source.unknown", exit_code=2, name=source,
                            names=tuple(urls))
    raise HuishangError("source.read_only", exit_code=2, id=name, source=source,
                        url=urls[source])


def only_sources(session: Session, names: list[str]) -> Session:
    """The session with only the items and meetings of the rolled-up ledgers named."""
    from huishang.ledger.layout import split_source

    ledger = session.ledger
    items = [e for e in ledger.items if split_source(e.path)[0] in names]
    meetings = {k: m for k, m in ledger.meetings.items() if split_source(m.path)[0] in names}
    return replace(session, got=replace(session.got, ledger=replace(ledger, items=items,
                                                                   meetings=meetings)))


def _sources(root: Path, names: list[str], only: list[str] | None, today: dt.date,
             stale_days: int, lang: str, notes: bool = True) -> Any:
    """The rolled-up sources a view reads; a note under the view for each one left out
    (never synced) or synced long ago."""
    from huishang.rollup.span import chosen, in_view

    found, said = in_view(root, chosen(names, only), today, stale_days, lang)
    for note in said if notes else ():
        sys.stderr.write(note + "\n")
    return found


def _choices(name: str, values: tuple[str, ...]) -> type[StrEnum]:
    return StrEnum(name, [(v, v) for v in values])  # type: ignore[return-value]


# A view's `--format`: the formats a sheet is printed in (output/formats.py), in their order.
ViewFormat: Any = _choices("ViewFormat", tuple(SHEET_FORMATS))

# Choices offered on the command line, made from the ledger's own vocabularies.
StatusChoice: Any = _choices("StatusChoice", vocab.STATUSES)
ColourChoice: Any = _choices("ColourChoice", vocab.COLOURS)


class _Words:
    """Parses a choice given as its key or as people write it (推进中, 已完成, 红) into the
    key's enum member; a word that is neither is refused, listing both forms."""

    def __init__(self, choice: Any, words: dict[str, str], label: str) -> None:
        self.choice, self.words, self.label = choice, words, label
        self.keys: tuple[str, ...] = tuple(m.value for m in choice)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, self.choice):
            return value
        key = vocab.key_of(str(value), self.keys, self.words)
        if key is None:
            shown = say("sep.list").join(f"{say(f'{self.label}.{k}')} ({k})" for k in self.keys)
            from huishang.output.escape import terminal

            raise typer.BadParameter(say("option.bad_choice", value=terminal(str(value)),
                                         choices=shown))
        return self.choice(key)

    def complete(self, incomplete: str) -> list[str]:
        return [k for k in self.keys if k.startswith(incomplete)]


parse_status = _Words(StatusChoice, vocab.STATUS_WORDS, "status")
parse_colour = _Words(ColourChoice, vocab.COLOUR_WORDS, "colour")
LevelChoice: Any = _choices("LevelChoice", vocab.LEVELS)
SortChoice: Any = _choices("SortChoice", vocab.SORTS)
ByChoice: Any = _choices("ByChoice", vocab.GROUPINGS)

FormatOpt = Annotated[ViewFormat, typer.Option(
    "--format", help="输出格式 Output format: a table for people, json for scripts, csv for "
    "spreadsheets (UTF-8 with BOM), markdown for documents.")]
PagerOpt = Annotated[bool, typer.Option(
    "--pager/--no-pager", help="终端中长表格分页 Page tables taller than the terminal.")]
LeadOpt = Annotated[str | None, typer.Option(
    "--lead", help="牵头单位（全称或简称）Lead unit, full or short name.", show_default=False)]
PartnerOpt = Annotated[str | None, typer.Option(
    "--partner", help="配合单位 Partner unit.", show_default=False)]
UnitOpt = Annotated[str | None, typer.Option(
    "--unit", help="牵头或配合单位 Lead or partner unit.", show_default=False)]
OwnerOpt = Annotated[str | None, typer.Option(
    "--owner", help="责任人或责任部门 Owner person or division.", show_default=False)]
MeetingOpt = Annotated[str | None, typer.Option(
    "--meeting", help="会议编号 Meeting id.", show_default=False)]
AspectOpt = Annotated[str | None, typer.Option(
    "--aspect", help="方面编号 Aspect key, e.g. A1.", show_default=False)]
StatusOpt = Annotated[list[StatusChoice] | None, typer.Option(
    "--status", metavar="STATUS", parser=parse_status, autocompletion=parse_status.complete,
    help="状态（可重复；可写中文，如 推进中）Status; repeat for several; Chinese labels "
    "such as 推进中 work too.", show_default=False)]
WarningOpt = Annotated[list[ColourChoice] | None, typer.Option(
    "--warning", metavar="COLOUR", parser=parse_colour, autocompletion=parse_colour.complete,
    help="预警颜色（可重复；可写 红、橙、黄）Warning colour; repeat for several; 红, 橙, 黄 "
    "work too.", show_default=False)]
DueWithinOpt = Annotated[str | None, typer.Option(
    "--due-within", metavar="DAYS", help="今后 N 天内到期（含已逾期）Open items due within "
    "N days, overdue ones included: 14d, 2w.", show_default=False)]
SourceOpt = Annotated[list[str] | None, typer.Option(
    "--source", metavar="NAME", help="汇总来源（可重复），见 huishang.yaml 的 rollup Only the "
    "items of this rolled-up ledger; repeat for several (names under `rollup:` in "
    "huishang.yaml).", show_default=False)]
LevelOpt = Annotated[list[LevelChoice] | None, typer.Option(
    "--level", metavar="LEVEL", help="会议层级（可重复）Level of the meeting; repeat for several.",
    show_default=False)]


OverdueOpt = Annotated[bool, typer.Option(
    "--overdue", help="只列逾期事项 Only overdue items: not done or cancelled, due before "
    "today.")]

StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="台账有错误时不生成 Refuse to write anything when files of the ledger "
    "have errors (they would be left out).")]


def note_problems(session: Session, strict: bool = False) -> None:
    """Say that files with errors are left out of what follows (an error with --strict)."""
    from huishang.messages import msg

    if session.facts.errors:
        if strict:
            raise HuishangError("report.strict", n=session.facts.errors)
        sys.stderr.write(msg("ledger_has_problems", session.lang, n=session.facts.errors)
                         + "\n")


def left_out(session: Session, strict: bool) -> None:
    """Name the files a report leaves out because they have errors (an error with
    --strict): a report never drops an item silently."""
    from huishang.messages import msg
    from huishang.output.escape import terminal

    files = sorted({p.path for p in session.ledger.errors})
    if not files:
        return
    if strict:
        raise HuishangError("report.strict", n=len(files))
    names = msg("sep.list", session.lang).join(terminal(f) for f in files)
    sys.stderr.write(msg("report.left_out", session.lang, n=len(files), files=names) + "\n")


DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help="只显示将要做的修改（diff），不写文件 Print the diff; write nothing.")]
CommitOpt = Annotated[bool, typer.Option(
    "--commit", help="写入后提交到 git Commit the change to git, with a message saying what "
    "changed.")]


@contextmanager
def ledger_lock(repo: Path | None) -> Iterator[None]:
    """Hold the ledger's write lock from loading it to writing the file."""
    from huishang.edit.lock import one_writer

    with one_writer(ledger_root(repo)):
        yield
