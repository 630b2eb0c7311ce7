"""The ledger's records as strict, immutable pydantic models (and so its JSON Schemas)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from huishang.ledger.vocab import (
    CLOSED_STATUSES,
    LEVELS,
    STATUS_WORDS,
    STATUSES,
    ChangeField,
    Level,
    Status,
    key_of,
)
from huishang.ledger.yamlfile import DEFAULT_MAX_BYTES, INVISIBLE

__all__ = ["CLOSED_STATUSES", "LEVELS", "STATUSES"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date.invalid", "not a valid date: {value}", {"value": value})


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and line feed are text


def _text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("value.empty", "must not be empty")
    control = _CONTROL.search(value)  # only a quoted escape ("\e", "\x07") can put one here
    if control:
        raise PydanticCustomError("text.control_char", "control character {char}",
                                  {"char": f"U+{ord(control.group()):04X}"})
    return value


def _name(value: str) -> str:
    _text(value)
    hidden = INVISIBLE.search(value)
    if hidden:
        raise PydanticCustomError(
            "text.invisible_char", "invisible character {char}",
            {"char": f"U+{ord(hidden.group()):04X}"},
        )
    return value


def _id(value: str) -> str:
    if not _ID.fullmatch(value):
        _name(value)  # name an invisible character precisely when there is one
        raise PydanticCustomError("id.pattern", "bad id {value}", {"value": value})
    return value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise PydanticCustomError("email.invalid", "bad e-mail {value}", {"value": value})
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "timezone.unknown", "unknown time zone {value}", {"value": value}
        ) from None
    return value


_TEXT_SCHEMA = {"type": "string", "minLength": 1, "pattern": r"\S"}

IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Text = Annotated[str, AfterValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
# A name is text that is compared with other text (units, aspects, people), so
# invisible characters that would make two equal-looking names differ are refused.
Name = Annotated[str, AfterValidator(_name), WithJsonSchema(_TEXT_SCHEMA)]
Id = Annotated[
    str, AfterValidator(_id), WithJsonSchema({"type": "string", "pattern": f"^{_ID.pattern}$"})
]
Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]
TimeZoneName = Annotated[str, AfterValidator(_timezone)]


def _leads(value: Any) -> str | list[str]:
    """One lead unit as a name, or joint leads (共同牵头) as a list of names. Checked by
    hand rather than as a union, so that a wrong value is one problem in the clerk's words
    instead of one per form the field may take."""
    if isinstance(value, str):
        return _name(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PydanticCustomError("lead.type", "one unit, or a list of units")
    if not value:
        raise PydanticCustomError("lead.empty", "at least one unit")
    return [_name(v) for v in value]


# 牵头单位: `lead: 最高人民法院`, or `lead: [最高人民法院, 最高人民检察院]` when the minutes
# name joint leads; `Item.leads` is the tuple of them either way.
Leads = Annotated[
    str | list[str],
    PlainValidator(_leads),
    WithJsonSchema({"anyOf": [_TEXT_SCHEMA, {"type": "array", "items": _TEXT_SCHEMA,
                                             "minItems": 1}]}),
]


def _empty_list(description: str | None = None) -> Any:
    """A field that is an empty list unless given: a new list made for each record, shown
    in the JSON Schema with its default []. (pydantic deep-copies a `[]` default for every
    record it validates: a third of validating an item that leaves them out.)"""
    return Field(default_factory=list, description=description,
                 json_schema_extra={"default": []})


class Record(BaseModel):
    """Strict base: unknown keys are errors, nothing is coerced, records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Aspect(Record):
    """One aspect (方面) of a meeting, under which items are grouped."""

    key: Name = Field(description="Short key items refer to, e.g. A1")
    title: Text


class Meeting(Record):
    """One consultation meeting (会商会), kept as items/<id>/meeting.yaml."""

    id: Id = Field(description="Equals the folder name, e.g. 2023-06-12-fa-jian")
    title: Text
    date: IsoDate
    parties: list[Name] = Field(min_length=1, description="The institutions that met")
    level: Level
    kind: Literal["formal", "ad_hoc"] = Field(
        "formal", description="ad_hoc: a one-off consultation between meetings (一事一议)"
    )
    sequence: int | None = Field(None, ge=1, description="第N次会议")
    location: Text | None = None
    leaders: list[Text] = _empty_list()
    presenters: list[Text] = _empty_list()
    minutes: Text | None = Field(None, description="Reference to the minutes (会议纪要)")
    agreed_items: int | None = Field(
        None, ge=0, description="How many items the meeting agreed, as reported"
    )
    aspects: list[Aspect] = _empty_list()
    sources: list[Text] = _empty_list(description="Public reports the record is based on")
    illustrative: bool = Field(False, description="True when details are made up for a demo")
    notes: Text | None = None


