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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from huishang.ledger.yamlfile import compose, plain_scalar

# The order fields are written in; a new field goes after the nearest earlier one present.
FIELD_ORDER = ("$schema", "id", "title", "aspect", "lead", "partners", "owner", "due",
               "status", "escalated", "updates", "done_on", "evidence", "corrections", "tags",
               "illustrative", "notes")



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


def block_entry(entry: dict[str, Any] | str, dash: int, content: int,
                flow_lists: bool = False) -> list[str]:
    """`- key: value` lines with the dash and the content at the columns given; a list
    value one inline entry a line, or with `flow_lists` inline itself (`short: [a, b]`)."""
    first = " " * dash + "-" + " " * max(content - dash - 1, 1)
    rest = " " * len(first)
    if not isinstance(entry, dict):
        return [first + scalar_text(entry)]
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        lead = first if i == 0 else rest
        if isinstance(value, list) and not flow_lists:  # a line each: `- {field: due, ...}`
            lines.append(f"{lead}{key}:")
            lines += [f"{rest}- {flow_text(v)}" for v in value]
        elif isinstance(value, dict):  # a small mapping inline: `was: {date: 2024-06-12}`
            lines.append(f"{lead}{key}: {flow_text(value)}")
        else:
            text = flow_text(value) if isinstance(value, list) else scalar_text(value)
            lines.append(f"{lead}{key}: {text}")
    return lines


def _child(node: Node, step: str | int) -> Node:
    """The value at `step` (a key, or a list's index) of a mapping or list node."""
    if isinstance(step, int) and isinstance(node, SequenceNode) and step < len(node.value):
        child: Node = node.value[step]
        return child
    if isinstance(step, str) and isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == step:
                found: Node = value_node
                return found
    raise ValueError(f"no {step!r} in the file")


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str
    rank: int  # at the same offset: entries of an existing list first, then new fields in order


class Editor:
    """Collects splices against the original text of one file's top-level mapping, or of the
    block mapping found at `at` (("units", 3): the fourth unit of units.yaml), whose new
    fields go in `order`."""

    def __init__(self, text: str, at: Sequence[str | int] = (),
                 order: Sequence[str] = FIELD_ORDER) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        root = compose(text)
        if not isinstance(root, MappingNode):
            raise ValueError("the file is not a mapping")
        self.top = root
        for step in at:
            root = _child(root, step)
        if not isinstance(root, MappingNode) or (at and root.flow_style):
            raise ValueError(f"{at} is not a block mapping")
        self.root = root
        self.order = tuple(order)
        # the new lines of a nested mapping start at the column of its keys
        self.indent = " " * int(root.value[0][0].start_mark.column) if at and root.value else ""
        self._splices: list[_Splice] = []
        self._new_lists: dict[str, list[dict[str, Any] | str]] = {}
        self._flow_lists = False

    def _order(self, key: str) -> int:
        return self.order.index(key) if key in self.order else len(self.order)

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
        earlier = self.order[: self._order(key)]
        best: int | None = None
        for key_node, value_node in self.root.value:
            if isinstance(key_node, ScalarNode) and key_node.value in earlier:
                end = self._line_after(self._content_end(value_node))
                best = end if best is None else max(best, end)
        if best is None and self.root is not self.top:  # at the end of the nested mapping
            best = self._line_after(self._content_end(self.root))
        return best if best is not None else self._line_after(len(self.text))

    # -- changes ----------------------------------------------------------------------------

    def _splice(self, start: int, end: int, text: str, rank: int = 0) -> None:
        self._splices.append(_Splice(start, end, text, rank))

    def _insert_lines(self, at: int, lines: list[str], key: str | None = None) -> None:
        rank = 0 if key is None else 1 + self._order(key)
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
        node: Node = self.top
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
            self._insert_lines(self._insertion_point(key), [f"{self.indent}{key}: {text}"],
                               key)
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

    def replace_entry(self, key: str, index: int, value: dict[str, Any]) -> None:
        """Write the `index`th entry of a top-level list anew, inline (`{name: 司法部}`): for
        an entry written inline, whose new fields have no line of their own to go on."""
        node = _child(_child(self.root, key), index)
        self._splice(int(node.start_mark.index), self._content_end(node), flow_text(value))

    def remove(self, key: str) -> None:
        """Delete a top-level field: its line(s), from the key to the end of its value."""
        found = self._entry(key)
        if found is None:
            return
        key_node, value_node = found
        start = int(key_node.start_mark.index)
        start = self.text.rfind("\n", 0, start) + 1  # from the start of the key's line
        self._splice(start, self._line_after(self._content_end(value_node)), "")

    def append(self, key: str, entry: dict[str, Any] | str, *, flow_lists: bool = False,
               expand_empty: bool = False) -> None:
        """Append an entry to a top-level list, creating the list when it is missing (the
        entries of a new list are written together, when the result is made). With
        `flow_lists` a mapping's lists are written inline; with `expand_empty` an empty
        `key: []` becomes a block list."""
        found = self._entry(key)
        self._flow_lists = self._flow_lists or flow_lists
        if found is None or (isinstance(found[1], ScalarNode) and found[1].value == "") or (
                expand_empty and isinstance(found[1], SequenceNode) and not found[1].value):
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
        self._insert_lines(at, block_entry(entry, dash, content, flow_lists))

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
            block = [f"{self.indent}{key}:", *(self.indent + line for e in entries
                                               for line in block_entry(e, 2, 4,
                                                                       self._flow_lists))]
            found = self._entry(key)
            if found is None:
                self._insert_lines(self._insertion_point(key), block, key)
            else:  # `key:` with an empty value: put the list on the following lines
                key_node, node = found
                line_end = self._line_after(int(node.end_mark.index))
                line_start = self.text.rfind("\n", 0, int(key_node.start_mark.index)) + 1
                self._splice(line_start, line_end,
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
