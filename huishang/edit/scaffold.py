"""The text of new files: a new ledger (init), a new meeting, a new item with the next id."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huishang.edit.splice import block_entry, scalar_text
from huishang.errors import HuishangError
from huishang.ledger.layout import ITEMS_DIR, MEETING_FILE, SUFFIX, item_id_of, item_number
from huishang.ledger.records import Ledger, folder_of

MODELINE = "# yaml-language-server: $schema={up}schemas/{name}.schema.json\n"

SETTINGS_TEMPLATE = """\
# yaml-language-server: $schema=schemas/settings.schema.json
# huishang 台账设置。Settings of this ledger repository; every field is optional.
timezone: Asia/Shanghai       # “今天”按此时区计算 (IANA name)
lang: zh                      # zh | en：表格标签与提示的语言
warnings:                     # 三色预警阈值（天） three-colour warning thresholds, in days
  red_overdue_days: 30        # 红：逾期超过 30 天
  red_stale_days: 60          # 红：逾期且 60 天无进展
  orange_stale_days: 60       # 橙：推进中或受阻且 60 天无进展（逾期也为橙）
  orange_unstarted_days: 60   # 橙：会后 60 天仍未启动
  yellow_due_within_days: 14  # 黄：14 天内到期
max_file_bytes: 524288        # 单个文件大小上限（字节）
ownership: "off"              # off | warning | error：非维护人修改本单位事项时
# 公文（月通报、落实情况报告、督办提示函）的发文机关、主送、抄送、发文字号等；
# 去掉行首的 # 并改为本单位的名称即可。Documents: issuer, addressees, copies, numbers.
# documents:
#   issuer: 某某省高级人民法院研究室      # 发文机关（署名、印发机关）
#   issuers:                              # 按文种另设发文机关（可选）
#     notice: 某某省人民检察院研究室
#   to:                                   # 默认主送机关（命令行 --to 可改）
#     bulletin: 各有关单位
#     review: 会商办公室
#   cc: [某某省人民检察院办公室]          # 版记抄送（命令行 --cc 可改）
#   contact: 张三                         # 督办提示函的联系人
#   phone: 0371-12345678                  # 联系电话
#   numbering:                            # 发文字号：{year} 年份，{n} 按年顺序编号
#     notice: 某法研函〔{year}〕{n}号      # 计数记在 numbers.yaml，随台账提交
#   first_issue: 2024-01                  # 月通报第1期的月份
"""

NUMBERS_HEADER = """\
# 发文字号计数：每类公文每年已用的最后一个序号（huishang 自动维护，请随台账提交）。
# Document numbers: the last number used per kind and year (kept by huishang; commit it).
"""

UNITS_TEMPLATE = """\
# yaml-language-server: $schema=schemas/units.schema.json
# 单位名录：事项的牵头单位、配合单位须在此登记（全称或简称均可引用）。
# The registry of units; items may name a unit by its full name or a short name.
units: []
# 示例 Example:
# units:
#   - name: 最高人民法院
#     short: [最高法]
#     level: national
#     maintainers: [clerk@example.cn]   # 可修改本单位事项的 git 邮箱
"""

GITIGNORE = ".huishang-cache/\n"

PRE_COMMIT = """\
# pre-commit: check the whole ledger before each commit.
repos:
  - repo: local
    hooks:
      - id: huishang-validate
        name: huishang validate
        entry: huishang validate
        language: system
        pass_filenames: false
        files: ^(items/|units\\.yaml$|huishang\\.yaml$)
"""

def init_files() -> dict[str, str]:
    """Relative path -> text of every file `huishang init` creates (schemas come apart)."""
    return {
        "huishang.yaml": SETTINGS_TEMPLATE,
        "units.yaml": UNITS_TEMPLATE,
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT,
    }


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(scalar_text(v, flow=True) for v in values) + "]"


@dataclass(frozen=True)
class MeetingDetails:
    """What a meeting's record holds beyond its id, title, date, parties and level."""

    kind: str = "formal"
    sequence: int | None = None
    location: str | None = None
    leaders: Sequence[str] = ()
    presenters: Sequence[str] = ()
    minutes: str | None = None
    agreed_items: int | None = None
    aspects: Sequence[tuple[str, str]] = ()  # (key, title), in the minutes' order