class Owner(Record):
    """Who carries the item out (落实到庭、落实到人)."""

    division: Name | None = None
    person: Name | None = None

    @property
    def text(self) -> str:
        """How views show the owner: division, then person."""
        return " ".join(part for part in (self.division, self.person) if part)


class PartnerOwner(Owner):
    """Who carries out one partner unit's share (配合单位的责任部门、责任人)."""

    unit: Name = Field(description="One of the item's partners")


ChangeValue = Name | IsoDate | list[Name] | Owner | None


class FieldChange(Record):
    """A change of one of the item's agreed fields, recorded where it is made, with its
    reason (调整记录): `huishang update --due/--title/--lead/... --reason` writes it, and
    `check` accepts a changed field only with a record saying from what to what."""

    field: ChangeField
    before: ChangeValue = None
    after: ChangeValue = None
    reason: Text

    @model_validator(mode="before")
    @classmethod
    def _dates_of_due(cls, data: Any) -> Any:
        # The loader keeps dates as text; a deadline's values are dates, not names.
        if isinstance(data, dict) and data.get("field") == "due":
            data = {**data, **{side: _iso_date(data[side]) for side in ("before", "after")
                               if isinstance(data.get(side), str)}}
        return data

    @model_validator(mode="after")
    def _values_fit_the_field(self) -> FieldChange:
        kinds: dict[str, tuple[type, ...]] = {
            "due": (dt.date,), "title": (str,), "lead": (str, list), "partners": (list,),
            "owner": (Owner,), "aspect": (str,)}
        for side in (self.before, self.after):
            if side is not None and not isinstance(side, kinds[self.field]):
                raise PydanticCustomError("change.value_type",
                                          "a value that does not fit field {name}",
                                          {"name": self.field})
        return self


class Update(Record):
    """One dated progress note (落实反馈). The list is append-only: a note is added at the
    end even when it is dated earlier (a partner's feedback arriving late), so its date
    stays true; views order the notes by date (`Item.dated_updates`)."""

    date: IsoDate
    note: Text
    by: Name | None = None
    changes: list[FieldChange] = _empty_list(
        description="Agreed fields this update changed, each with its reason")

    @property
    def work(self) -> str | None:
        """The note as progress feedback (落实反馈); None when the update only records a
        change of agreed fields (调整), its note being the change's reason."""
        if self.changes and self.note.strip() in {c.reason.strip() for c in self.changes}:
            return None
        return self.note


class Corrected(Record):
    """The values a correction is about: a progress note's date or words, or the date an
    item was done."""

    date: IsoDate | None = None
    note: Text | None = None
    done_on: IsoDate | None = None


class Correction(Record):
    """A correction (更正) of a recorded value, kept beside it: the file keeps what was
    written; every view, report and export shows what is right (`huishang correct`)."""

    date: IsoDate = Field(description="When the correction was made")
    update: int | None = Field(None, ge=1, description="The progress note corrected, 1 the "
                               "oldest as the file lists them; none for done_on")
    was: Corrected = Field(description="What was recorded")
    now: Corrected = Field(description="What is right")
    reason: Text
    by: Name | None = None


def _status_word(value: Any) -> Any:
    """A status as people write it (推进中, 已完成) is read as its key; `validate` then says
    which form is canonical."""
    if isinstance(value, str):
        return key_of(value, STATUSES, STATUS_WORDS) or value
    return value


StatusField = Annotated[Status, BeforeValidator(_status_word)]


def _fixed(update: Update, fix: Correction, n: int) -> Update:
    """A progress note with a correction applied; its `was` must be what the file records."""
    changes = {k: (was, now) for k, was, now in (("date", fix.was.date, fix.now.date),
                                                   ("note", fix.was.note, fix.now.note))
               if now is not None}
    if not changes:
        raise PydanticCustomError("correction.what", "what is corrected", {"n": n})
    for key, (was, _) in changes.items():
        if was is None or getattr(update, key) != was:
            raise PydanticCustomError("correction.was_differs", "was differs",
                                      {"n": n, "written": str(getattr(update, key))})
    return update.model_copy(update={k: now for k, (_, now) in changes.items()})


