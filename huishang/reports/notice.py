"""The 督办提示函: a letter to one unit listing its red and orange items, those it leads
and, apart, those it supports, with deadlines, days overdue and the latest progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from huishang.ledger.layout import item_number
from huishang.ledger.models import DocumentSettings, Item
from huishang.ledger.records import Ledger
from huishang.ledger.vocab import COLOURS
from huishang.messages import leads_text, long_date, msg, table_date
from huishang.output.document import Document, Section, number_headings
from huishang.output.table import Cell, Column, Sheet
from huishang.reports.bulletin import alert_fn
from huishang.reports.parts import issuer_of
from huishang.reports.wording import note_text, reason_words
from huishang.views.cells import alert_cell
from huishang.views.earlywarning import Alert


@dataclass(frozen=True)
class Warned:
    item: Item
    leads: tuple[str, ...]
    alert: Alert
    overdue_days: int
    own: str = ""  # in a partner's notice: its own division and person for the item


@dataclass
class Notice:
    unit: str
    as_of: dt.date
    lead: list[Warned] = field(default_factory=list)
    partner: list[Warned] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lead) + len(self.partner)


def notices(ledger: Ledger, today: dt.date) -> dict[str, Notice]:
    """A notice for every unit with a red or orange item, as lead or as partner; units in
    order of their most urgent items. A joint item (共同牵头) is in each of its leads'
    notice as theirs to lead."""
    alert = alert_fn(ledger)
    found: dict[str, Notice] = {}
    for entry in ledger.items:
        item = entry.record
        warned = alert(item, today)
        if warned is None or warned.colour not in ("red", "orange"):
            continue
        late = (today - item.due).days if item.due is not None and item.due < today else 0
        leads = tuple(dict.fromkeys(map(ledger.canonical, item.leads)))
        line = Warned(item, leads, warned, late)
        for lead in leads:
            found.setdefault(lead, Notice(lead, today)).lead.append(line)
        for partner in dict.fromkeys(ledger.canonical(p) for p in item.partners):
            if partner not in leads:
                own = item.partner_owner(partner, ledger.canonical)
                found.setdefault(partner, Notice(partner, today)).partner.append(
                    replace(line, own=own.text if own else ""))
    for notice in found.values():
        for lines in (notice.lead, notice.partner):
            lines.sort(key=lambda w: (COLOURS.index(w.alert.colour), -w.overdue_days,
                                      w.item.id))
    return found


def notice_document(notice: Notice, lang: str, reply_by: dt.date | None = None,
                    settings: DocumentSettings | None = None) -> Document:
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    settings = settings or DocumentSettings()
    doc = Document(t("notice.title"), addressee=notice.unit + t("sep.colon").strip(),
                   issuer=issuer_of(settings, "notice"), date=long_date(notice.as_of, lang))
    doc.intro.append(t("notice.intro", as_of=long_date(notice.as_of, lang), n=notice.count,
                       kinds=_kinds([*notice.lead, *notice.partner], lang)))
    for key, lines in (("notice.s.lead", notice.lead), ("notice.s.partner", notice.partner)):
        if not lines:
            continue
        sheet = Sheet("", [Column(t("doc.seq"), "right", no_wrap=True), Column(t("doc.title")),
                           Column(t("doc.lead") if key == "notice.s.partner" else t("doc.owner")),
                           Column(t("doc.due")), Column(t("notice.overdue_days"), "right",
                                                    no_wrap=True),
                           Column(t("doc.warning")), Column(t("notice.last"))])
        for n, w in enumerate(lines, 1):  # numbered as in the minutes (第3项) where known
            item = w.item
            title = item.title
            if key == "notice.s.partner":
                who = leads_text(w.leads, lang, document=True) + (
                    t("notice.own", owner=w.own) if w.own else "")
            else:
                who = item.owner.text if item.owner else ""
                others = [u for u in w.leads if u != notice.unit]
                if others:  # joint leads: say with whom
                    title += t("notice.joint", units=others)
            latest = item.dated_work[-1] if item.dated_work else None
            last = (f"{table_date(latest.date, lang)}{t('sep.clause')}{note_text(latest.note)}"
                    if latest else t("doc.not_reported"))
            sheet.add(str(item_number(item.id) or n), title, who,
                      table_date(item.due, lang) if item.due else t("no_due"),
                      str(w.overdue_days) if w.overdue_days else "",
                      _warning(w, lang), last)
        doc.sections.append(Section(t(key), sheet))
    number_headings(doc.sections, lang)
    doc.closing.append(t("notice.ask", reply=long_date(reply_by, lang)) if reply_by
                       else t("notice.ask_soon"))
    return doc


def _warning(w: Warned, lang: str) -> Cell:
    """The warning's colour, filled, and its reason unless the days overdue beside it say
    it already."""
    colour = alert_cell(w.alert, lang)
    if w.overdue_days:
        return colour
    return colour._replace(text=colour.text + msg("sep.clause", lang) + reason_words(w.alert, lang))


# What a notice may list, in the order its opening names them, by the warnings' reasons.
_KINDS = {"why.overdue_long": "overdue", "why.overdue_stale": "overdue",
          "why.overdue": "overdue", "why.stalled": "stalled", "why.unstarted": "unstarted"}


def _kinds(lines: list[Warned], lang: str) -> str:
    """What the listed items are, and only that: 已逾期, 长期无进展, 会后长期未启动, joined as
    a sentence joins them (A、B或C). An overdue item that is also stalled counts as both."""
    found = {_KINDS.get(w.alert.reason, "overdue") for w in lines}
    found |= {"overdue" for w in lines if w.overdue_days}
    found |= {"stalled" for w in lines if w.alert.reason == "why.overdue_stale"}
    words = [msg(f"notice.kind.{k}", lang) for k in ("overdue", "stalled", "unstarted")
             if k in found]
    if len(words) <= 1:
        return "".join(words)
    return msg("sep.list", lang).join(words[:-1]) + msg("notice.kind.or", lang) + words[-1]
