"""The closed vocabularies of the ledger, in one place and without heavy imports, so that the
models, the views and the command line's choices all agree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

Status = Literal["planned", "in_progress", "blocked", "done", "cancelled"]
Level = Literal["national", "provincial", "municipal", "county"]
Colour = Literal["red", "orange", "yellow"]
# The agreed fields of an item, changed only with a recorded reason.
ChangeField = Literal["title", "aspect", "lead", "partners", "owner", "due"]

STATUSES: tuple[str, ...] = get_args(Status)
CLOSED_STATUSES: tuple[str, ...] = ("done", "cancelled")
LEVELS: tuple[str, ...] = get_args(Level)
COLOURS: tuple[Colour, ...] = get_args(Colour)
CHANGE_FIELDS: tuple[str, ...] = get_args(ChangeField)
GROUPINGS: tuple[str, ...] = ("meeting", "aspect", "lead", "unit", "owner", "level", "source")
SORTS: tuple[str, ...] = ("due", "id", "lead", "overdue")


# The words people write for a status or a colour, mapped to the key files keep. The
# labels huishang prints come first; the rest are usual synonyms in offices' ledgers.
STATUS_WORDS: dict[str, str] = {
    "未启动": "planned", "未开始": "planned", "尚未启动": "planned", "待启动": "planned",
    "推进中": "in_progress", "进行中": "in_progress", "正在推进": "in_progress",
    "落实中": "in_progress", "办理中": "in_progress", "已启动": "in_progress",
    "受阻": "blocked", "阻滞": "blocked", "停滞": "blocked", "推进受阻": "blocked",
    "已办结": "done", "办结": "done", "已完成": "done", "完成": "done", "已落实": "done",
    "已终止": "cancelled", "已撤销": "cancelled", "已取消": "cancelled", "终止": "cancelled",
    "撤销": "cancelled", "取消": "cancelled",
}
COLOUR_WORDS: dict[str, str] = {
    "红": "red", "红色": "red", "红灯": "red", "红色预警": "red",
    "橙": "orange", "橙色": "orange", "橙灯": "orange", "橙色预警": "orange",
    "黄": "yellow", "黄色": "yellow", "黄灯": "yellow", "黄色预警": "yellow",
}


def key_of(word: str, keys: tuple[str, ...], words: dict[str, str]) -> str | None:
    """The key for a word as people type it: the key itself (any case, `-` for `_`), or a
    Chinese label or synonym; None when it is neither."""
    text = word.strip()
    plain = text.lower().replace("-", "_").replace(" ", "_")
    if plain in keys:
        return plain
    return words.get(text)


def closest(name: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The names most like `name`, best first: for "did you mean". Chinese unit names
    differ by a character or two (自治区高级法院, 自治区高院), so the bar is low."""
    import difflib

    pool = sorted(set(names))
    found = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    found += [x for x in pool if (name in x or x in name) and x not in found]
    return found[:n]

# What parts an aspect's key from its title on the command line: X1=共同推进政治机关建设.
ASPECT_SEPARATORS = "=＝："