class Item(Record):
    """One agreed item (会商事项), kept as items/<meeting-id>/<id>.yaml."""

    id: Id = Field(description="Equals the file name without .yaml; unique in the repo")
    title: Text
    aspect: Name | None = Field(None, description="A key from the meeting's aspects")
    lead: Leads = Field(description="Lead unit (牵头单位), or a list of joint leads (共同牵头)")
    partners: list[Name] = _empty_list(description="Cooperating units (配合单位)")
    owner: Owner | None = None
    partner_owners: list[PartnerOwner] = _empty_list(
        description="Optional: who carries out each partner's share, by unit")
    due: IsoDate | None = None
    status: StatusField
    escalated: bool = Field(False, description="Reported to a higher authority (请示报告)")
    updates: list[Update] = _empty_list()
    done_on: IsoDate | None = None
    evidence: list[Text] = _empty_list(
        description="Proof of completion: document no., link, file")
    tags: list[Name] = _empty_list()
    carried_from: Id | None = Field(
        None, description="The item of an earlier meeting this one takes over (上次会商转入)")
    carried_to: Id | None = Field(
        None, description="The item of a later meeting that took this one over (转入下次会商); "
        "the item is then closed as cancelled, and counted as carried over, not cancelled")
    illustrative: bool = Field(False, description="True when details are made up for a demo")
    notes: Text | None = None
    corrections: list[Correction] = _empty_list(
        description="Corrections of recorded values (更正), the originals kept")

    @model_validator(mode="after")
    def _corrected(self) -> Item:
        """The record as corrected: each correction replaces the value it names, and its
        `was` must be the value written (or left by the corrections before it): a `was`
        never recorded is refused, so the file's lines stay what `check` compares."""
        if not self.corrections:
            return self
        updates, done_on = list(self.updates), self.done_on
        for n, fix in enumerate(self.corrections, start=1):
            if fix.update is not None:
                if fix.update > len(updates) or fix.was.done_on or fix.now.done_on:
                    raise PydanticCustomError("correction.no_update", "no update {update}",
                                              {"n": n, "update": fix.update,
                                               "count": len(updates)})
                updates[fix.update - 1] = _fixed(updates[fix.update - 1], fix, n)
            else:
                if fix.now.done_on is None or fix.now.date or fix.now.note:
                    raise PydanticCustomError("correction.what", "what is corrected",
                                              {"n": n})
                if done_on != fix.was.done_on:
                    raise PydanticCustomError("correction.was_differs", "was differs",
                                              {"n": n, "written": str(done_on)})
                done_on = fix.now.done_on
        if updates == self.updates and done_on == self.done_on:
            return self
        # a frozen record: the corrected values are set once, while it is being made
        object.__setattr__(self, "updates", updates)
        object.__setattr__(self, "done_on", done_on)
        return self

    def as_written(self) -> tuple[list[Update], dt.date | None]:
        """The progress notes and done_on as the file writes them, before corrections: what
        `check` compares, as the file's lines are append-only whatever is corrected."""
        updates, done_on = list(self.updates), self.done_on
        for fix in reversed(self.corrections):
            if fix.update is not None:
                before = updates[fix.update - 1]
                updates[fix.update - 1] = before.model_copy(update={
                    k: v for k, v in (("date", fix.was.date), ("note", fix.was.note))
                    if v is not None})
            else:
                done_on = fix.was.done_on
        return updates, done_on

    def partner_owner(self, unit: str, canonical: Callable[[str], str]) -> Owner | None:
        """The owner of the partner `unit`'s share (names compared by `canonical`)."""
        want = canonical(unit)
        return next((o for o in self.partner_owners if canonical(o.unit) == want), None)

    @property
    def leads(self) -> tuple[str, ...]:
        """Every lead unit (牵头单位) of the item, in the order the file gives them: one, or
        joint leads (共同牵头). Code that shows or counts leads goes through this, never
        `lead`, whose form follows the file's."""
        return (self.lead,) if isinstance(self.lead, str) else tuple(self.lead)

    @property
    def dated_updates(self) -> list[Update]:
        """The progress notes by date; notes of one day keep the order they were added."""
        return [self.updates[i] for i in self.dated_positions]

    @property
    def dated_work(self) -> list[Update]:
        """The notes of work (落实反馈) by date: a change's reason is no progress to quote."""
        return [u for u in self.dated_updates if u.work is not None]

    @property
    def dated_positions(self) -> list[int]:
        """Where each note of `dated_updates` is in the file (0 the first): the n-th note
        `show` lists is `updates[dated_positions[n - 1]]`."""
        return sorted(range(len(self.updates)), key=lambda i: self.updates[i].date)

    @property
    def last_activity(self) -> dt.date | None:
        """The date of the latest progress note, wherever in the file it was added."""
        return max((u.date for u in self.updates), default=None)


