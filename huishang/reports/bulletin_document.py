"""The monthly bulletin as a document: the overall state in sentences and figures, then
item by item what a leader acts on, in Chinese or English. No tool words (ids, commits):
items are named by their titles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from huishang.ledger.layout import item_number
from huishang.ledger.models import DocumentSettings, Item, Update
from huishang.ledger.vocab import COLOURS
from huishang.messages import leads_text, long_date, msg, table_date
from huishang.output.document import Document, Section, number_headings
from huishang.output.table import Column, Sheet
from huishang.reports.bulletin import Bulletin, Figures, Noted
from huishang.reports.bulletin_score import score_section
from huishang.reports.parts import issuer_of
from huishang.reports.wording import note_text, reason_words
from huishang.views.cells import alert_cell

# The order a leader reads the states in: not started, under way, blocked, then closed.
UNIT_STATUSES = ("planned", "in_progress", "blocked", "done", "cancelled")



def _delta(now: int, before: int) -> str:
    return f"{now - before:+d}" if now != before else "0"


def _figure_rows(now: Figures, before: Figures) -> list[tuple[str, int, int]]:
    rows = [("bulletin.in_force", now.in_force, before.in_force),
            ("bulletin.done", now.done, before.done), ("bulletin.new", now.new, before.new),
            ("bulletin.overdue", now.overdue, before.overdue)]
    rows += [(f"bulletin.{c}", now.colours[c], before.colours[c]) for c in COLOURS]
    return rows


def percent(ratio: float | None, lang: str) -> str:
    """A share as documents print it (33%), never a bar of block characters."""
    return "-" if ratio is None else msg("doc.percent", lang, n=round(ratio * 100))


def change_words(now: int, before: int, lang: str) -> str:
    if now > before:
        return msg("bulletin.more", lang, n=now - before)
    if now < before:
        return msg("bulletin.fewer", lang, n=before - now)
    return msg("bulletin.same", lang)


def owner_text(item: Item) -> str:
    return item.owner.text if item.owner else ""


def numbered(sheet: Sheet, rows: Iterable[tuple[str, list[str]]]) -> Sheet:
    """Rows of items (id, cells) with the 序号 a leader refers to: the item's number in its
    meeting's minutes (第3项), else the row's place."""
    for n, (item_id, row) in enumerate(rows, 1):
        sheet.add(str(item_number(item_id) or n), *row)
    return sheet


def bulletin_document(b: Bulletin, lang: str, settings: DocumentSettings | None = None,
                      issue: int | None = None) -> Document:
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    def day(value: object) -> str:
        return long_date(value, lang) if isinstance(value, dt.date) else str(value or "")

    def joint(leads: tuple[str, ...]) -> str:
        return leads_text(leads, lang, document=True)
    def cell_day(value: object) -> str:  # in a table: one word that never folds
        return table_date(value, lang) if isinstance(value, dt.date) else str(value or "")

    def table(*keys: str) -> Sheet:
        return Sheet("", [Column(t("doc.seq"), "right", no_wrap=True)]
                     + [Column(t(k)) for k in keys])

    settings = settings or DocumentSettings()
    intro = [t("bulletin.period", start=day(b.start), end=day(b.end))]
    if b.as_of > b.end and b.from_git:
        intro.append(t("bulletin.window", as_of=day(b.as_of), late=b.late))
    doc = Document(t("bulletin.title", year=b.start.year, month=b.start.month), intro,
                   masthead=settings.masthead or t("doc.masthead"),
                   issue=t("doc.issue", n=issue) if issue else "",
                   issuer=issuer_of(settings, "bulletin"), date=day(b.as_of))
    if not b.from_git:
        doc.notes.append(t("bulletin.no_git"))
    if b.shallow:
        doc.notes.append(t("bulletin.shallow"))

    f, p = b.figures, b.previous
    summary = [
        t("bulletin.summary", end=day(b.end), total=sum(b.statuses.values()), **b.statuses),
        t("bulletin.summary_month", new=f.new, closed=f.done, in_force=f.in_force,
          overdue=f.overdue, **f.colours),
        t("bulletin.compare", in_force=change_words(f.in_force, p.in_force, lang),
          overdue=change_words(f.overdue, p.overdue, lang),
          warned=change_words(f.colours["red"] + f.colours["orange"],
                              p.colours["red"] + p.colours["orange"], lang)),
    ]
    figures = Sheet("", [Column(t("bulletin.metric")), Column(t("bulletin.this"), "right"),
                         Column(t("bulletin.previous"), "right"),
                         Column(t("bulletin.change"), "right")])
    for key, now, before in _figure_rows(f, p):
        figures.add(t(key), str(now), str(before), _delta(now, before))
    doc.sections.append(Section(t("bulletin.s.figures"), figures, summary))

    # Two tables, as one of every figure would not fit the line: the items by status
    # (each row adds up to its total), then what is overdue and warned.
    statuses = Sheet("", [Column(t("doc.lead"))] + [Column(t(k), "right", no_wrap=True) for k in (
        "total", *(f"status.{s}" for s in UNIT_STATUSES), "review.ratio")])
    warned = Sheet("", [Column(t("doc.lead"))] + [Column(t(k), "right", no_wrap=True) for k in (
        "bulletin.overdue", *(f"bulletin.{c}" for c in COLOURS))])
    for line in b.units:
        statuses.add(line.unit, str(line.total),
                     *(str(line.statuses.get(s, 0)) for s in UNIT_STATUSES),
                     percent(line.done_ratio, lang))
        warned.add(line.unit, str(line.overdue), *(str(line.colours[c]) for c in COLOURS))
    if b.units:
        doc.sections += [Section(t("bulletin.s.units")),
                         Section(t("bulletin.s.unit_statuses"), statuses, level=2),
                         Section(t("bulletin.s.unit_warnings"), warned, level=2)]
    else:
        doc.sections.append(_section(t("bulletin.s.units"), statuses, lang))

    def status_of(n: Noted) -> str:
        return t(f"status.{n.item.status}")

    doc.sections.append(_section(t("bulletin.s.progress"), numbered(
        table("doc.title", "doc.lead", "doc.status", "bulletin.s.progress"),
        ((n.item.id, [n.item.title, joint(n.leads), status_of(n),
                      _dated(n.notes, lang) or t("bulletin.no_progress")]) for n in b.progress)),
        lang))
    doc.sections.append(_section(t("bulletin.s.blocked"), numbered(
        table("doc.title", "doc.lead", "bulletin.state", "bulletin.why"),
        ((n.item.id, [n.item.title, joint(n.leads), t("sep.list").join(
            [status_of(n)] * (n.item.status == "blocked")
            + [t("doc.escalated")] * n.item.escalated), _lines(n.notes)])
         for n in b.blocked)), lang))
    doc.sections.append(_section(t("bulletin.s.closed"), numbered(
        table("doc.title", "doc.lead", "doc.done_on", "doc.evidence"),
        ((item.id, [item.title, joint(leads), cell_day(item.done_on),
                     t("sep.items").join(item.evidence)]) for item, leads in b.closed)), lang))
    doc.sections.append(_section(t("bulletin.s.cancelled"), numbered(
        table("doc.title", "doc.lead", "bulletin.cancel_reason"),
        ((n.item.id, [n.item.title, joint(n.leads), _lines(n.notes)]) for n in b.cancelled)),
        lang))
    doc.sections.append(_section(t("bulletin.s.new"), numbered(
        table("doc.title", "doc.lead", "doc.due"),
        ((item.id, [item.title, joint(leads), cell_day(item.due)]) for item, leads in b.new)),
        lang))
    doc.sections.append(_section(t("bulletin.s.moves"), numbered(
        table("doc.title", "bulletin.before", "bulletin.after", "doc.reason", "bulletin.by",
              "bulletin.date"),
        ((m.item_id, [m.title or m.item_id, cell_day(_date(m.before)),
                      cell_day(_date(m.after)), m.reason, m.author, cell_day(_date(m.day))])
         for m in b.moves)), lang))

    flagged = Sheet("", [Column(t("doc.warning"), no_wrap=True), Column(t("doc.title")),
                         Column(t("doc.lead")), Column(t("doc.owner")), Column(t("doc.due")),
                         Column(t("doc.overdue"), "right", no_wrap=True),
                         Column(t("bulletin.alert_why"))])
    for x in b.flagged:
        flagged.add(alert_cell(x.alert, lang), x.item.title, joint(x.leads), owner_text(x.item),
                    cell_day(x.item.due), str(x.overdue_days) if x.overdue_days else "",
                    reason_words(x.alert, lang))
    doc.sections.append(_section(t("bulletin.s.flagged"), flagged, lang))

    silent = Sheet("", [Column(t("unit")),
                        Column(t("bulletin.silent_count"), "right", no_wrap=True),
                        Column(t("bulletin.silent_items"))])
    for quiet in b.silent:
        silent.add(quiet.unit, str(len(quiet.items)),
                   t("sep.items").join(item_reference(item, lang) for item in quiet.items))
    section = _section(t("bulletin.s.silent"), silent, lang)
    if b.silent:
        section.text.append(t("bulletin.silent_text"))
    doc.sections.append(section)
    if b.scores is not None:
        doc.sections.append(score_section(*b.scores, lang))
    doc.sections.append(Section(t("bulletin.s.next"), None,
                                [settings.next_steps or t("bulletin.next_default")]))
    number_headings(doc.sections, lang)
    return doc


def _date(text: str) -> object:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _lines(notes: Iterable[Update]) -> str:
    return "\n".join(note_text(u.note) for u in notes)


def _dated(notes: Iterable[Update], lang: str) -> str:
    """Each update on its line, after its date as tables write it: 2024.07.01，…"""
    return "\n".join(table_date(u.date, lang) + msg("sep.clause", lang) + note_text(u.note)
                     for u in notes)


def item_reference(item: Item, lang: str) -> str:
    """An item as a leader names it: 第3项“…”, by its number in the minutes."""
    n = item_number(item.id)
    if n is None:
        return msg("doc.item_title", lang, title=item.title)
    return msg("doc.item_ref", lang, n=n, title=item.title)


def _section(heading: str, sheet: Sheet, lang: str) -> Section:
    if not sheet.rows:
        return Section(heading, None, [msg("bulletin.none", lang)])
    return Section(heading, sheet)
