"""Small work costs little: one item's show, update and history read that item, its meeting,
settings and units, and answer exactly as a full load would."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LI, MEETING, Repo, RunCli, WriteLedger, item_yaml

import huishang.ledger.load

TODAY = "2024-01-05"
UNITS = "units:\n  - {name: 最高人民法院, short: [最高法]}\n  - {name: 最高人民检察院, short: [最高检]}\n"


@pytest.fixture
def two_meetings(write_ledger: WriteLedger) -> Path:
    root = write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭, person: 张三}",
                                         updates="[{date: 2023-12-02, note: 已起草}]"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", lead="最高检", partners="[最高法]"),
        "items/m2/meeting.yaml": MEETING.replace("m1", "m2"),
        "items/m2/m2-01.yaml": item_yaml("m2-01", status="done", done_on="2023-12-01",
                                         evidence="[法〔2023〕1号]"),
        "items/m2/m2-07.yaml": item_yaml("m2-07", title="仅此一条"),
    })
    repo = Repo(root)
    repo.commit("会商确定事项")
    repo.write("items/m1/m1-01.yaml", item_yaml(owner="{division: 刑一庭, person: 张三}",
                                                updates="[{date: 2023-12-02, note: 已起草}, "
                                                        "{date: 2024-01-03, note: 已会签}]"))
    repo.commit("调整期限", author=LI, date="2024-01-03")
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file a command parses, in order."""
    seen: list[str] = []
    real = huishang.ledger.load.load_one

    def spy(model: type, root: Path, rel: str, max_bytes: int) -> object:
        seen.append(rel)
        return real(model, root, rel, max_bytes)

    monkeypatch.setattr(huishang.ledger.load, "load_one", spy)
    return seen


def _in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(huishang.ledger.load, "load_for_item", lambda *_: None)


COMMANDS = [("show", "m1-01"), ("show", "m1-02", "--format", "json"), ("show", "07"),
            ("show", "m2-01", "--lang", "en"), ("history", "m1-01"),
            ("update", "m1-02", "--note", "已会签", "--dry-run"),
            ("update", "07", "--due", "2024-06-30", "--reason", "延期", "--dry-run")]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_one_item_reads_only_what_it_needs_and_answers_as_a_full_load(
        run: RunCli, two_meetings: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch,
        command: tuple[str, ...]) -> None:
    common = ("--repo", str(two_meetings), "--today", TODAY)
    fast = run(*command, *common)
    assert fast.exit_code == 0, fast.output
    folder = "m2" if command[1] in ("07", "m2-01") else "m1"
    item = {"07": "m2-07"}.get(command[1], command[1])
    assert sorted(reads) == ["items/" + folder + "/" + item + ".yaml",
                             f"items/{folder}/meeting.yaml", "units.yaml"]
    _in_full(monkeypatch)
    reads.clear()
    full = run(*command, *common)
    assert len(reads) == 7  # the comparison is with a full load
    assert (fast.exit_code, fast.stdout, fast.stderr) == (full.exit_code, full.stdout,
                                                           full.stderr)


def test_an_update_writes_what_a_full_load_would(run: RunCli, two_meetings: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    common = ("--repo", str(two_meetings), "--today", TODAY)
    path = two_meetings / "items/m1/m1-02.yaml"
    before = path.read_bytes()
    assert run("update", "m1-02", "--status", "blocked", "--note", "待协调", *common).exit_code == 0
    fast = path.read_bytes()
    path.write_bytes(before)
    _in_full(monkeypatch)
    assert run("update", "m1-02", "--status", "blocked", "--note", "待协调", *common).exit_code == 0
    assert path.read_bytes() == fast != before


@pytest.mark.parametrize("ref", ["01", "m3-01", "nothing", "../m1/m1-01", "m9-01"])
def test_what_names_cannot_settle_is_answered_by_a_full_load(
        run: RunCli, two_meetings: Path, monkeypatch: pytest.MonkeyPatch, ref: str) -> None:
    """Several items end with -01; m3-01 is broken; m9-01's file holds another id."""
    (two_meetings / "items/m3").mkdir()
    (two_meetings / "items/m3/meeting.yaml").write_text(MEETING.replace("m1", "m3"),
                                                         encoding="utf-8")
    (two_meetings / "items/m3/m3-01.yaml").write_text("id: m3-01\ntitle: [\n", encoding="utf-8")
    (two_meetings / "items/m3/m9-01.yaml").write_text(item_yaml("m3-09"), encoding="utf-8")
    common = ("--repo", str(two_meetings), "--today", TODAY)
    fast = run("show", ref, *common)
    _in_full(monkeypatch)
    full = run("show", ref, *common)
    assert fast.exit_code == full.exit_code != 0 or ref == "m9-01"
    assert (fast.stdout, fast.stderr) == (full.stdout, full.stderr)
