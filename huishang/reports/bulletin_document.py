"""The monthly bulletin as a document: headings, figures and tables, in Chinese or English."""

from __future__ import annotations

from huishang.ledger.vocab import COLOURS
from huishang.messages import msg
from huishang.output.document import Document, Section
from huishang.output.table import Column, Sheet
from huishang.reports.bulletin import Bulletin, Figures
from huishang.views.sheets import alert_cell, bar


def _delta(now: int, before: int) -> str:
    return f"{now - before:+d}" if now != before else "0"


def _figure_rows(now: Figures, before: Figures) -> list[tuple[str, int, int]]:
    rows = [("b.in_force", now.in_force, before.in_force), ("b.done", now.done, before.done),
            ("b.new", now.new, before.new), ("b.overdue", now.overdue, before.overdue)]
    rows += [(f"b.{c}", now.colours[c], before.colours[c]) for c in COLOURS]
    return rows


def bulletin_document(b: Bulletin, lang: str) -> Document:
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    intro = [t("b.as_of" if b.from_git else "b.no_git", end=b.end.isoformat())]
    if b.shallow:
        intro.append(t("b.shallow"))
    doc = Document(t("b.title", year=b.start.year, month=b.start.month), intro)

    figures = Sheet("", [Column(t("b.metric")), Column(t("b.this"), "right"),
                         Column(t("b.previous"), "right"), Column(t("b.change"), "right")])
    for key, now, before in _figure_rows(b.figures, b.previous):
        figures.add(t(key), str(now), str(before), _delta(now, before))
    doc.sections.append(Section(t("b.s.figures"), figures))

    units = Sheet("", [Column(t("lead"))] + [Column(t(k), "right") for k in (
        "total", "status.done", "status.in_progress", "overdue_count")]
        + [Column(t("done_pct"))] + [Column(t(f"colour.{c}"), "right") for c in COLOURS])
    for line in b.units:
        units.add(line.unit, str(line.total), str(line.done), str(line.in_progress),
                  str(line.overdue), bar(line.done_ratio),
                  *(str(line.colours[c]) for c in COLOURS))
    doc.sections.append(_section(t("b.s.units"), units, lang))

    closed = Sheet("", [Column(t(k)) for k in ("id", "title", "lead", "done_on", "evidence")])
    for item, lead in b.closed:
        closed.add(item.id, item.title, lead, item.done_on.isoformat() if item.done_on else "",
                   t("sep.items").join(item.evidence))
    doc.sections.append(_section(t("b.s.closed"), closed, lang))

    new = Sheet("", [Column(t(k)) for k in ("id", "title", "lead", "due")])
    for item, lead in b.new:
        new.add(item.id, item.title, lead, item.due.isoformat() if item.due else "")
    doc.sections.append(_section(t("b.s.new"), new, lang))

    moves = Sheet("", [Column(t("id")), Column(t("b.before")), Column(t("b.after")),
                       Column(t("reason")), Column(t("b.by")), Column(t("b.date"))])
    for m in b.moves:
        moves.add(m.item_id, m.before, m.after, m.reason, m.author, m.day)
    doc.sections.append(_section(t("b.s.moves"), moves, lang))

    flagged = Sheet("", [Column(t("warning")), Column(t("id")), Column(t("title")),
                         Column(t("lead")), Column(t("owner")), Column(t("overdue"), "right")])
    for f in b.flagged:
        owner = f.item.owner.text if f.item.owner else ""
        flagged.add(alert_cell(f.alert, lang), f.item.id, f.item.title, f.lead, owner,
                    str(f.overdue_days) if f.overdue_days else "")
    doc.sections.append(_section(t("b.s.flagged"), flagged, lang))

    silent = Sheet("", [Column(t("unit")), Column(t("b.open_items"), "right")])
    for unit, count in b.silent:
        silent.add(unit, str(count))
    section = _section(t("b.s.silent"), silent, lang)
    if b.silent:
        section.text.append(t("b.silent_text"))
    doc.sections.append(section)
    return doc


def _section(heading: str, sheet: Sheet, lang: str) -> Section:
    if not sheet.rows:
        return Section(heading, None, [msg("b.none", lang)])
    return Section(heading, sheet)


