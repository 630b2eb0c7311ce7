"""A static HTML dashboard: one folder that opens from disk or any static host, offline.

index.html has the overview (figures, charts from git history, progress per meeting
and per unit, the overdue list) and the whole ledger as a table that filters and
sorts in the browser; meetings/<id>.html and items/<id>.html have one page each,
an item's with its progress timeline and its git history. Everything is inline: no
script, style, font or image is fetched from anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

from huishang.edit.atomic import write_atomic
from huishang.errors import HuishangError
from huishang.git.history import Step, by_item, steps
from huishang.git.timeline import Timeline, build
from huishang.ledger.records import Ledger
from huishang.ledger.vocab import CLOSED_STATUSES, COLOURS, STATUSES
from huishang.messages import msg
from huishang.output.charts import Series, bar_chart, line_chart
from huishang.output.html import html_page, sheet_html
from huishang.output.table import Cell, Column, Sheet, text_of
from huishang.views.progress import order, tally
from huishang.views.query import Row, ledger_rows
from huishang.views.sheets import (
    alert_cell,
    detail_fields,
    progress_sheet,
    status_cell,
    timeline,
    timing_cell,
)

MARKER = ".huishang-site"

FILTER_SCRIPT = """
(function () {
  var table = document.getElementById('ledger');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('filter');
  var status = document.getElementById('status-filter');
  var warning = document.getElementById('warning-filter');
  var count = document.getElementById('ledger-count');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
        (!status.value || r.dataset.status === status.value) &&
        (!warning.value || r.dataset.warning === warning.value);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }
  [text, status, warning].forEach(function (el) { el.addEventListener('input', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener('click', function () {
      var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
      th.dataset.dir = dir;
      function key(r) {
        var c = r.cells[i];
        return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var n = (x !== '' && y !== '' && !isNaN(x) && !isNaN(y)) ? x - y : x.localeCompare(y, 'zh');
        return dir === 'asc' ? n : -n;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var given = new URLSearchParams(window.location.search);
  if (given.get('q')) { text.value = given.get('q'); }
  if (given.get('status')) { status.value = given.get('status'); }
  if (given.get('warning')) { warning.value = given.get('warning'); }
  apply();
})();
"""


@dataclass(frozen=True)
class SiteData:
    rows: list[Row]
    timeline: Timeline
    history: dict[str, list[Step]]


def build_site(ledger: Ledger, today: dt.date, lang: str, out: Path) -> list[str]:
    """Write the dashboard under `out`; returns the files written, relative to `out`."""
    _prepare(out)
    timeline = build(ledger)  # one pass over git gives both the trends and each item's steps
    history = by_item(steps(timeline.log)) if timeline.log is not None else {}
    data = SiteData(ledger_rows(ledger, today), timeline, history)
    pages: dict[str, str] = {"index.html": _index(ledger, data, today, lang)}
    for folder, meeting in ledger.meetings.items():
        pages[f"meetings/{folder}.html"] = _meeting_page(folder, meeting.record, data, lang)
    for row in data.rows:
        pages[f"items/{row.item.id}.html"] = _item_page(row, data, lang)
    for rel, text in pages.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    write_atomic(out / MARKER, b"written by huishang site\n")
    return sorted(pages)


def _prepare(out: Path) -> None:
    """Write into a new or empty folder, or one huishang wrote before; never elsewhere."""
    if out.exists() and not out.is_dir():
        raise HuishangError("site.not_folder", exit_code=2, path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise HuishangError("site.foreign", exit_code=2, path=str(out))
    out.mkdir(parents=True, exist_ok=True)


def _page(title: str, body: str, lang: str, up: str | None, script: str = "") -> str:
    nav = "" if up is None else (
        f'<p class="muted"><a href="{up}index.html">{escape(msg("site.home", lang))}</a></p>')
    tail = f"<script>{script}</script>" if script else ""
    return html_page(title, nav + body + tail, lang)


def _month_ends(first: dt.date, today: dt.date) -> list[dt.date]:
    points, year, month = [], first.year, first.month
    while True:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        end = min(nxt - dt.timedelta(days=1), today)
        points.append(end)
        if end >= today:
            return points
        year, month = nxt.year, nxt.month


def _trend(data: SiteData, today: dt.date, lang: str) -> str:
    firsts = [v[0].day for v in data.timeline.versions.values() if v]
    if not firsts:
        return ""
    days = _month_ends(max(min(firsts), dt.date(1900, 1, 1)), today)
    opened, done, overdue = [], [], []
    for day in days:
        states = data.timeline.states(day).values()
        live = [s for s in states if s.status not in CLOSED_STATUSES]
        opened.append(len(live))
        done.append(sum(s.status == "done" for s in states))
        overdue.append(sum(s.due is not None and s.due < day for s in live))
    labels = [d.strftime("%Y-%m") for d in days]
    return (line_chart(msg("site.chart_open_done", lang), labels, [
        Series("open", msg("site.open", lang), opened),
        Series("done", msg("status.done", lang), done)])
        + line_chart(msg("site.chart_overdue", lang), labels, [
            Series("overdue", msg("overdue_count", lang), overdue)]))


def _units_chart(data: SiteData, lang: str) -> str:
    counts: dict[str, dict[str, int]] = {}
    for row in data.rows:
        if row.facts.status == "cancelled":
            continue
        bucket = counts.setdefault(row.lead, {"done": 0, "open": 0, "overdue": 0})
        key = "done" if row.facts.status == "done" else ("overdue" if row.overdue_days
                                                         else "open")
        bucket[key] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    legend = {"done": msg("status.done", lang), "open": msg("site.open", lang),
              "overdue": msg("overdue_count", lang)}
    return bar_chart(msg("site.chart_units", lang), ordered, legend)


def _index(ledger: Ledger, data: SiteData, today: dt.date, lang: str) -> str:
    found = data.rows
    live = [r for r in found if r.facts.status not in CLOSED_STATUSES]
    cards = [("site.open", len(live)),
             ("status.done", sum(r.facts.status == "done" for r in found)),
             ("overdue_count", sum(r.overdue_days > 0 for r in found))]
    cards += [(f"colour.{c}", sum(r.alert is not None and r.alert.colour == c for r in found))
              for c in COLOURS]
    parts = [f"<h1>{escape(msg('site.title', lang))}</h1>",
             f'<p class="muted">{escape(msg("site.as_of", lang, today=today.isoformat()))}'
             + ("" if data.timeline.from_git else " " + escape(msg("site.no_git", lang)))
             + "</p>",
             '<div class="cards">' + "".join(
                 f'<div class="card"><b>{n}</b>{escape(msg(k, lang))}</div>' for k, n in cards)
             + "</div>",
             _trend(data, today, lang), _units_chart(data, lang)]
    for by in ("meeting", "lead"):
        groups, total = tally(found, by)
        sheet = progress_sheet(order(groups, by), total, by, lang, "")
        if by == "meeting":
            for cells, group in zip(sheet.rows, order(groups, by), strict=True):
                cells[0] = Cell(text_of(cells[0]), link=f"meetings/{group.key}.html")
        parts += [f"<h2>{escape(msg(f'site.progress_{by}', lang))}</h2>", sheet_html(sheet)]
    overdue = [r for r in found if r.overdue_days > 0]
    parts.append(f"<h2>{escape(msg('site.overdue', lang))}</h2>")
    parts.append(_ledger_table(sorted(overdue, key=lambda r: -r.overdue_days), lang, "items/",
                               "overdue") if overdue else
                 f"<p>{escape(msg('b.none', lang))}</p>")
    parts += [f"<h2>{escape(msg('site.ledger', lang))}</h2>", _controls(lang),
              _ledger_table(found, lang, "items/", "ledger")]
    return _page(msg("site.title", lang), "\n".join(parts), lang, None, FILTER_SCRIPT)


def _controls(lang: str) -> str:
    statuses = "".join(f'<option value="{s}">{escape(msg(f"status.{s}", lang))}</option>'
                       for s in STATUSES)
    colours = "".join(f'<option value="{c}">{escape(msg(f"colour.{c}", lang))}</option>'
                      for c in COLOURS)
    everything = escape(msg("site.all", lang))
    return ('<div class="controls">'
            f'<input id="filter" type="search" placeholder="{escape(msg("site.search", lang))}">'
            f'<select id="status-filter"><option value="">{everything}</option>{statuses}'
            "</select>"
            f'<select id="warning-filter"><option value="">{everything}</option>{colours}'
            "</select>"
            f'<span class="muted"><span id="ledger-count"></span> '
            f'{escape(msg("site.shown", lang))}</span></div>')


def _ledger_table(found: list[Row], lang: str, link: str, table_id: str) -> str:
    heads = ["id", "title", "lead", "owner", "due", "status", "timing", "warning"]
    head = "".join(f'<th data-col="{h}">{escape(msg(h, lang))}</th>' for h in heads)
    body = []
    for row in found:
        item = row.facts
        warning = row.alert.colour if row.alert else ""
        colour = alert_cell(row.alert, lang)
        timing = timing_cell(row, lang)
        order_key = -row.overdue_days if row.overdue_days else (
            row.days_left if row.days_left is not None else 999999)
        body.append(
            f'<tr data-status="{item.status}" data-warning="{warning}">'
            f'<td><a href="{link}{escape(item.id)}.html">{escape(item.id)}</a></td>'
            f"<td>{escape(item.title)}</td><td>{escape(row.lead)}</td>"
            f"<td>{escape(item.owner)}</td>"
            f"<td>{item.due or ''}</td>"
            f"<td>{escape(status_cell(item.status, lang).text)}</td>"
            f'<td data-sort="{order_key}">{escape(timing.text)}</td>'
            f'<td class="{warning}">{escape(colour.text)}</td></tr>')
    return (f'<table id="{table_id}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _meeting_page(folder: str, meeting: object, data: SiteData, lang: str) -> str:
    from huishang.ledger.models import Meeting

    assert isinstance(meeting, Meeting)
    facts = Sheet("", [Column(""), Column("")])
    facts.add(msg("b.date", lang), meeting.date.isoformat())
    facts.add(msg("site.parties", lang), msg("sep.list", lang).join(meeting.parties))
    if meeting.location:
        facts.add(msg("site.location", lang), meeting.location)
    if meeting.leaders:
        facts.add(msg("site.leaders", lang), msg("sep.list", lang).join(meeting.leaders))
    for aspect in meeting.aspects:
        facts.add(msg("aspect", lang), f"{aspect.key} {aspect.title}")
    mine = [r for r in data.rows if r.meeting_id == folder]
    body = (f"<h1>{escape(meeting.title)}</h1>{sheet_html(facts)}"
            f"<h2>{escape(msg('site.items', lang))}</h2>"
            + _ledger_table(mine, lang, "../items/", "meeting-items"))
    return _page(meeting.title, body, lang, "../")


def _item_page(row: Row, data: SiteData, lang: str) -> str:
    from huishang.views.sheets import step_lines

    item = row.item
    facts = Sheet("", [Column(""), Column("")])
    for name, value in detail_fields(row, lang):
        if name == msg("meeting", lang):
            value = Cell(value.text, value.style, f"../meetings/{row.meeting_id}.html")
        facts.rows.append([Cell(name), value])
    steps = "".join(f"<li><b>{escape(when)}</b> {escape(what)}</li>"
                    for when, what in timeline(row, lang))
    history = data.history.get(item.id, [])
    commits = "".join("<li>" + "<br>".join(escape(line) for line in step_lines(step, lang))
                      + "</li>" for step in history)
    body = (f"<h1>{escape(item.id)} {escape(item.title)}</h1>{sheet_html(facts)}"
            f"<h2>{escape(msg('updates', lang))}</h2><ol class=\"timeline\">{steps}</ol>"
            f"<h2>{escape(msg('site.history', lang))}</h2>"
            + (f'<ol class="timeline">{commits}</ol>' if commits else
               f"<p>{escape(msg('site.no_history', lang))}</p>"))
    return _page(f"{item.id} {item.title}", body, lang, "../")
