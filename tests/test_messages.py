"""Every user-facing text comes from the one message table, in both languages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml

from huishang.messages import MESSAGES, msg

PACKAGE = Path(__file__).resolve().parent.parent / "huishang"
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Files whose Chinese text is not shown by huishang but written into a new ledger's files,
# commented in both languages for the clerk who edits them.
FILE_TEMPLATES = {"edit/scaffold.py", "edit/ci.py"}
# Files whose Chinese text is read, never shown: the words people type for a status or a
# colour, and the forms of a date.
INPUT_WORDS = {"ledger/vocab.py", "ledger/dates.py", "exchange/columns.py",
               "exchange/values.py"}
# The 公文 standard's font names and heading numerals: names the standard fixes, not words.
STANDARD_NAMES = {"output/gongwen.py", "output/fonts.py"}
# Keywords whose text is help or a JSON Schema description: fixed at import, both languages.
BILINGUAL_KEYWORDS = {"help", "description", "metavar", "epilog"}
PRINTERS = {"echo", "write", "secho", "print"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_both_languages_with_the_same_parameters(code: str) -> None:
    zh, en = MESSAGES[code]
    assert zh.strip() or code.startswith("sep."), code
    assert en.strip() or code.startswith("sep."), code
    assert not CJK.search(en), f"{code}: the English text has Chinese in it: {en!r}"
    assert _fields(zh) == _fields(en), code


def _sources() -> list[tuple[str, ast.Module]]:
    return [(p.relative_to(PACKAGE).as_posix(), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(PACKAGE.rglob("*.py")) if p.name != "messages.py"]


def _exempt_nodes(tree: ast.Module) -> set[int]:
    """Docstrings, bilingual help and schema descriptions, and input separators (the first
    argument of `.replace`, which reads what people type rather than showing anything)."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        elif isinstance(node, ast.keyword) and node.arg in BILINGUAL_KEYWORDS:
            exempt |= {id(sub) for sub in ast.walk(node.value)}
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "replace" and node.args):
            exempt.add(id(node.args[0]))
    return exempt


def chinese_literals(sources: list[tuple[str, ast.Module]]) -> list[str]:
    found = []
    for rel, tree in sources:
        if rel in FILE_TEMPLATES | INPUT_WORDS | STANDARD_NAMES:
            continue
        exempt = _exempt_nodes(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CJK.search(node.value) and id(node) not in exempt):
                found.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
    return found


def test_no_chinese_text_outside_the_table() -> None:
    assert chinese_literals(_sources()) == []


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _outside_calls(node: ast.AST) -> list[ast.AST]:
    """`node` and what it holds, except inside calls (msg(...), say(...): the table's
    words, with their codes as arguments)."""
    if isinstance(node, ast.Call):
        return []
    return [node, *(n for child in ast.iter_child_nodes(node) for n in _outside_calls(child))]


def printed_words(sources: list[tuple[str, ast.Module]]) -> list[str]:
    """Literal English words handed straight to a printer: they would not follow --lang."""
    found = []
    for rel, tree in sources:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in PRINTERS):
                continue
            for sub in (c for arg in node.args for c in _outside_calls(arg)):
                if (isinstance(sub, ast.Constant) and isinstance(sub.value, str)
                        and WORD.search(sub.value.replace("huishang", ""))):
                    found.append(f"{rel}:{sub.lineno}: {sub.value[:40]!r}")
    return found


def test_no_printed_words_outside_the_table() -> None:
    assert printed_words(_sources()) == []


def codes_used() -> list[tuple[str, str]]:
    """(place, code) of every message code written as a literal in the package."""
    takers = {"msg", "say", "HuishangError", "t", "problem", "at"}
    used = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in takers):
                continue
            for arg in node.args:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+|[a-z_]+", arg.value)):
                    used.append((f"{rel}:{node.lineno}", arg.value))
    return used


def test_every_code_used_is_in_the_table() -> None:
    used = codes_used()
    assert len(used) > 100  # the scan sees the package's calls
    missing = [(where, code) for where, code in used
               if code not in MESSAGES and "." in code]
    assert missing == []


def test_the_scans_catch_what_they_look_for() -> None:
    """The scans above fail on the mistakes they exist for, and pass the right way."""
    planted = ast.parse(
        'import sys, typer\n'
        'def f(lang):\n'
        '    """说明：文档字符串不算"""\n'
        '    typer.echo("wrote the file")\n'
        '    sys.stderr.write(f"{x} 未写入 (nothing written)\\n")\n'
        '    typer.echo(say("write.nothing"))\n'
        '    typer.echo(say("write.nothing") + " wrote the file")\n'
        '    return text.replace("、", ",")\n')
    sources = [("planted.py", planted)]
    assert chinese_literals(sources) == ["planted.py:5: ' 未写入 (nothing written)\\n'"]
    assert printed_words(sources) == ["planted.py:4: 'wrote the file'",
                                      "planted.py:5: ' 未写入 (nothing written)\\n'",
                                      "planted.py:7: ' wrote the file'"]


def test_lookup_fills_parameters_in_each_language() -> None:
    assert msg("update.due_same", "zh", due="2024-06-30") == "完成时限已是 2024-06-30"
    assert msg("update.due_same", "en", due="2024-06-30") == "the deadline is already 2024-06-30"
    assert msg("type.text", "en", got="int") == "expected text, got a number"


def _fixed_texts(index: int, pattern: str, length: int) -> set[str]:
    """Texts of the table without parameters, in one language, long enough to be a label."""
    return {texts[index] for texts in MESSAGES.values()
            if not _fields(texts[index]) and len(texts[index]) >= length
            and re.search(pattern, texts[index])}


@pytest.mark.parametrize(("lang", "foreign"), [
    ("en", _fixed_texts(0, r"[\u4e00-\u9fff]", 2)),  # Chinese labels in English output
    ("zh", _fixed_texts(1, r"[A-Za-z]{4,}", 4)),  # English labels in Chinese output
])
def test_each_language_speaks_only_itself(run: RunCli, write_ledger: WriteLedger, lang: str,
                                          foreign: set[str]) -> None:
    meeting = ("id: m1\ntitle: 两院工作交流\ndate: 2023-06-12\nparties: [最高人民法院]\n"
               "level: national\naspects: [{key: A1, title: 认罪认罚}]\n")
    root = write_ledger({
        "items/m1/meeting.yaml": meeting,
        "items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭, person: 张三}",
                                         partners="[最高人民检察院]", escalated="true",
                                         updates="[{date: 2023-07-01, note: 已起草, by: 李四}]"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", due="2024-01-15"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", status="done", done_on="2023-12-01",
                                         evidence="[法〔2023〕1号]"),
        "items/m1/m1-04.yaml": item_yaml("m1-04", title=None),  # a problem, reported
    }, with_meeting=False)
    commands = [["list"], ["list", "--overdue"], ["warnings"], ["progress", "--by", "lead"],
                ["show", "m1-01"], ["validate"], ["bulletin", "--month", "2023-12"],
                ["show", "m1-99"], ["update", "m1-01", "--due", "2024-03-01", "--dry-run"]]
    assert len(foreign) > 50
    for command in commands:
        result = run(*command, "--repo", str(root), "--today", "2024-01-05", "--lang", lang)
        text = result.stdout + result.stderr
        assert text.strip(), command
        assert sorted(w for w in foreign if w in text) == [], command
