"""The 落实情况 report on one meeting's items, which the next meeting of the same parties
reviews: the overall state, then aspect by aspect and item by item (lead and partners,
state, key progress, evidence of closed items), the open problems, and totals per aspect
and per unit. Items carried over from an earlier meeting say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from huishang.git.timeline import as_of
from huishang.ledger.layout import item_number
from huishang.ledger.models import DocumentSettings, Item, Meeting
from huishang.ledger.records import Ledger
from huishang.ledger.vocab import STATUSES
from huishang.messages import leads_text, long_date, msg
from huishang.output.document import Document, Section, clauses, number_headings, unstopped
from huishang.output.table import Column, Sheet
from huishang.reports.bulletin import alert_fn
from huishang.reports.bulletin_document import item_reference, percent
from huishang.reports.parts import issuer_of
from huishang.reports.wording import note_text, reason_words
from huishang.views.earlywarning import Alert
from huishang.views.query import find_meeting

KEY_UPDATES = 3  # the latest progress notes a review quotes for an item


@dataclass(frozen=True)
class Reviewed:
    item: Item
    leads: tuple[str, ...]
    partners: tuple[str, ...]
    carried_from: str  # the earlier meeting's title, when the item was taken over
    alert: Alert | None  # its warning on the report's day (orange when never started)

    @property
    def is_problem(self) -> bool:
        """Blocked, red or orange (overdue, stalled, never started): what 存在的问题 lists."""
        return (self.item.status == "blocked"
                or (self.alert is not None and self.alert.colour in ("red", "orange")))


@dataclass
class Review:
    meeting: Meeting
    as_of: dt.date
    groups: list[tuple[str, list[Reviewed]]] = field(default_factory=list)  # by aspect

    @property
    def items(self) -> list[Reviewed]:
        return [r for _, rows in self.groups for r in rows]


def compute(ledger: Ledger, meeting_id: str, today: dt.date) -> Review:
    loaded = ledger.meetings[find_meeting(ledger.meetings, meeting_id)]  # or a unique ending
    meeting = loaded.record
    alert = alert_fn(ledger)
    by_id = {e.record.id: e for e in ledger.items}
    review = Review(meeting, today)
    groups: dict[str | None, list[Reviewed]] = {a.key: [] for a in meeting.aspects}
    entries = [e for e in ledger.items if ledger.meeting_of(e) is meeting]
    for entry in sorted(entries, key=lambda e: e.record.id):
        item = as_of(entry.record, today)  # what was known by the report's day
        earlier = by_id.get(item.carried_from or "")
        carried = ""
        if earlier is not None:
            source = ledger.meeting_of(earlier)
            carried = source.title if source is not None else earlier.record.id
        reviewed = Reviewed(item, tuple(map(ledger.canonical, item.leads)),
                            tuple(ledger.canonical(p) for p in item.partners), carried,
                            alert(item, today))
        groups.setdefault(item.aspect, []).append(reviewed)
    titles = {a.key: a.title for a in meeting.aspects}
    for key, rows in groups.items():
        if rows:
            review.groups.append((titles.get(key or "", ""), rows))
    return review


def review_document(review: Review, lang: str,
                    settings: DocumentSettings | None = None) -> Document:
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    settings = settings or DocumentSettings()
    meeting = review.meeting
    rows = review.items
    doc = Document(t("review.title", meeting=meeting.title), issuer=issuer_of(settings, "review"),
                   date=long_date(review.as_of, lang))
    intro = t("review.intro", date=long_date(meeting.date, lang),
              parties=t("sep.list").join(meeting.parties), meeting=meeting.title,
              total=len(rows), as_of=long_date(review.as_of, lang))
    if meeting.agreed_items is not None and meeting.agreed_items != len(rows):
        intro += t("review.agreed", n=meeting.agreed_items, total=len(rows))
    doc.intro.append(intro)

    counts = _counts([r.item for r in rows])
    open_total = _in_force([r.item for r in rows], counts)
    summary = t("review.summary", total=len(rows), ratio=percent(
        counts["done"] / open_total if open_total else None, lang), **counts)
    if counts["carried"]:
        summary += t("review.carried", n=counts["carried"])
    doc.sections.append(Section(t("review.s.overall"), _totals_sheet(
        t("doc.aspect"), [(title or t("review.no_aspect"), [r.item for r in group])
                      for title, group in review.groups], lang), [summary]))

    doc.sections.append(Section(t("review.s.aspects")))
    n = 0
    for title, group in review.groups:
        section = Section(title or t("review.no_aspect"), level=2)
        for r in group:
            n += 1  # the minutes' own number where the id carries it (第9项), else a count
            section.text += _item_text(item_number(r.item.id) or n, r, lang)
        doc.sections.append(section)

    problems = Section(t("review.s.problems"))
    for r in rows:
        if r.is_problem:
            problems.text.append(t("review.problem", item=item_reference(r.item, lang),
                                   lead=leads_text(r.leads, lang),
                                   why=_why(r, lang)))
    if not problems.text:
        problems.text.append(t("review.no_problems"))
    doc.sections.append(problems)

    units: dict[str, list[Item]] = {}
    for r in rows:
        for lead in dict.fromkeys(r.leads):  # a joint item counts for each of its leads
            units.setdefault(lead, []).append(r.item)
    doc.sections.append(Section(t("review.s.units"), _totals_sheet(
        t("doc.lead"), sorted(units.items(), key=lambda p: (-len(p[1]), p[0])), lang)))
    number_headings(doc.sections, lang)
    doc.closing.append(t("review.closing"))  # a 报告 ends so, and its signature stays with it
    return doc


def _counts(items: Sequence[Item]) -> dict[str, int]:
    """Items by status; an item carried over to a later meeting counts as `carried`, not as
    cancelled."""
    counts = {s: sum(item.status == s for item in items) for s in STATUSES}
    counts["carried"] = sum(item.carried_to is not None and item.status == "cancelled"
                            for item in items)  # an open one is refused by validate
    counts["cancelled"] -= counts["carried"]
    return counts


def _in_force(items: Sequence[Item], counts: dict[str, int]) -> int:
    """What the done ratio is over: neither cancelled nor carried over."""
    return len(items) - counts["cancelled"] - counts["carried"]


def _totals_sheet(head: str, groups: Sequence[tuple[str, Sequence[Item]]],
                  lang: str) -> Sheet:
    carried = any(item.carried_to is not None for _, items in groups for item in items)
    kinds = [*STATUSES, *(["carried"] if carried else [])]  # the column only where needed
    sheet = Sheet("", [Column(head)] + [Column(msg(k, lang), "right", no_wrap=True) for k in (
        "total", *(f"status.{s}" for s in kinds), "review.ratio")])
    for name, items in groups:
        counts = _counts(items)
        in_force = _in_force(items, counts)
        sheet.add(name, str(len(items)), *(str(counts[s]) for s in kinds),
                  percent(counts["done"] / in_force if in_force else None, lang))
    return sheet


def _item_text(n: int, r: Reviewed, lang: str) -> list[str]:
    def t(key: str, **params: object) -> str:
        return msg(key, lang, **params)

    item = r.item
    partners = t("review.partners", units=t("sep.list").join(r.partners)) if r.partners else ""
    due = t("review.due", due=long_date(item.due, lang)) if item.due else ""
    status = t("status.carried" if item.carried_to else f"status.{item.status}")
    lines = [t("review.item", n=n, title=item.title, lead=leads_text(r.leads, lang, document=True),
               partners=partners,
               status=status, due=due)
             + (t("doc.carried", meeting=r.carried_from) if r.carried_from else "")]
    latest = item.dated_work[-KEY_UPDATES:]
    if latest:
        lines.append(t("review.progress", text=sentences(
            [f"{long_date(u.date, lang)}{t('sep.clause')}{note_text(u.note)}" for u in latest],
            lang)))
    elif item.status not in ("done", "cancelled"):
        lines.append(t("review.no_progress"))
    if item.status == "done" and item.evidence:
        lines.append(t("review.evidence", text=sentences(item.evidence, lang)))
    return lines


def sentences(parts: Sequence[str], lang: str) -> str:
    """Notes joined as one sentence: each one's own full stop gives way to the separator,
    and the whole ends with one."""
    return unstopped(clauses(parts, lang)) + msg("sep.stop", lang)


def _why(r: Reviewed, lang: str) -> str:
    """Why an item is a problem, as the clause of a sentence."""
    if r.item.status == "blocked":
        latest = max(r.item.updates, key=lambda u: u.date, default=None)
        if latest is None:
            return msg("review.why_blocked", lang)
        return msg("review.why_blocked_because", lang, reason=unstopped(note_text(latest.note)))
    # a problem that is not blocked has its red or orange warning (is_problem)
    return reason_words(r.alert, lang) if r.alert is not None else ""
