"""A static HTML dashboard: one folder that opens from disk or any static host, offline.

index.html has the overview (figures, charts from git history, progress per meeting
and per unit, the overdue list) and the whole ledger as a table that filters and
sorts in the browser; meetings/<id>.html and items/<id>.html have one page each,
an item's with its progress timeline and its git history. Every page links the one
page.css beside index.html (written once, not inlined in 100,000 pages); nothing else
is a separate file, and no script, style, font or image is fetched from anywhere.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from huishang.edit.atomic import flush_folder, fsync_folder
from huishang.errors import HuishangError
from huishang.git.history import Step, by_item
from huishang.git.timeline import Timeline, build
from huishang.ledger.dates import months
from huishang.ledger.layout import split_source
from huishang.ledger.models import Meeting
from huishang.ledger.records import Ledger
from huishang.ledger.vocab import CLOSED_STATUSES, COLOURS, STATUSES
from huishang.messages import msg
from huishang.output.charts import Chart, Series, bar_chart, line_chart
from huishang.output.escape import terminal
from huishang.output.html import environment, page_name, render, static_text
from huishang.output.table import Cell, Column, Sheet, text_of
from huishang.views.detail import detail_fields, detail_of, timeline
from huishang.views.item_columns import LAYOUTS
from huishang.views.progress import order, tally
from huishang.views.query import Row, ledger_rows
from huishang.views.sheets import event_text, list_sheet, progress_sheet

if TYPE_CHECKING:
    from jinja2 import Environment

    from huishang.rollup.synced import InUse

MARKER = ".huishang-site"
PAGE = 100  # rows of the index's ledger table on screen at once
MOST_OVERDUE = 100  # the index's overdue list: the longest overdue; the ledger filters all
STYLESHEET = "page.css"  # beside index.html; each page links it, relative to its folder
# The index's progress by meeting lists every meeting up to this many; past it (a national
# ledger has thousands, a table a browser takes seconds to lay out), the meetings with the
# most overdue items, and every meeting's progress is on a page of its own.
MOST_MEETINGS = 100
ALL_MEETINGS = "meetings.html"


@dataclass(frozen=True)
class SiteData:
    rows: list[Row]
    from_git: bool  # the trend and the steps come from git, not from the files alone
    trend: list[Chart]
    trend_note: str  # instead of the trend's charts while history is too short to draw
    history: dict[str, list[Step]]
    scores: Sheet | None = None  # 考评: the year to date per lead unit


def build_site(ledger: Ledger, today: dt.date, lang: str, out: Path) -> list[str]:
    """Write the dashboard under `out`; returns the files written, relative to `out`."""
    _prepare(out)
    # one pass over git gives both the trends (from briefs: no version's item is asked
    # for) and each item's steps
    timeline = build(ledger, latest_loaded=False)
    history = by_item(timeline.all_steps())
    trend, trend_note = _trend(timeline, today, lang)
    # every change described and the trend counted, no page reads a blob: its data go
    # before the pages are made (at 100,000 items, a fifth of the site's memory)
    timeline.release()
    data = SiteData(ledger_rows(ledger, today), timeline.from_git, trend, trend_note,
                    history, _scores(ledger, today, lang))
    env = environment(ledger.root, lang, ledger.settings.limits)
    env.globals["ledger_laid_out"] = _ledger_laid_out  # the ledger table's macro draws it
    env.globals["shared_css"] = STYLESHEET
    env.globals["issuer"] = ledger.settings.documents.issuer or ""  # in every page's header
    return _publish(out, _pages(env, ledger, data, today, lang))


def _pages(env: Environment, ledger: Ledger, data: SiteData, today: dt.date,
           lang: str) -> Iterator[tuple[str, str]]:
    """Each page's path and text, made one at a time: written as they come, a site of
    100,000 items never holds its pages in memory together."""
    by_meeting: dict[str, list[Row]] = {}
    by_source: dict[str, list[Row]] = {}
    for row in data.rows:  # grouped once: a page per meeting never scans every row
        by_meeting.setdefault(row.meeting_id, []).append(row)
        by_source.setdefault(split_source(row.item.id)[0], []).append(row)
    # past so many meetings the index lists some, and links a page that has them all
    every = ALL_MEETINGS if len(by_meeting) > MOST_MEETINGS else None
    yield STYLESHEET, static_text("page.css")
    yield "index.html", _index(env, data, today, lang, bool(ledger.sources), every)
    if every is not None:
        title = msg("site.progress_meeting", lang)
        yield every, render(env, "site/meetings.html", title=title, up="",
                                   progress=_progress(data.rows, "meeting", lang))
    for folder, meeting in ledger.meetings.items():
        yield f"meetings/{page_name(folder)}.html", _meeting_page(
            env, meeting.record, by_meeting.get(folder, []), lang)
    for row in data.rows:
        yield f"items/{page_name(row.item.id)}.html", _item_page(env, ledger, row, data, lang)
    if ledger.sources:
        from huishang.rollup.synced import read_state

        state = read_state(ledger.root)
        for name in ledger.sources:
            yield f"sources/{name}.html", _source_page(env, name, state.get(name),
                                                       by_source.get(name, []), lang)


def _scores(ledger: Ledger, today: dt.date, lang: str) -> Sheet | None:
    """The index's 考评 table: every lead unit's figures for the year to date."""
    from huishang.views.score import year_scores
    from huishang.views.score_table import score_sheet

    period, scores = year_scores(ledger, (e.record for e in ledger.items), today)
    return score_sheet(scores, period, lang) if scores else None


def _prepare(out: Path) -> None:
    """Write over a new or empty folder, or one huishang wrote before; never elsewhere."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise HuishangError("site.not_folder", exit_code=2, path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise HuishangError("site.foreign", exit_code=2, path=str(out))


