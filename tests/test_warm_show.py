"""A warm `show`: the item from the store, with neither typer, pydantic, a YAML parser nor
rich imported, printed exactly as the full command prints it; and never an item its files
no longer say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml, on_a_terminal

from huishang.cli.warm import serve
from huishang.messages import field_value
from huishang.output.table import cell_width, pairs
from huishang.store import door
from huishang.store.results import ResultStore

TODAY = "2024-01-05"
UNITS = "units:\n  - {name: 最高人民法院, short: [最高法]}\n  - {name: 最高人民检察院, short: [最高检]}\n"
# (rich's table of character widths is read; its console, the heavy part, is not)
HEAVY = ("typer", "pydantic", "yaml", "rich.console", "huishang.ledger.models")


@pytest.fixture
def ledger(write_ledger: WriteLedger, tmp_path_factory: pytest.TempPathFactory,
           monkeypatch: pytest.MonkeyPatch) -> Path:
    # the store is keyed by what the files hold, not where they are: each test its own
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(
            lead="最高法", partners="[最高检]", owner="{division: 刑一庭, person: 张三}",
            partner_owners="[{unit: 最高人民检察院, division: 第一检察厅}]",
            notes="|\n  第一行\n  第二行", tags="[量刑]", evidence="[法〔2023〕1号, 会议纪要]",
            updates="[{date: 2023-12-02, note: 已起草, by: 李四}, {date: 2024-01-03, note: 明确承办, "
                    "changes: [{field: owner, before: {division: 刑二庭}, "
                    "after: {division: 刑一庭, person: 张三}, reason: 明确承办}]}, "
                    "{date: 2023-12-20, note: 补充材料}]"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", lead="[最高法, 最高检]", due="2024-01-02"),
    })


def _huishang(root: Path, *args: str, env: dict[str, str] | None = None,
              importtime: bool = False) -> subprocess.CompletedProcess[str]:
    python = [sys.executable, "-X", "importtime"] if importtime else [sys.executable]
    return subprocess.run([*python, "-m", "huishang", *args], cwd=root, capture_output=True,
                          text=True, env=env or os.environ.copy(), check=False)


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines()
            if line.startswith("import time:")}


ASKED = [("m1-01",), ("m1-01", "--lang", "en"), ("m1-01", "--format", "json"),
         ("m1-02", "--format=json", "--lang=en"), ("02",)]


@pytest.mark.parametrize("asked", ASKED, ids=" ".join)
def test_a_warm_show_imports_nothing_heavy_and_says_what_the_full_command_says(
        ledger: Path, run: RunCli, asked: tuple[str, ...]) -> None:
    cold = _huishang(ledger, "show", *asked, "--today", TODAY, importtime=True)
    assert cold.returncode == 0, cold.stderr
    assert "typer" in _imported(cold.stderr)
    warm = _huishang(ledger, "show", *asked, "--today", TODAY, importtime=True)
    imported = _imported(warm.stderr)
    assert "huishang.views.detail" in imported  # (the show itself, not an error)
    assert not {m for m in imported for heavy in HEAVY
                if m == heavy or m.startswith(heavy + ".")}
    assert warm.stdout == cold.stdout
    # the full command, run in this process, prints the same
    full = run("show", *asked, "--today", TODAY, "--repo", str(ledger))
    assert full.stdout == cold.stdout


def test_the_show_says_a_changed_owner_in_words(ledger: Path) -> None:
    for _ in range(2):  # cold, then warm
        out = _huishang(ledger, "show", "m1-01", "--today", TODAY).stdout
        assert "调整责任人：刑二庭 → 刑一庭 张三（理由：明确承办）" in out
        assert "division=" not in out
        # notes by date, a note's own lines kept, under the value
        assert out.index("2023-12-20") < out.index("2024-01-03")
        assert "第一行\n" in out and out.split("第一行\n")[1].lstrip().startswith("第二行")
        record = json.loads(_huishang(ledger, "show", "m1-01", "--today", TODAY,
                                      "--format", "json").stdout)["item"]
        assert [u["date"] for u in record["updates"]] == ["2023-12-02", "2023-12-20",
                                                          "2024-01-03"]


EDITS = {
    "items/m1/m1-01.yaml": ("统一量刑建议审查标准", "统一量刑建议的审查标准"),
    "items/m1/meeting.yaml": ("title: ", "title: 改 "),
    "units.yaml": ("最高人民检察院", "最高检察院"),
    "huishang.yaml": None,
}


@pytest.mark.parametrize("rel", EDITS)
def test_a_changed_file_is_never_answered_from_the_store(ledger: Path, rel: str) -> None:
    before = _huishang(ledger, "show", "m1-01", "--today", TODAY).stdout
    assert _huishang(ledger, "show", "m1-01", "--today", TODAY).stdout == before
    path = ledger / rel
    edit = EDITS[rel]
    if edit is None:
        path.write_text("lang: en\n", encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert edit[0] in text
        path.write_text(text.replace(edit[0], edit[1]), encoding="utf-8")
    after = _huishang(ledger, "show", "m1-01", "--today", TODAY, importtime=True)
    assert "typer" in _imported(after.stderr)  # loaded again, not from the store
    assert after.stdout != before
    assert after.stdout == _huishang(ledger, "show", "m1-01", "--today", TODAY).stdout


def test_a_file_changed_while_it_is_shown_is_not_kept(ledger: Path) -> None:
    from huishang.ledger.load import load_for_item
    from huishang.views.detail import detail_of
    from huishang.views.facts import facts_of
    from huishang.views.query import find

    keep = door.keep_shown(ledger, "m1-01")
    loaded = load_for_item(ledger, "m1-01")
    assert loaded is not None
    entry = find(loaded, "m1-01")
    detail = detail_of(loaded, facts_of(loaded, entry), entry.record)
    item = ledger / "items/m1/m1-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("in_progress", "blocked"),
                    encoding="utf-8")
    keep(detail)
    assert door.shown_item(ledger, "m1-01") is None
    item.write_text(item.read_text(encoding="utf-8").replace("blocked", "in_progress"),
                    encoding="utf-8")
    assert door.shown_item(ledger, "m1-01") is None  # nor under the files as they were
    door.keep_shown(ledger, "m1-01")(detail)
    assert door.shown_item(ledger, "m1-01") == detail


ODD = [["show", "m1-01", "--today", "2024/1/5"], ["show", "m1-01", "--lang", "fr"],
       ["show", "m1-01", "--format", "csv"], ["show", "m1-01", "--help"],
       ["show", "m1-01", "m1-02"], ["show"], ["show", "xj:m1-01"], ["list", "m1-01"],
       ["show", "m1-01", "--today", "2024-02-30"], ["show", "m1-01", "--lang"],
       ["show", "m1-01", "--lang", "en", "--lang", "zh"], ["show", "m1-01", "--no-cache"],
       ["show", "nothing"], ["show", "m1-01", "--repo="], ["show", "m1-01", "--today"],
       ["show", "-x", "m1-01"]]


@pytest.mark.parametrize("argv", ODD, ids=" ".join)
def test_what_the_store_does_not_answer_is_left_to_the_command_line(
        ledger: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    monkeypatch.chdir(ledger)
    _huishang(ledger, "show", "m1-01", "--today", TODAY)  # kept
    assert serve(["show", "m1-01", "--today", TODAY])
    capsys.readouterr()
    assert not serve(argv)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("name", ["GITHUB_ACTIONS", "HUISHANG_NO_CACHE", "_HUISHANG_COMPLETE"])
def test_what_asks_for_the_full_command_gets_it(ledger: Path, monkeypatch: pytest.MonkeyPatch,
                                                name: str) -> None:
    monkeypatch.chdir(ledger)
    _huishang(ledger, "show", "m1-01", "--today", TODAY)
    monkeypatch.setenv(name, "true")
    assert not serve(["show", "m1-01", "--today", TODAY])


@pytest.mark.parametrize("rel", ["items/m1/m1-01.yaml", "items/m1/meeting.yaml", "units.yaml"])
def test_a_file_made_a_link_is_left_to_the_loader(ledger: Path, rel: str) -> None:
    _huishang(ledger, "show", "m1-01", "--today", TODAY)
    assert door.shown_item(ledger, "m1-01") is not None
    path = ledger / rel
    real = ledger.parent / "elsewhere.yaml"
    real.write_bytes(path.read_bytes())  # the same bytes, through a link
    path.unlink()
    path.symlink_to(real)
    assert door.shown_item(ledger, "m1-01") is None


def test_a_fifo_is_never_waited_on(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _huishang(ledger, "show", "m1-01", "--today", TODAY)
    (ledger / "units.yaml").unlink()
    os.mkfifo(ledger / "units.yaml")
    assert door.shown_item(ledger, "m1-01") is None
    monkeypatch.chdir(ledger)
    assert not serve(["show", "m1-01", "--today", TODAY])
    done = subprocess.run([sys.executable, "-m", "huishang", "show", "m1-01", "--today", TODAY],
                          cwd=ledger, capture_output=True, text=True, timeout=60, check=False)
    assert "m1-01" in done.stdout


def test_an_item_found_by_its_id_not_its_name_is_not_kept(ledger: Path) -> None:
    # its name ends -77 but its id is another: only a full load finds it, and a file added
    # later can make "77" name two items, which only a full load sees
    odd = ledger / "items/m1/m1-x-77.yaml"
    odd.write_text(item_yaml("m1-77"), encoding="utf-8")
    assert "m1-77" in _huishang(ledger, "show", "77", "--today", TODAY).stdout
    assert door.shown_item(ledger, "77") is None
    (ledger / "items/m1/other.yaml").write_text(item_yaml("m1-0-77"), encoding="utf-8")
    done = _huishang(ledger, "show", "77", "--today", TODAY)
    assert done.returncode == 1
    assert "m1-0-77" in done.stderr and "m1-77" in done.stderr


def test_the_repo_given_before_the_command_or_by_environment_is_served(
        ledger: Path, tmp_path: Path) -> None:
    expected = _huishang(ledger, "show", "m1-01", "--today", TODAY).stdout
    env = {**os.environ, "HUISHANG_REPO": str(ledger)}
    for args, with_env in (((f"--repo={ledger}", "--today", TODAY, "show", "m1-01"), None),
                           (("show", "m1-01", "--today", TODAY), env)):
        done = _huishang(tmp_path, *args, env=with_env, importtime=True)
        assert done.stdout == expected
        assert "typer" not in _imported(done.stderr)


def test_a_warm_show_on_a_terminal_is_what_the_full_command_prints_there(ledger: Path) -> None:
    env = {**os.environ, "COLUMNS": "40", "LINES": "200"}
    env.pop("NO_COLOR", None)
    args = ["--repo", str(ledger), "show", "m1-01", "--today", TODAY]
    _huishang(ledger, *args[2:])
    code, shown = on_a_terminal(args, env)
    assert code == 0
    assert b"\x1b[1m" in shown  # the labels, bold
    assert on_a_terminal(args, {**env, "HUISHANG_NO_CACHE": "1"}) == (0, shown)
    code, plain = on_a_terminal(args, {**env, "NO_COLOR": "1"})
    assert b"\x1b[" not in plain
    lines = plain.decode().splitlines()
    assert max(map(cell_width, lines)) <= 40  # folded to the terminal
    assert max(map(cell_width, _huishang(ledger, *args[2:]).stdout.splitlines())) > 40


def test_a_record_is_laid_out_in_two_columns() -> None:
    lines = pairs([("会议", "第一次会商"), ("", "第二行\n第三行"), ("x", "\x1b[31m红"),
                   ("y", "D:\\材料")])
    assert lines == ["会议  第一次会商", "      第二行", "      第三行", "x     \\x1b[31m红",
                     "y     D:\\材料"]
    folded = pairs([("ab", "一二三四五六七八九十")], width=14)
    assert folded == ["ab  一二三四五", "    六七八九十"]  # 14 cells a line
    assert pairs([("a", "b")], colour=True, key_style="bold") == ["\x1b[1ma\x1b[0m  b"]


def test_a_store_part_keeps_its_newest_results(tmp_path: Path) -> None:
    store = ResultStore.open(tmp_path, "bounded", most=3)
    for n in range(5):
        store.put(f"aa{n}", n)
    store.save()
    again = ResultStore.open(tmp_path, "bounded")
    assert [again.get(f"aa{n}") for n in range(5)] == [None, None, 2, 3, 4]


def test_an_owner_changed_from_nobody_reads_as_nothing() -> None:
    assert field_value({"division": None, "person": None}, "zh", "owner") == "-"
    assert field_value({"division": "刑一庭", "person": None}, "zh", "owner") == "刑一庭"
    assert field_value({}, "en", "owner") == "-"
    assert field_value("done", "zh", "status") == "已办结"
