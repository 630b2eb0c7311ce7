"""Edit a person's YAML file by splicing text at positions the parser reports.

A round-trip through ruamel.yaml re-indents sequences, respaces flow lists and
re-quotes values, so its diff is larger than the change. Here nothing outside
the changed spans is touched: comments, key order, quoting, indentation,
line endings and the BOM stay byte for byte. The caller re-parses the result
and compares it with the intended data before writing anything.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from huishang.ledger.yamlfile import _Composer, plain_scalar

# The order fields are written in; a new field goes after the nearest earlier one present.
FIELD_ORDER = ("$schema", "id", "title", "aspect", "lead", "partners", "owner", "due",
               "status", "escalated", "updates", "done_on", "evidence", "corrections", "tags",
               "illustrative", "notes")

def _order(key: str) -> int:
    return FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)


_INDICATOR_START = set("-?:,[]{}#&*!|>'\"%@`")


def scalar_text(value: Any, flow: bool = False) -> str:
    """A value written as a YAML scalar that reads back as exactly that value.

    With `flow`, the value will stand inside [...] or {...}, where , [ ] { } end it.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and text[0] not in _INDICATOR_START
        and "\n" not in text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and plain_scalar(text) == text
        and isinstance(plain_scalar(text), str)
        and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)  # would read as a date elsewhere
        and not (flow and any(c in text for c in ",[]{}"))
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow_text(value: Any) -> str:
    """A value of any shape written inline: a mapping as `{k: v}` (keys whose value is
    None left out), a list as `[a, b]`, a scalar as `scalar_text` would in flow context."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow_text(v)}" for k, v in value.items()
                               if v is not None) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    if value is None:
        return "null"
    return scalar_text(value, flow=True)


def block_entry(entry: dict[str, Any] | str, dash: int, content: int) -> list[str]:
    """`- key: value` lines with the dash and the content at the columns given."""
    first = " " * dash + "-" + " " * max(content - dash - 1, 1)
    rest = " " * len(first)
    if not isinstance(entry, dict):
        return [first + scalar_text(entry)]
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        lead = first if i == 0 else rest
        if isinstance(value, list):  # one inline entry a line: `- {field: due, ...}`
            lines.append(f"{lead}{key}:")
            lines += [f"{rest}- {flow_text(v)}" for v in value]
        elif isinstance(value, dict):  # a small mapping inline: `was: {date: 2024-06-12}`
            lines.append(f"{lead}{key}: {flow_text(value)}")
        else:
            lines.append(f"{lead}{key}: {scalar_text(value)}")
    return lines


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str
    rank: int  # at the same offset: entries of an existing list first, then new fields in order


class Editor:
    """Collects splices against the original text of one file's top-level mapping."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        composer = _Composer(text)
        try:
            root = composer.get_single_node()
        finally:
            composer.dispose()
        if not isinstance(root, MappingNode):
            raise ValueError("the file is not a mapping")
        self.root = root
        self._splices: list[_Splice] = []
        self._new_lists: dict[str, list[dict[str, Any] | str]] = {}

    # -- reading the structure --------------------------------------------------------------

    def _entry(self, key: str) -> tuple[ScalarNode, Node] | None:
        for key_node, value_node in self.root.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return key_node, value_node
        return None

    def _content_end(self, node: Node) -> int:
        """Where a value's own text ends, before any comment lines that follow it."""
        if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
            return int(node.end_mark.index)
        children = node.value
        if not children:
            return int(node.end_mark.index)
        last = children[-1][1] if isinstance(node, MappingNode) else children[-1]
        return self._content_end(last)

    def _line_after(self, index: int) -> int:
        """The start of the line after the one holding `index` (or `index` if at a start)."""
        if index == 0 or self.text[index - 1] == "\n":
            return index
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline + 1

    def _insertion_point(self, key: str) -> int:
        """Where a new top-level `key` goes: after the nearest earlier field that exists."""
        earlier = FIELD_ORDER[: _order(key)]
        best: int | None = None
        for key_node, value_node in self.root.value:
            if isinstance(key_node, ScalarNode) and key_node.value in earlier:
                end = self._line_after(self._content_end(value_node))
                best = end if best is None else max(best, end)
        return best if best is not None else self._line_after(len(self.text))

    # -- changes ----------------------------------------------------------------------------

    def _splice(self, start: int, end: int, text: str, rank: int = 0) -> None:
        self._splices.append(_Splice(start, end, text, rank))

    def _insert_lines(self, at: int, lines: list[str], key: str | None = None) -> None:
        rank = 0 if key is None else 1 + _order(key)
        self._splice(at, at, "".join(line + self.newline for line in lines), rank)

    def _end_last_line(self) -> None:
        """Lines added after a last line without a line break: end it first, once however
        many insertions follow it."""
        end = len(self.text)
        if not self.text or self.text.endswith("\n"):
            return
        if any(sp.start == end for sp in self._splices):
            self._splice(end, end, self.newline, rank=-1)
            self._keep_last_block_value()

    def _keep_last_block_value(self) -> None:
        """A `|` or `>` block that ends the file without a line break has no final break in
        its value; once a line follows, it would gain one. Strip chomping (`|-`) keeps the
        value exactly as it was."""
        node: Node = self.root
        while isinstance(node, MappingNode | SequenceNode) and node.value:
            node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
        if not isinstance(node, ScalarNode) or node.style not in ("|", ">"):
            return
        start = int(node.start_mark.index)
        header = self.text[start:self.text.find("\n", start)]
        if "-" not in header and "+" not in header:
            self._splice(start + 1, start + 1, "-")

    def set_value(self, key: str, value: Any) -> None:
        """Set a top-level field, replacing only its value, or add it as a new line. A list
        or a mapping is written inline (`partners: [a, b]`, `owner: {person: 张三}`)."""
        found = self._entry(key)
        nested = isinstance(value, dict | list | tuple)
        text = flow_text(value) if nested else scalar_text(value)
        if found is None:
            self._insert_lines(self._insertion_point(key), [f"{key}: {text}"], key)
            return
        key_node, node = found
        if not isinstance(node, ScalarNode) or nested:
            # From just after the colon to the end of the old value, whatever its style.
            colon = self.text.index(":", int(key_node.end_mark.index))
            self._splice(colon + 1, self._content_end(node), " " + text)
            return
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        if start == end:  # `key:` with nothing after it: take the blanks up to a comment
            while end < len(self.text) and self.text[end] in " \t":
                end += 1
            at_comment = end < len(self.text) and self.text[end] == "#"
            text = " " + text + (" " if at_comment else "")
        self._splice(start, end, text)

    def remove(self, key: str) -> None:
        """Delete a top-level field: its line(s), from the key to the end of its value."""
        found = self._entry(key)
        if found is None:
            return
        key_node, value_node = found
        start = int(key_node.start_mark.index)
        start = self.text.rfind("\n", 0, start) + 1  # from the start of the key's line
        self._splice(start, self._line_after(self._content_end(value_node)), "")

    def append(self, key: str, entry: dict[str, Any] | str) -> None:
        """Append an entry to a top-level list, creating the list when it is missing (the
        entries of a new list are written together, when the result is made)."""
        found = self._entry(key)
        if found is None or (isinstance(found[1], ScalarNode) and found[1].value == ""):
            self._new_lists.setdefault(key, []).append(entry)
            return
        _, node = found
        if not isinstance(node, SequenceNode):
            raise ValueError(f"{key} is not a list")
        if node.flow_style:
            self._append_flow(node, entry)
            return
        dash = int(node.start_mark.column)
        first = node.value[0]
        same_line = first.start_mark.line == node.start_mark.line
        content = int(first.start_mark.column) if same_line else dash + 2
        at = self._line_after(self._content_end(node.value[-1]))
        self._insert_lines(at, block_entry(entry, dash, content))

    def _append_flow(self, node: SequenceNode, entry: dict[str, Any] | str) -> None:
        text = flow_text(entry)
        if node.value:
            self._splice(self._content_end(node.value[-1]), self._content_end(node.value[-1]),
                         ", " + text)
        else:
            close = int(node.end_mark.index) - 1  # the index of `]`
            self._splice(close, close, text)

    def _write_new_lists(self) -> None:
        for key, entries in self._new_lists.items():
            block = [f"{key}:", *(line for e in entries for line in block_entry(e, 2, 4))]
            found = self._entry(key)
            if found is None:
                self._insert_lines(self._insertion_point(key), block, key)
            else:  # `key:` with an empty value: put the list on the following lines
                key_node, node = found
                line_end = self._line_after(int(node.end_mark.index))
                self._splice(int(key_node.start_mark.index), line_end,
                             "".join(line + self.newline for line in block))
        self._new_lists = {}

    def result(self) -> str:
        self._write_new_lists()
        if not any(sp.rank == -1 for sp in self._splices):
            self._end_last_line()
        text = self.text
        # Applied from the end so that earlier offsets stay valid; a stable sort keeps the
        # order of calls among splices of equal offset and rank.
        # At one offset a replacement is applied before insertions, so it never swallows them.
        ordered = sorted(enumerate(self._splices),
                         key=lambda p: (p[1].start, p[1].end > p[1].start, p[1].rank, p[0]))
        for _, splice in reversed(ordered):
            text = text[: splice.start] + splice.text + text[splice.end:]
        return text