STAGING = ".huishang-staging-"  # the folder a site is written into before it is swapped in


def _publish(out: Path, pages: Iterable[tuple[str, str]]) -> list[str]:
    """Write every page into a new folder beside `out`, then swap it in: an interrupted run
    leaves the previous site whole, and no link inside the old folder is ever written
    through. Leftovers of an interrupted run are removed first. Returns the pages'
    paths, relative to `out`."""
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out.name}{STAGING}"
    for stale in parent.glob(f"{prefix}*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    old = None
    written: list[str] = []
    try:
        made: set[Path] = set()
        for rel, text in pages:
            path = staging / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(text.encode("utf-8"))
            written.append(rel)
        (staging / MARKER).write_bytes(b"written by huishang site\n")
        flush_folder(staging)
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
            out.rename(old / "previous")
        staging.rename(out)
        fsync_folder(parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # removes links, never follows them
    return sorted(written)


TREND_MONTHS = 3  # fewer months of history draw two flat points, not a trend


def _trend(timeline: Timeline, today: dt.date, lang: str) -> tuple[list[Chart], str]:
    """The charts of items open, done and overdue month by month; with fewer than
    `TREND_MONTHS` months of history, no chart but a line saying when history starts."""
    firsts = [day for day in map(timeline.created, timeline.versions) if day is not None]
    if not firsts:
        return [], ""
    first = min(max(min(firsts), dt.date(1900, 1, 1)), today)
    days = [min(last, today) for _, last in months(first, today)]  # each month's end, or today
    if len(days) < TREND_MONTHS:
        start = days[0]
        return [], msg("site.history_starts", lang, year=start.year, month=start.month,
                       n=TREND_MONTHS)
    opened, done, overdue = [], [], []
    for day, counts in zip(days, timeline.tallies(days), strict=True):
        live = [(s, n) for s, n in counts.items() if s.status not in CLOSED_STATUSES]
        opened.append(sum(n for _, n in live))
        done.append(sum(n for s, n in counts.items() if s.status == "done"))
        overdue.append(sum(n for s, n in live if s.due is not None and s.due < day))
    labels = [d.strftime("%Y-%m") for d in days]
    return [line_chart(msg("site.chart_open_done", lang), labels, [
        Series("open", msg("site.open", lang), opened),
        Series("done", msg("status.done", lang), done)]),
        line_chart(msg("site.chart_overdue", lang), labels, [
            Series("overdue", msg("overdue_count", lang), overdue)])], ""


def _units_chart(data: SiteData, lang: str) -> Chart:
    counts: dict[str, dict[str, int]] = {}
    for row in data.rows:
        if row.facts.status == "cancelled":
            continue
        key = "done" if row.facts.status == "done" else ("overdue" if row.overdue_days
                                                         else "open")
        for lead in row.leads:  # a joint item counts for each of its leads
            counts.setdefault(lead, {"done": 0, "open": 0, "overdue": 0})[key] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    legend = {"done": msg("status.done", lang), "open": msg("site.open", lang),
              "overdue": msg("overdue_count", lang)}
    return bar_chart(msg("site.chart_units", lang), ordered, legend)


def _sort_key(row: Row) -> int:
    """The timing column's order: most overdue first, then soonest due, undated last."""
    if row.overdue_days:
        return -row.overdue_days
    return row.days_left if row.days_left is not None else 999999


LaidCell = tuple[str, str, str | int]  # a column's key, the cell's text, what the key adds


def _ledger_laid_out(sheet: Sheet, keys: Sequence[str], rows: Sequence[Row]) -> list[
        tuple[str, str, list[LaidCell]]]:
    """The ledger table's rows as its macro draws them, in one call (a call per cell in
    the sandbox cost most of a meeting's page): each row's status and warning colour,
    and each cell's column key, text and what that column adds (the id's page name, the
    timing's sort order, the warning's colour class)."""
    out: list[tuple[str, str, list[LaidCell]]] = []
    for cells, row in zip(sheet.rows, rows, strict=True):
        colour: str = row.alert.colour if row.alert else ""
        laid: list[LaidCell] = []
        for key, value in zip(keys, cells, strict=False):
            text = text_of(value)
            extra: str | int = (page_name(text) if key == "id" else _sort_key(row)
                                if key == "timing" else colour if key == "warning" else "")
            laid.append((key, text, extra))
        out.append((row.facts.status, colour, laid))
    return out


def _index(env: Environment, data: SiteData, today: dt.date, lang: str,
           sources: bool = False, every_meeting: str | None = None) -> str:
    """The overview; with `every_meeting` (the page that has them all), its progress by
    meeting lists the `MOST_MEETINGS` with the most overdue items and links that page."""
    found = data.rows
    live = [r for r in found if r.facts.status not in CLOSED_STATUSES]
    cards = [("site.open", len(live)),
             ("status.done", sum(r.facts.status == "done" for r in found)),
             ("overdue_count", sum(r.overdue_days > 0 for r in found))]
    cards += [(f"colour.{c}", sum(r.alert is not None and r.alert.colour == c for r in found))
              for c in COLOURS]
    progress = []  # (heading, table, the page with the rest or None)
    for by in ("source", "meeting", "lead") if sources else ("meeting", "lead"):
        rest = every_meeting if by == "meeting" else None
        most = MOST_MEETINGS if rest is not None else None
        progress.append((msg(f"site.progress_{by}", lang), _progress(found, by, lang, "", most),
                         rest))
    overdue = sorted((r for r in found if r.overdue_days > 0), key=lambda r: -r.overdue_days)
    charts = [*data.trend, _units_chart(data, lang)]
    first = found[:PAGE]
    return render(env, "site/index.html", title=msg("site.title", lang), up=None,
                  today=today.isoformat(), from_git=data.from_git, cards=cards,
                  trend_note=data.trend_note,
                  charts=charts, progress_sheets=progress, keys=LAYOUTS["list"],
                  overdue=list_sheet(overdue[:MOST_OVERDUE], lang, ""),
                  overdue_rows=overdue[:MOST_OVERDUE], overdue_total=len(overdue),
                  ledger=list_sheet(first, lang, ""), ledger_rows=first,
                  ledger_total=len(found), ledger_data=_ledger_data(found, lang),
                  page_size=PAGE, statuses=STATUSES, colours=COLOURS, scores=data.scores)


# The ledger data's columns whose few texts repeat down 100,000 rows (units, owners,
# statuses, warnings): each is written once in a word list and a row holds its number.
_WORDED = ("lead", "owner", "status", "warning")


def _ledger_data(rows: list[Row], lang: str) -> dict[str, object]:
    """The ledger table's rows as its script pages, filters and sorts them: each row's
    cell texts, then its status, warning colour, timing order, 1 if it is overdue, what
    else a search finds it by (partners and their owners), and its page's name where
    that is not its id. A text in a `_WORDED` column, and the
    status and colour, are numbers in `words`; `worded` says which places hold them."""
    sheet = list_sheet(rows, lang, "")
    keys = LAYOUTS["list"]
    n = len(keys)
    worded = [keys.index(key) for key in _WORDED] + [n, n + 1, n + 4]
    words: dict[str, int] = {}
    out: list[list[object]] = []
    for cells, row in zip(sheet.rows, rows, strict=True):
        line: list[object] = [*map(text_of, cells), row.facts.status,
                              row.alert.colour if row.alert else "", _sort_key(row),
                              int(row.overdue_days > 0), _also_searched(row, lang)]
        for at in worded:
            line[at] = words.setdefault(str(line[at]), len(words))
        page = page_name(row.facts.id)
        if page != row.facts.id:
            line.append(page)
        out.append(line)
    return {"words": list(words), "worded": worded, "rows": out}


def _also_searched(row: Row, lang: str) -> str:
    """What a search finds a row by beyond its cells: its partner units (配合单位) and who
    carries out each one's share, so a unit finds every item it has a part in."""
    item = row.item
    words = [*item.partners, *(o.text for o in item.partner_owners)]
    return msg("sep.list", lang).join(words)


def _progress(rows: list[Row], by: str, lang: str, up: str = "",
              most: int | None = None) -> Sheet:
    """A progress table; each meeting or source links to its page. Of more than `most`
    groups, the `most` with the most overdue items, and a caption saying how many there
    are (the totals stay those of every group)."""
    groups, total = tally(rows, by)
    groups = order(groups, by)
    caption = ""
    if most is not None and len(groups) > most:
        caption = msg(f"site.{by}_more", lang, n=len(groups), shown=most)
        groups = sorted(groups, key=lambda g: (-g.overdue, g.key))[:most]
    sheet = progress_sheet(groups, total, by, lang, "")
    sheet.caption = caption or sheet.caption  # progress_sheet's note on joint leads
    folder = {"meeting": "meetings", "source": "sources"}.get(by)
    if folder is not None:
        for cells, group in zip(sheet.rows, groups, strict=True):
            if group.key:  # this ledger's own items have no source page
                cells[0] = Cell(text_of(cells[0]),
                                link=f"{up}{folder}/{page_name(group.key)}.html")
    return sheet


def _source_page(env: Environment, name: str, used: InUse | None, rows: list[Row],
                 lang: str) -> str:
    """One rolled-up ledger: where it comes from, the revision in use, its progress per
    meeting and its overdue items."""
    facts = Sheet("", [Column(""), Column("")])
    if used is not None:
        facts.add(msg("sync.url", lang), used.url)
        facts.add(msg("sync.revision", lang), f"{used.revision[:10]} ({used.committed})")
        facts.add(msg("sync.synced", lang), used.synced)
    overdue = sorted((r for r in rows if r.overdue_days > 0), key=lambda r: -r.overdue_days)
    return render(env, "site/source.html", title=msg("site.source_title", lang, name=name),
                  up="../", facts=facts, progress=_progress(rows, "meeting", lang, "../"),
                  overdue=list_sheet(overdue, lang, ""), overdue_rows=overdue,
                  keys=LAYOUTS["list"])


def _meeting_page(env: Environment, meeting: Meeting, rows: list[Row], lang: str) -> str:
    facts = Sheet("", [Column(""), Column("")])
    facts.add(msg("field.meeting_date", lang), meeting.date.isoformat())
    facts.add(msg("site.parties", lang), msg("sep.list", lang).join(meeting.parties))
    if meeting.location:
        facts.add(msg("site.location", lang), meeting.location)
    if meeting.leaders:
        facts.add(msg("site.leaders", lang), msg("sep.list", lang).join(meeting.leaders))
    for aspect in meeting.aspects:
        facts.add(msg("field.aspect", lang), f"{aspect.key} {aspect.title}")
    return render(env, "site/meeting.html", title=meeting.title, up="../", meeting=meeting,
                  facts=facts, items=list_sheet(rows, lang, ""), item_rows=rows,
                  keys=LAYOUTS["list"])


def _item_page(env: Environment, ledger: Ledger, row: Row, data: SiteData, lang: str) -> str:
    item = row.item
    detail = detail_of(ledger, row.facts, item)
    facts = Sheet("", [Column(""), Column("")])
    for name, value in detail_fields(detail, row, lang):
        if name == msg("meeting", lang):
            value = Cell(value.text, value.style,
                         f"../meetings/{page_name(row.meeting_id)}.html")
        facts.rows.append([Cell(name), value])
    history = [_step_lines(step, lang) for step in data.history.get(item.id, [])]
    return render(env, "site/item.html", title=f"{item.id} {item.title}", up="../", item=item,
                  facts=facts, steps=timeline(detail, lang), history=history)


def _step_lines(step: Step, lang: str) -> list[str]:
    """A change as a leader reads it on an item's page: the day, who and why, then what
    changed. Commit hashes and e-mail addresses stay in `huishang history`."""
    commit = step.commit
    head = msg("sep.apart", lang).join(x for x in (commit.day, commit.author, commit.subject)
                                       if x)
    return [terminal(head)] + [terminal(event_text(e, lang)) for e in step.events]
