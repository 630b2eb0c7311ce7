"""Property tests of writes: for generated notes, titles, evidence and file layouts (block
and flow style, block scalars, comments, CRLF, BOM, no final newline), an accepted write
yields a file that validates and reads back as intended, keeping every other line; a
refused write leaves the file byte for byte as it was, and no write is ever an internal
error."""

from __future__ import annotations

import difflib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import MEETING, app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from huishang.ledger.yamlfile import CONTROL, INVISIBLE
from huishang.store.files import load_ledger

TODAY = "2024-03-01"
ITEM = "items/m1/m1-01.yaml"

# Text as clerks paste it, and as an attacker would write it: YAML indicators, quotes,
# full-width punctuation, line breaks, control characters and the Unicode separators.
SPECIAL = st.sampled_from([
    "no", "yes", "~", "null", "- 列表", "#号", "a #b", "a: b", "[x]", "{x}", "'q'", '"q"',
    "|", ">", "? q", "*star", "&amp", "!tag", "%pct", "@at", "`tick`", "2024-01-01", "1e3",
    "多行\n文本", "tab\t分隔", "\r\n", "行尾\\", "…", "\u2028", "\u2029", "\x00", "\x1b[31m",
    "\x85", "\ufeff", "\u200b", " 前导空格", "尾随空格 ", "：，。；", "法〔2024〕12号",
])
TEXT = st.lists(st.one_of(SPECIAL, st.text(max_size=8)), min_size=1, max_size=4).map("".join)


@dataclass(frozen=True)
class Layout:
    """How an item file is written; `render` makes its bytes."""

    flow_updates: bool
    block_note: str  # "", "|", "|-", ">", ">-": the style of the last update's note
    evidence: str  # "none", "block", "flow"
    comments: bool
    crlf: bool
    bom: bool
    final_newline: bool

    def render(self) -> bytes:
        lines = ["# 事项文件" if self.comments else None,
                 "id: m1-01", "title: 统一量刑建议审查标准", "aspect: A1",
                 "lead: 最高人民法院   # 牵头" if self.comments else "lead: 最高人民法院",
                 "due: 2024-06-30", "status: in_progress"]
        if self.evidence == "block":
            lines += ["evidence:", "- 法〔2023〕1号"]
        elif self.evidence == "flow":
            lines += ["evidence: [法〔2023〕1号]"]
        if self.flow_updates:
            lines += ["updates: [{date: 2023-07-01, note: 已启动}]"]
        else:
            lines += ["updates:", "- date: 2023-07-01"]
            if self.block_note:
                lines += [f"  note: {self.block_note}", "    第一行", "    第二行"]
            else:
                lines += ["  note: 已启动"]
        if self.comments:
            lines.append("# 结尾注释")
        text = ("\r\n" if self.crlf else "\n").join(line for line in lines if line is not None)
        if self.final_newline:
            text += "\r\n" if self.crlf else "\n"
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


LAYOUTS = st.builds(Layout, st.booleans(), st.sampled_from(["", "|", "|-", ">", ">-"]),
                    st.sampled_from(["none", "block", "flow"]), st.booleans(), st.booleans(),
                    st.booleans(), st.booleans())
PROPERTIES = settings(max_examples=120, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


def _ledger(folder: Path, item: bytes) -> Path:
    root = folder / "ledger"
    (root / "items/m1").mkdir(parents=True)
    (root / "items/m1/meeting.yaml").write_text(MEETING, encoding="utf-8")
    (root / ITEM).write_bytes(item)
    return root


def _lf(text: str | None) -> str | None:
    return text.replace("\r\n", "\n").replace("\r", "\n") if text is not None else None


def _holdable(text: str, name: bool = False) -> bool:
    """What a ledger file may hold: no control character or line separator, not only
    blanks (empty means the option was not given), and in a name no invisible character."""
    if text and not text.strip():
        return False
    return not CONTROL.search(text) and not (name and INVISIBLE.search(text))


def _kept_lines(before: str, after: str, flow: bool) -> None:
    """Every line of the old file is still there, in order: the write only added lines.
    In flow style it may rewrite the one line of the flow list it appends to; a block
    scalar that ended the file without a line break gets the strip indicator (`|-`) that
    keeps its value once lines follow it."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            raise AssertionError(("deleted", old[i1:i2]))
        if tag == "replace":
            was, now = old[i1:i2], new[j1:j2]
            stripped = [line + "-" for line in was if line.endswith(("|", ">"))]
            assert (flow and all("[" in line for line in was)) or stripped == now[:len(was)], \
                (was, now)


@PROPERTIES
@given(layout=LAYOUTS, note=TEXT, evidence=st.lists(TEXT, max_size=2),
       by=st.one_of(st.none(), TEXT))
def test_an_update_is_written_whole_or_not_at_all(layout: Layout, note: str,
                                                  evidence: list[str], by: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = _ledger(Path(folder), layout.render())
        before = (root / ITEM).read_bytes()
        args = ["update", "m1-01", "--note", note, "--repo", str(root), "--today", TODAY]
        for proof in evidence:
            args += ["--evidence", proof]
        if by is not None:
            args += ["--by", by]
        result = CliRunner().invoke(app, args)
        after = (root / ITEM).read_bytes()
        assert result.exit_code in (0, 1, 2), result.output  # 3 would be a bug
        # A write is refused only for a value a ledger file may not hold.
        fine = (_holdable(note) and all(proof and _holdable(proof) for proof in evidence)
                and (by is None or _holdable(by, True)))
        # and --by names who reported a note: given alone with evidence, it is refused
        usable = any((note, evidence)) and not (by and not note)
        assert (result.exit_code == 0) == (fine and usable), result.output
        if result.exit_code != 0:
            assert after == before
            return
        ledger = load_ledger(root)
        assert ledger.problems == []
        item = ledger.items[0].record
        if note:  # line breaks pasted from Windows are kept as files keep them
            assert item.updates[-1].note == _lf(note).strip()
            assert item.updates[-1].by == (_lf(by) or None)  # "" = not given
        else:  # an empty --note is no note: only the evidence was added
            assert len(item.updates) == 1
        assert item.evidence[len(item.evidence) - len(evidence):] == [_lf(p) for p in evidence]
        assert after.startswith(b"\xef\xbb\xbf") == layout.bom
        text = after.decode("utf-8-sig")
        if layout.crlf:
            assert "\n" not in text.replace("\r\n", "")
        _kept_lines(before.decode("utf-8-sig"), text, layout.flow_updates
                    or layout.evidence == "flow")


@PROPERTIES
@given(title=TEXT, person=st.one_of(st.none(), TEXT))
def test_a_new_item_reads_back_as_given(title: str, person: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = _ledger(Path(folder), b"")
        (root / ITEM).unlink()
        args = ["new", "item", "--meeting", "m1", "--title", title, "--lead", "最高人民法院",
                "--aspect", "A1", "--repo", str(root), "--today", TODAY]
        if person is not None:
            args += ["--owner-person", person]
        result = CliRunner().invoke(app, args)
        assert result.exit_code in (0, 1, 2), result.output
        files = sorted(p.name for p in (root / "items/m1").iterdir())
        if result.exit_code != 0:
            assert files == ["meeting.yaml"]
            return
        ledger = load_ledger(root)
        assert ledger.problems == []
        item = ledger.items[0].record
        assert item.title == title
        assert (item.owner.person if item.owner else None) == (person or None)  # "" = not given