class Unit(Record):
    """One institution or division in units.yaml."""

    name: Name = Field(description="Canonical full name, e.g. 最高人民法院")
    short: list[Name] = _empty_list(description="Short names, e.g. 最高法")
    level: Level | None = None
    parent: Name | None = None
    maintainers: list[Email] = _empty_list(description="Git e-mails allowed to change its items")
    contacts: list[Email] = _empty_list(
        description="E-mail addresses that receive the unit's notices and reminders")


class UnitsFile(Record):
    """units.yaml: the registry of units."""

    units: list[Unit]


class WarningThresholds(Record):
    """Thresholds of the three-colour early warning (红橙黄三色预警), in days."""

    red_overdue_days: int = Field(30, ge=0, description="Red: overdue by more than this")
    red_stale_days: int = Field(60, ge=1, description="Red: overdue and no update for this long")
    orange_stale_days: int = Field(
        60, ge=1, description="Orange: in progress with no update for this long"
    )
    orange_unstarted_days: int = Field(
        60, ge=1, description="Orange: still planned (未启动) this long after its meeting")
    yellow_due_within_days: int = Field(14, ge=0, description="Yellow: due within this many days")


class ReminderSettings(Record):
    """When `huishang remind` reminds a unit (临近提醒, 到期催办, 未反馈), and as whom."""

    before_days: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=lambda: [7, 3, 1], json_schema_extra={"default": [7, 3, 1]},
        description="临近提醒: on exactly these days before the deadline")
    overdue_every_days: int = Field(
        7, ge=1, description="到期催办: on the first overdue day, then every this many days")
    silent_after_day: int = Field(
        25, ge=1, le=31, description="未反馈: from this day of the month, a unit with no "
        "update this month is reminded (once a month)")
    sender: Text | None = Field(None, description="The name reminders are sent as, e.g. "
                                "某某省高级人民法院研究室")
    from_address: Email | None = Field(
        None, alias="from", description="The address mail is sent from; unset: the user of "
        "HUISHANG_SMTP_URL when it is an address, else huishang@ the mail server's host")


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _month(value: str) -> str:
    if not _MONTH.fullmatch(value):
        raise PydanticCustomError("month.invalid", "not a month YYYY-MM: {value}",
                                  {"value": value})
    return value


YearMonth = Annotated[str, AfterValidator(_month),
                      WithJsonSchema({"type": "string", "pattern": f"^{_MONTH.pattern}$"})]


class DocumentFonts(Record):
    """Fonts of the Word documents; unset, the 公文 standard's (GB/T 9704)."""

    title: Name | None = Field(None, description="Title (default 方正小标宋简体)")
    heading1: Name | None = Field(None, description="Level-1 headings (default 黑体)")
    heading2: Name | None = Field(None, description="Level-2 headings (default 楷体_GB2312)")
    body: Name | None = Field(None, description="Body text (default 仿宋_GB2312)")
    table: Name | None = Field(None, description="Tables (default 仿宋_GB2312)")


_NUMBER_PATTERN = re.compile(r"[^{}]*(\{(year|n)\}[^{}]*)*")


def _number_pattern(value: str) -> str:
    if not _NUMBER_PATTERN.fullmatch(value) or "{n}" not in value:
        raise PydanticCustomError(
            "numbering.invalid", "not a document number pattern with the number as n in braces: "
            "{value}", {"value": value})
    return value


NumberPattern = Annotated[str, AfterValidator(_text), AfterValidator(_number_pattern),
                          WithJsonSchema({"type": "string", "pattern": r"\{n\}"})]


class PerDocument(Record):
    """A value for each kind of document; unset, the kind has none (or the general one)."""

    bulletin: Text | None = Field(None, description="The monthly bulletin (月通报)")
    review: Text | None = Field(None, description="The 落实情况 report on a meeting")
    notice: Text | None = Field(None, description="The 督办提示函 to a unit")


class DocumentNumbering(Record):
    """发文字号 patterns per kind of document: {year} is the year of the 成文日期 and {n}
    counts up per kind and year (the counters are kept in numbers.yaml)."""

    bulletin: NumberPattern | None = None
    review: NumberPattern | None = None
    notice: NumberPattern | None = Field(None, description="e.g. 豫检研函〔{year}〕{n}号")


