"""The parts of a 公文 around its text (GB/T 9704-2012 §7): 发文机关 per kind of document,
主送机关, 发文字号, 联系人 and 联系电话, and the 版记 (抄送, 印发机关, 印发日期), from
`documents:` in huishang.yaml and the command's options."""

from __future__ import annotations

from collections.abc import Sequence

from huishang.ledger.models import DocumentSettings
from huishang.messages import msg
from huishang.output.document import Document


def issuer_of(settings: DocumentSettings, kind: str) -> str:
    """The 发文机关 of a kind of document: `issuers.<kind>`, else `issuer`, else none."""
    own: str | None = getattr(settings.issuers, kind)
    return own or settings.issuer or ""


def addressees(names: Sequence[str], lang: str) -> str:
    """主送机关 as written above the text: names joined with 、, then a full-width colon."""
    return msg("sep.list", lang).join(names) + msg("sep.colon", lang).strip() if names else ""


def complete(doc: Document, settings: DocumentSettings, kind: str, lang: str, *,
             to: Sequence[str] = (), cc: Sequence[str] = (), number: str = "") -> Document:
    """`doc` with its 公文 parts: the issuer and 主送 of its kind (`to` given on the command
    line rules over `documents.to`; a notice keeps its unit when neither says otherwise),
    the 发文字号, a notice's contact line, and the 版记 (抄送 of `cc`, else `documents.cc`;
    印发机关 and 印发日期 when there is an issuer)."""
    doc.issuer = issuer_of(settings, kind)
    default_to: str | None = getattr(settings.to, kind)
    if to:
        doc.addressee = addressees(to, lang)
    elif default_to:
        doc.addressee = addressees([default_to], lang)
    doc.number = number
    if kind == "notice" and (settings.contact or settings.phone):
        parts = [msg(key, lang, value=value) for key, value in (
            ("doc.contact", settings.contact), ("doc.phone", settings.phone)) if value]
        doc.contact = msg("doc.note", lang, text=msg("sep.clause", lang).join(parts))
    copies = list(cc) or settings.cc
    if copies:
        doc.cc = msg("doc.cc", lang, units=msg("sep.list", lang).join(copies))
    printer = settings.printed_by or doc.issuer
    if printer:
        doc.printed = (printer, msg("doc.printed_on", lang, date=doc.date))
    return doc