def meeting_text(meeting_id: str, title: str, date: dt.date, parties: Sequence[str],
                 level: str, details: MeetingDetails = MeetingDetails()) -> str:
    """A new meeting's file, fields in the order of the schema."""
    d = details
    lines = [
        MODELINE.format(up="../../", name="meeting").rstrip("\n"),
        f"id: {meeting_id}",
        f"title: {scalar_text(title)}",
        f"date: {date.isoformat()}",
        f"parties: {_flow_list(parties)}",
        f"level: {level}",
    ]
    if d.kind != "formal":
        lines.append(f"kind: {d.kind}")
    if d.sequence is not None:
        lines.append(f"sequence: {d.sequence}")
    if d.location is not None:
        lines.append(f"location: {scalar_text(d.location)}")
    for key, names in (("leaders", d.leaders), ("presenters", d.presenters)):
        if names:
            lines += [f"{key}:", *(line for n in names for line in block_entry(n, 2, 4))]
    if d.minutes is not None:
        lines.append(f"minutes: {scalar_text(d.minutes)}")
    if d.agreed_items is not None:
        lines.append(f"agreed_items: {d.agreed_items}")
    if d.aspects:
        lines.append("aspects:")
        lines += [line for key, aspect in d.aspects
                  for line in block_entry({"key": key, "title": aspect}, 2, 4)]
    else:
        lines += [
            "# aspects:                 # 会商事项的方面，事项以 aspect 引用其 key",
            "#   - key: A1",
            "#     title: 共同深化落实认罪认罚从宽制度",
        ]
    return "\n".join(lines) + "\n"


def item_text(item_id: str, title: str, lead: str | Sequence[str], *,
              partners: Sequence[str] = (),
              aspect: str | None = None, due: dt.date | None = None,
              division: str | None = None, person: str | None = None,
              status: str = "planned", updates: Sequence[Mapping[str, Any]] = (),
              done_on: dt.date | None = None, evidence: Sequence[str] = (),
              notes: str | None = None) -> str:
    """A new item's file, fields in the order `update` keeps them; one lead as a name,
    joint leads (共同牵头) as a list."""
    lines = [
        MODELINE.format(up="../../", name="item").rstrip("\n"),
        f"id: {item_id}",
        f"title: {scalar_text(title)}",
    ]
    if aspect is not None:
        lines.append(f"aspect: {scalar_text(aspect)}")
    leads = [lead] if isinstance(lead, str) else list(lead)
    lines.append(f"lead: {scalar_text(leads[0]) if len(leads) == 1 else _flow_list(leads)}")
    if partners:
        lines.append(f"partners: {_flow_list(partners)}")
    if division or person:
        lines.append("owner:")
        if division:
            lines.append(f"  division: {scalar_text(division)}")
        if person:
            lines.append(f"  person: {scalar_text(person)}")
    if due is not None:
        lines.append(f"due: {due.isoformat()}")
    lines.append(f"status: {status}")
    if updates:
        lines += ["updates:", *(line for u in updates for line in block_entry(dict(u), 2, 4))]
    if done_on is not None:
        lines.append(f"done_on: {done_on.isoformat()}")
    if evidence:
        lines += ["evidence:", *(line for e in evidence for line in block_entry(e, 2, 4))]
    if notes is not None:
        lines.append(f"notes: {scalar_text(notes)}")
    return "\n".join(lines) + "\n"


def next_item_id(ledger: Ledger, meeting_id: str) -> str:
    """The next free `<meeting-id>-NN` in the meeting's folder, unique in the repository.

    The id is the file name, so two branches that pick the same id meet as a git
    conflict on that file instead of one silently replacing the other.
    """
    folder = ledger.root / ITEMS_DIR / meeting_id
    pattern = re.compile(re.escape(meeting_id) + r"-(\d+)" + re.escape(SUFFIX))
    numbers = [int(m.group(1)) for p in _names(folder) if (m := pattern.fullmatch(p))]
    taken = {e.record.id for e in ledger.items}
    number = max(numbers, default=0) + 1
    while True:
        candidate = item_id_of(meeting_id, number)
        if candidate not in taken and not (folder / f"{candidate}{SUFFIX}").exists():
            return candidate
        number += 1


def numbered_item_id(ledger: Ledger, meeting_id: str, number: int) -> str:
    """The id of the meeting's item number `number` in its minutes, refused when taken."""
    item_id = item_id_of(meeting_id, number)
    for entry in ledger.items:
        in_meeting = folder_of(entry.path) == meeting_id
        if entry.record.id == item_id or (in_meeting and item_number(entry.record.id) == number):
            raise HuishangError("item.number_taken", number=number, meeting=meeting_id,
                                path=entry.path)
    return item_id


def _names(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir()] if folder.is_dir() else []


def meeting_path(meeting_id: str) -> str:
    return f"{ITEMS_DIR}/{meeting_id}/{MEETING_FILE}"


def item_path(meeting_id: str, item_id: str) -> str:
    return f"{ITEMS_DIR}/{meeting_id}/{item_id}{SUFFIX}"
