"""The loader's defences: every hostile file gets a located problem, quickly, never a crash."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import MEETING, WriteLedger, item_yaml

from huishang.ledger.yamlfile import parse_yaml, plain_scalar, read_yaml
from huishang.messages import msg
from huishang.store.files import load_ledger


def codes(text: str) -> list[tuple[int | None, int | None, str]]:
    doc, problems = parse_yaml(text, "f.yaml")
    assert doc is None or not problems
    return [(p.line, p.column, p.code) for p in problems]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"), ("yes", "yes"), ("on", "on"), ("10:00", "10:00"), ("1.10", 1.1),
        ("2023-06-12", "2023-06-12"), ("true", True), ("False", False), ("~", None),
        ("null", None), ("", None), ("12", 12), ("-3", -3), ("0o17", 15), ("0x1F", 31),
        ("017", 17), ("1e3", 1000.0), ("最高法", "最高法"), ("2023年6月12日", "2023年6月12日"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(written: str, value: object) -> None:
    assert plain_scalar(written) == value
    assert type(plain_scalar(written)) is type(value)


def test_quoted_scalars_stay_text_and_positions_are_kept() -> None:
    doc, problems = parse_yaml("a: '1'\nb:\n  - x\n  - {c: \"true\"}\n", "f.yaml")
    assert not problems and doc is not None
    assert doc.data == {"a": "1", "b": ["x", {"c": "true"}]}
    assert doc.source.at(("b", 1, "c")) == (4, 9)
    assert doc.source.key_at(("b",)) == (2, 1)
    assert doc.source.at(("b", 0)) == (3, 5)


def test_written_text_of_typed_scalars_is_remembered() -> None:
    doc, _ = parse_yaml("title: 1.10\nn: 7\ns: x\n", "f.yaml")
    assert doc is not None
    assert doc.source.raw == {("title",): "1.10", ("n",): "7"}


def test_anchors_and_aliases_are_refused_where_they_stand() -> None:
    assert codes("a: &x 1\nb: *x\n") == [(1, 4, "yaml.anchor"), (2, 4, "yaml.alias")]


def test_billion_laughs_is_refused_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    start = time.perf_counter()
    found = codes("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert found[0] == (1, 5, "yaml.anchor")
    assert {code for _, _, code in found} == {"yaml.anchor", "yaml.alias"}


@pytest.mark.parametrize(
    "text",
    ["a: !!binary aGk=\n", "a: !!python/object/apply:os.system ['id']\n", "a: !custom x\n",
     "a: ! x\n", "a: !!str x\n", "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n"],
)
def test_explicit_tags_are_refused(text: str) -> None:
    assert [code for _, _, code in codes(text)] == ["yaml.tag"]


def test_duplicate_keys_are_refused_at_the_second() -> None:
    doc, problems = parse_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "f.yaml")
    assert doc is None
    assert [(p.line, p.field, dict(p.params)["first_line"]) for p in problems] == [
        (4, "b.c", "3"), (5, "a", "1")]


@pytest.mark.parametrize(
    "text",
    ["[" * 200_000 + "]" * 200_000, "{a: " * 100_000 + "1" + "}" * 100_000,
     "- " * 300_000 + "x\n", "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40))],
    ids=["flow-brackets", "flow-maps", "compact-sequence", "indented-maps"],
)
def test_deep_nesting_is_refused_quickly_without_crashing(text: str) -> None:
    start = time.perf_counter()
    found = codes(text)
    assert time.perf_counter() - start < 2
    assert [code for _, _, code in found] == ["yaml.too_deep"]


def test_structure_problems() -> None:
    assert codes("a: 1\n---\nb: 2\n") == [(2, 1, "yaml.multiple_documents")]
    assert codes("# nothing\n") == [(1, 1, "yaml.empty")]
    assert codes("- a\n") == [(1, 1, "yaml.not_mapping")]
    assert codes("a: [1\nb: 2\n")[0][2] == "yaml.syntax"
    assert codes("? [a]\n: 1\n") == [(1, 3, "yaml.key_not_text")]


def test_invisible_characters_in_keys_are_refused() -> None:
    doc, problems = parse_yaml("st\u200batus: done\n\u202eid: x\n", "f.yaml")
    assert doc is None
    assert [(p.line, p.field, p.code) for p in problems] == [
        (1, "st<U+200B>atus", "text.invisible_char"), (2, "<U+202E>id", "text.invisible_char")]


def _read(tmp_path: Path, content: bytes, max_bytes: int = 1024) -> list[str]:
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    doc, problems = read_yaml(path, "f.yaml", max_bytes)
    return [p.render("en") for p in problems] if problems else [repr(doc.data if doc else None)]


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    assert _read(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: x # note\r\n") == ["{'a': 1, 'b': 'x'}"]


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    assert _read(tmp_path, "a: 1\nb: 中".encode() + b"\xff\n") == [
        "f.yaml:2:5: is not valid UTF-8 text; save the file as UTF-8"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\u2028"])
def test_control_characters_are_located(tmp_path: Path, char: str) -> None:
    found = _read(tmp_path, f"a: 1\nb: x{char}y\n".encode())
    assert found == [f"f.yaml:2:5: contains a control character U+{ord(char):04X}, "
                     "which is not allowed"]


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(8 * 1024**3)  # a sparse 8 GiB file: reading it would take long
    start = time.perf_counter()
    doc, problems = read_yaml(path, "huge.yaml", 1024)
    assert time.perf_counter() - start < 1
    assert doc is None
    assert problems[0].code == "file.too_large"


def test_symlinks_are_reported_and_never_read(write_ledger: WriteLedger, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: TOP-SECRET-CONTENT\n", encoding="utf-8")
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    os.symlink(secret, root / "items/m1/m1-02.yaml")
    os.symlink(root / "items/m1", root / "items/m2")
    os.symlink(secret, root / "units.yaml")
    ledger = load_ledger(root)
    found = [(p.path, p.code) for p in ledger.problems]
    assert found == [("items/m1/m1-02.yaml", "file.symlink"), ("items/m2", "file.symlink"),
                     ("units.yaml", "file.symlink")]
    assert "TOP-SECRET" not in repr(ledger)
    assert [e.record.id for e in ledger.items] == ["m1-01"]


def test_symlinked_items_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    (real / "m1").mkdir(parents=True)
    (real / "m1" / "meeting.yaml").write_text(MEETING, encoding="utf-8")
    root = tmp_path / "ledger"
    root.mkdir()
    os.symlink(real, root / "items")
    ledger = load_ledger(root)
    assert [(p.path, p.code) for p in ledger.problems] == [("items", "file.symlink")]
    assert ledger.meetings == {}


def test_a_fifo_is_reported_without_blocking(write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    os.mkfifo(root / "items/m1/m1-01.yaml")
    ledger = load_ledger(root)
    assert [(p.path, p.code) for p in ledger.problems] == [
        ("items/m1/m1-01.yaml", "file.not_regular")]


def test_oversized_item_is_reported_and_others_still_load(write_ledger: WriteLedger) -> None:
    big = item_yaml("m1-02", notes="x" * 600_000)
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(), "items/m1/m1-02.yaml": big})
    ledger = load_ledger(root)
    assert [(p.path, p.code) for p in ledger.problems] == [("items/m1/m1-02.yaml",
                                                            "file.too_large")]
    assert [e.record.id for e in ledger.items] == ["m1-01"]


def test_max_file_bytes_comes_from_settings(write_ledger: WriteLedger) -> None:
    root = write_ledger({"huishang.yaml": "max_file_bytes: 2048\n",
                         "items/m1/m1-01.yaml": item_yaml(notes="x" * 3000)})
    assert [p.code for p in load_ledger(root).problems] == ["file.too_large"]


def test_bidi_character_in_an_id_is_named(write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml("m1-01\u202e")})
    found = [(p.line, p.field, p.code, dict(p.params)) for p in load_ledger(root).problems]
    assert found == [(1, "id", "text.invisible_char", {"char": "U+202E"})]


def test_zero_width_character_in_a_unit_name_is_named(write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(lead="最高人民法院\u200b")})
    found = [(p.field, p.code) for p in load_ledger(root).problems]
    assert found == [("lead", "text.invisible_char")]


def test_a_key_glued_to_its_value_is_named() -> None:
    for text, line in [("id: x\nstatus:in_progress\n", 2), ("status:in_progress\nid: x\n", 1),
                       ("id: x\nupdates:\n  - date:2024-03-01\n    note: n\n", 3)]:
        _, problems = parse_yaml(text, "f.yaml")
        assert [(p.line, p.code) for p in problems] == [(line, "yaml.colon_space")], text
    _, problems = parse_yaml("id: x\nstatus:in_progress\n", "f.yaml")
    assert msg(problems[0].code, "zh", **dict(problems[0].params)) == \
        "冒号后缺少空格：应写为“status: in_progress”"
