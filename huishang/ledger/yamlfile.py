"""Read one YAML file as hostile input: plain data plus the line and column of every value.

Every file may come from a pull request, so nothing here trusts it:

* the size is checked before reading, and links and special files are never opened;
* bytes must be UTF-8 without control characters (a BOM and CRLF are fine);
* nesting depth is bounded from the raw text *before* any parser runs: libyaml's
  composer recurses in C (it crashes the process on ~50,000 nested brackets)
  and its event parser slows down quadratically on deep flow nesting;
* anchors, aliases and explicit tags are refused, so there are no alias bombs
  and no `!!python/...` objects; duplicate keys are refused;
* scalars are typed by the YAML 1.2 core schema, not YAML 1.1 guessing:
  `no` stays the text "no", `10:00` stays "10:00", dates stay text for the
  models to check. Quoted scalars are always text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from huishang.ledger.problems import Problem, problem
from huishang.ledger.rawfile import read_bytes

try:  # PyYAML built with libyaml: the fast C parser and composer
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
    from yaml.cyaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


DEFAULT_MAX_BYTES = 512 * 1024
MAX_DEPTH = 32  # our files nest four levels at most; anything deeper is not a ledger file
_ROUGH_DEPTH_LIMIT = 1000  # a text-level bound that keeps the C composer far from trouble

Loc = tuple[str | int, ...]
Pos = tuple[int, int]

_IMPLICIT = "huishang:implicit"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]")
_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)

# YAML 1.2 core schema, for plain (unquoted) scalars only.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


@dataclass(frozen=True)
class SourceMap:
    """Where each value (and each mapping key) stands in the file, 1-based."""

    values: dict[Loc, Pos]
    keys: dict[Loc, Pos]
    raw: dict[Loc, str]  # the written text of plain scalars typed as numbers, booleans or null

    def at(self, loc: Loc) -> Pos:
        """The position of the value at `loc`, or of its nearest enclosing value."""
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def key_at(self, loc: Loc) -> Pos:
        return self.keys.get(loc) or self.at(loc)


@dataclass(frozen=True)
class YamlDoc:
    data: dict[str, Any]
    source: SourceMap


class _Composer(_Parser, BaseResolver):
    """The C composer with a resolver that types nothing: we type scalars ourselves."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _IMPLICIT


def compose(text: str) -> Node | None:
    """The node tree of a YAML text, its scalars untyped (see plain_scalar); None when
    the text holds no document. yaml.YAMLError when it is not YAML."""
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


_NUMBER_START = frozenset("0123456789+-.")
_SPECIAL_START = frozenset("~nNtTfF")


def plain_scalar(text: str) -> Any:
    """Type an unquoted scalar as the YAML 1.2 core schema does."""
    # Most scalars are text; their first character says so without any pattern.
    if text and text[0] not in _NUMBER_START and text[0] not in _SPECIAL_START:
        return text
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT10.match(text):
        return int(text, 10)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
    return text