class DocumentSettings(Record):
    """How the Word documents (bulletin, review, notice) look and who issues them."""

    issuer: Text | None = Field(None, description="发文机关, e.g. 某某省高级人民法院研究室")
    issuers: PerDocument = Field(
        PerDocument(), description="发文机关 per kind of document, before `issuer`")
    to: PerDocument = Field(
        PerDocument(), description="主送机关 per kind of document (a notice's default is "
        "the unit it is written to); `--to` overrides")
    cc: list[Text] = _empty_list(description="抄送机关 in the 版记; `--cc` overrides")
    printed_by: Text | None = Field(
        None, description="印发机关 in the 版记 (default: the issuer)")
    contact: Text | None = Field(None, description="联系人 of a notice")
    phone: Text | None = Field(None, description="联系电话 of a notice")
    numbering: DocumentNumbering = DocumentNumbering()
    masthead: Text | None = Field(
        None, description="The bulletin's red header (红头); default 会商事项落实情况通报")
    first_issue: YearMonth | None = Field(
        None, description="The month whose bulletin is 第1期 (YYYY-MM); later months follow")
    template: Text | None = Field(
        None, description="The office's own .docx, relative to the repository: its styles, "
        "page setup, header and footer are kept, and the document is written after its text")
    next_steps: Text | None = Field(
        None, description="The bulletin's 下一步工作 paragraph, for the clerk to edit")
    fonts: DocumentFonts = DocumentFonts()


class RollupSource(Record):
    """One ledger this one rolls up (汇总): another unit's repository, read with git."""

    name: Id = Field(description="Short name; its items are named <name>:<id>, e.g. xj")
    url: Text = Field(description="Any git URL, or the path of a local repository")
    ref: Text = Field("main", description="The branch or tag to follow")
    depth: int | None = Field(
        None, ge=1, description="Fetch only this many commits (a shallow copy); unset, the "
        "whole history, which the bulletin and `history` read")


class InputLimits(Record):
    """Bounds on the spreadsheets `import` reads and the office templates documents are
    made on, checked before they are read, and on the ledger's own page templates as they
    run: a hostile file is refused at its part, cell or line, never exhausting memory or
    time. The defaults hold a real 台账 of thousands of rows."""

    rows: int = Field(20_000, ge=10, description="Rows of a sheet (or CSV file)")
    columns: int = Field(200, ge=10, le=16_384, description="Columns of a sheet")
    cell_chars: int = Field(32_767, ge=1_000, description="Characters in one cell "
                            "(Excel's own limit is 32,767)")
    merged_ranges: int = Field(5_000, ge=0, description="Merged ranges in one sheet")
    unzipped_bytes: int = Field(64 * 1024 * 1024, ge=1024 * 1024, le=1024 * 1024 * 1024,
                                description="Bytes of an .xlsx/.docx once unzipped")
    parts: int = Field(1_000, ge=10, description="Files inside an .xlsx/.docx")
    # the ledger's own page templates (templates/*.html) run bounded too
    template_seconds: float = Field(20.0, ge=1, le=3_600, description="Seconds a page's "
                                    "templates may run (the ledger's own templates/)")
    template_chars: int = Field(64 * 1024 * 1024, ge=1024 * 1024, le=1024 * 1024 * 1024,
                                description="Characters of one page made with the "
                                "ledger's own templates/")
    template_number: int = Field(100_000, ge=10_000, le=10_000_000, description="Largest "
                                 "number a page template may give a filter, function or **")


class Settings(Record):
    """huishang.yaml: settings of one ledger repository."""

    timezone: TimeZoneName = Field("Asia/Shanghai", description="Where 'today' is taken")
    lang: Literal["zh", "en"] = "zh"
    warnings: WarningThresholds = WarningThresholds()
    max_file_bytes: int = Field(DEFAULT_MAX_BYTES, ge=1024, le=16 * 1024 * 1024)
    limits: InputLimits = InputLimits()
    ownership: Literal["off", "warning", "error"] = Field(
        "off", description="Changes to a unit's items by non-maintainers: ignored, warned, refused"
    )
    documents: DocumentSettings = DocumentSettings()
    rollup: list[RollupSource] = _empty_list(
        description="Ledgers rolled up into this one's views (see `huishang sync`)")
    rollup_stale_days: int = Field(
        7, ge=1, description="Views say so when a rolled-up ledger was synced longer ago")
    reminders: ReminderSettings = ReminderSettings()