def read_yaml(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[
    YamlDoc | None, list[Problem]
]:
    """Read and parse one file; never raises for anything the file itself contains."""
    raw, problems = read_bytes(path, rel, max_bytes)
    if raw is None:
        return None, problems
    text, problems = decode(raw, rel)
    if text is None:
        return None, problems
    return parse_yaml(text, rel)


def decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text without its BOM; control characters are reported where they stand."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [problem(rel, (line, column), "", "file.not_utf8")]
    found = [
        problem(rel, _offset_pos(text, m.start()), "", "file.control_char",
                char=f"U+{ord(m.group()):04X}")
        for m in CONTROL.finditer(text)
    ]
    if found:
        return None, found[:5]
    return text, []


def parse_yaml(text: str, rel: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse decoded text into plain data with positions, refusing what is unsafe."""
    # A text can nest no deeper than it is long, so short files skip the bound.
    if len(text) > _ROUGH_DEPTH_LIMIT and _rough_depth(text) > _ROUGH_DEPTH_LIMIT:
        return None, [problem(rel, (1, 1), "", "yaml.too_deep", limit=MAX_DEPTH)]
    if "&" in text or "*" in text or "!" in text:
        # Only files that could hold anchors, aliases or tags pay for this scan;
        # it names each one at its own position.
        refused = _scan_events(text, rel)
        if refused:
            return None, refused
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, rel, text)]
    except yaml.YAMLError as exc:
        return None, [problem(rel, (1, 1), "", "yaml.syntax", problem=str(exc))]
    except RecursionError:  # only the pure-Python composer can get here
        return None, [problem(rel, (1, 1), "", "yaml.too_deep", limit=MAX_DEPTH)]
    if root is None:
        return None, [problem(rel, (1, 1), "", "yaml.empty")]
    builder = _Builder(rel)
    data = builder.build(root, (), 1)
    if builder.problems:
        return None, builder.problems
    if not isinstance(data, dict):
        return None, [problem(rel, _pos(root), "", "yaml.not_mapping")]
    return YamlDoc(data, SourceMap(builder.values, builder.keys, builder.raw)), []


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing oddities."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.values: dict[Loc, Pos] = {}
        self.keys: dict[Loc, Pos] = {}
        self.raw: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        mark = node.start_mark
        self.values[loc] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self._add(node, loc, "yaml.too_deep", limit=MAX_DEPTH)
            return None
        if id(node) in self._seen:  # an alias the event scan did not catch
            self._add(node, loc, "yaml.alias", name="")
            return None
        self._seen.add(id(node))
        if node.tag != _IMPLICIT:
            self._add(node, loc, "yaml.tag", tag=_short_tag(node.tag))
            return None
        if isinstance(node, ScalarNode):
            if node.style not in (None, ""):
                return node.value
            value = plain_scalar(node.value)
            if not isinstance(value, str):
                self.raw[loc] = node.value
            return value
        if isinstance(node, SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _IMPLICIT:
                self._add(key_node, loc, "yaml.key_not_text")
                continue
            key = key_node.value
            key_loc = (*loc, key)
            if key_loc in self.keys:
                first = self.keys[key_loc][0]
                self._add(key_node, key_loc, "yaml.duplicate_key", first_line=first)
                continue
            mark = key_node.start_mark
            self.keys[key_loc] = (mark.line + 1, mark.column + 1)
            hidden = INVISIBLE.search(key)
            if hidden:
                self._add(key_node, key_loc, "text.invisible_char",
                          char=f"U+{ord(hidden.group()):04X}")
            result[key] = self.build(value_node, key_loc, depth + 1)
        return result

    def _add(self, node: Node, loc: Loc, code: str, **params: Any) -> None:
        self.problems.append(problem(self.rel, _pos(node), dotted(loc), code, **params))


def dotted(loc: Loc) -> str:
    """('updates', 1, 'date') -> 'updates[1].date', the way a clerk reads a field."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", out)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _scan_events(text: str, rel: str) -> list[Problem]:
    found: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, yaml.AliasEvent):
                found.append(problem(rel, pos, "", "yaml.alias", name=event.anchor))
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                found.append(problem(rel, pos, "", "yaml.anchor", name=anchor))
            tag = getattr(event, "tag", None)
            if tag is not None:
                found.append(problem(rel, pos, "", "yaml.tag", tag=_short_tag(tag)))
    except yaml.MarkedYAMLError as exc:
        found.append(_syntax_problem(exc, rel, text))
    except yaml.YAMLError as exc:
        found.append(problem(rel, (1, 1), "", "yaml.syntax", problem=str(exc)))
    return found


# `status:in_progress`: a key glued to its value, which YAML reads as one plain word.
_GLUED = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?=[^\s:])")


def _glued_key(exc: yaml.MarkedYAMLError, text: str) -> tuple[Pos, str, str] | None:
    """Where a syntax error comes from a key glued to its value, that key and value.

    libyaml reads `status:in_progress` as a plain word that goes on to the next line, so
    it complains there; the glued line is the one the error began at, or the one above."""
    if exc.problem not in ("could not find expected ':'", "mapping values are not allowed here",
                           "mapping values are not allowed in this context"):
        return None
    end = exc.problem_mark
    if end is None:
        return None
    start = exc.context_mark.line if exc.context_mark is not None else max(end.line - 1, 0)
    lines = text.splitlines()
    for number in range(start, min(end.line + 1, len(lines))):
        found = _GLUED.match(lines[number])
        if found:
            value = lines[number][found.end():].strip()
            return (number + 1, found.end() + 1), found.group(2), value
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, rel: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    glued = _glued_key(exc, text)
    if glued is not None:
        return problem(rel, glued[0], "", "yaml.colon_space", key=glued[1], value=glued[2])
    if "expected a single document" in str(exc.context or ""):
        return problem(rel, pos, "", "yaml.multiple_documents")
    text = exc.problem or exc.context or "unknown"
    return problem(rel, pos, "", "yaml.syntax", problem=text)


def _rough_depth(text: str) -> int:
    """An upper bound on nesting depth, computed without a parser.

    Block nesting needs either deeper indentation or another `-`/`?`/`:`
    indicator at the start of a line; flow nesting needs another bracket.
    """
    prefix = max((len(m.group()) for m in _LINE_PREFIX.finditer(text)), default=0)
    brackets = text.count("[") + text.count("{")
    if prefix + brackets + 2 <= _ROUGH_DEPTH_LIMIT:
        return prefix + brackets + 2
    depth = deepest = 0
    for ch in re.sub(r"[^\[\]{}]", "", text):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return prefix + deepest + 2


def _pos(node: Node) -> Pos:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _offset_pos(text: str, offset: int) -> Pos:
    line_start = text.rfind("\n", 0, offset) + 1
    return (text.count("\n", 0, offset) + 1, offset - line_start + 1)
