"""Small work costs little: one item's show, update and history read that item, its meeting,
settings and units, and answer exactly as a full load would."""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from conftest import LI, MEETING, Repo, RunCli, WriteLedger, item_yaml

import huishang.ledger.load
import huishang.store.index
import huishang.store.listing
import huishang.store.signed
from huishang.store.delta import DELTA_FILE
from huishang.store.files import load_ledger
from huishang.store.lean import Scope, load_lean
from huishang.store.results import RESULTS_DIR
from huishang.store.trees import STATES_DIR

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


def _folders_scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every meeting folder the lean load scans from now on, in order."""
    import huishang.store.lean

    scanned: list[str] = []
    real = huishang.store.lean.scan_folder

    def spy(root: Path, name: str) -> Any:
        scanned.append(name)
        return real(root, name)

    monkeypatch.setattr(huishang.store.lean, "scan_folder", spy)
    return scanned


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


# -- a write keeps the view index warm ------------------------------------------------------

@pytest.fixture
def an_hour_later(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each run starts an hour after the files were written, so none is racily clean."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "key-home"))
    monkeypatch.setattr(huishang.store.signed, "now_ns", lambda: time.time_ns() + 3600 * 10**9)


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full load a view makes that could have used the index (not --no-cache)."""
    seen: list[Path] = []
    real = huishang.store.index.facts_of_ledger_files

    def spy(root: Path, use_cache: bool, *args: Any) -> Any:
        if use_cache:
            seen.append(root)
        return real(root, use_cache, *args)

    monkeypatch.setattr(huishang.store.index, "facts_of_ledger_files", spy)
    return seen


VIEWS = [("list", "--format", "json"), ("list", "--overdue"), ("warnings", "--format", "csv"),
         ("progress", "--by", "lead", "--format", "json"),
         ("list", "--status", "done", "--format", "json")]


def _views(run: RunCli, root: Path, *extra: str) -> list[tuple[int, str, str]]:
    results = [run(*view, "--repo", str(root), "--today", TODAY, *extra) for view in VIEWS]
    return [(r.exit_code, r.stdout, r.stderr) for r in results]


def test_updates_keep_the_next_views_warm_and_right(run: RunCli, two_meetings: Path,
                                                    an_hour_later: None,
                                                    full_loads: list[Path]) -> None:
    common = ("--repo", str(two_meetings), "--today", TODAY)
    _views(run, two_meetings)
    assert len(full_loads) == 1  # the index is made once
    for change in (("m1-02", "--status", "done", "--evidence", "法〔2024〕2号"),
                   ("m2-07", "--note", "已会签"), ("m1-02", "--status", "in_progress", "--note", "重新办理"),
                   ("m2-01", "--status", "in_progress", "--note", "重新推进")):
        assert run("update", *change, *common).exit_code == 0
        warm = _views(run, two_meetings)
        assert len(full_loads) == 1, change  # answered from the index and the delta
        assert warm == _views(run, two_meetings, "--no-cache"), change
    assert (two_meetings / ".huishang-cache" / DELTA_FILE).exists()


@pytest.mark.parametrize("coarse", [False, True], ids=["ns-clock", "coarse-clock"])
def test_a_change_by_another_program_is_never_hidden(run: RunCli, two_meetings: Path,
                                                     an_hour_later: None,
                                                     full_loads: list[Path], coarse: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Also where the clock is so coarse that a rewrite in place keeps the file's identity
    (only size and inode count here): the bytes written are compared then."""
    if coarse:
        monkeypatch.setattr(huishang.store.listing, "IDENTITY",
                            attrgetter("st_mode", "st_size", "st_ino"))
    common = ("--repo", str(two_meetings), "--today", TODAY)
    _views(run, two_meetings)
    assert run("update", "m1-02", "--note", "已会签", *common).exit_code == 0
    # rewritten by an editor right after: same folder, same size
    path = two_meetings / "items/m1/m1-02.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("审查标准", "审查准则"), encoding="utf-8")
    assert len(path.read_bytes()) == len(text.encode())
    loads = len(full_loads)
    assert _views(run, two_meetings) == _views(run, two_meetings, "--no-cache")
    assert len(full_loads) == loads + 1
    assert "审查准则" in _views(run, two_meetings)[0][1]


def test_a_delta_for_other_files_is_never_used(run: RunCli, two_meetings: Path,
                                               an_hour_later: None,
                                               full_loads: list[Path]) -> None:
    """Another file changed between the index and the update: the update cannot vouch
    for it, so the next view loads the ledger."""
    common = ("--repo", str(two_meetings), "--today", TODAY)
    _views(run, two_meetings)
    other = two_meetings / "items/m1/m1-01.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("in_progress", "blocked"),
                     encoding="utf-8")
    assert run("update", "m1-02", "--note", "已会签", *common).exit_code == 0
    loads = len(full_loads)
    assert _views(run, two_meetings) == _views(run, two_meetings, "--no-cache")
    assert len(full_loads) == loads + 1


def test_errors_counted_under_views_stay_right(run: RunCli, two_meetings: Path,
                                               an_hour_later: None,
                                               full_loads: list[Path]) -> None:
    """An error elsewhere is still counted; an item carried over is judged with the other
    item, so its update is not kept in the delta."""
    common = ("--repo", str(two_meetings), "--today", TODAY)
    (two_meetings / "items/m2/m2-03.yaml").write_text(item_yaml("m2-03", lead="没有这个单位"),
                                                      encoding="utf-8")
    path = two_meetings / "items/m2/m2-07.yaml"
    path.write_text(item_yaml("m2-07", title="仅此一条", carried_from="m1-01"),
                    encoding="utf-8")
    first = _views(run, two_meetings)
    assert "1" in first[1][2]  # the note under the view counts the error
    assert run("update", "m2-07", "--note", "已会签", *common).exit_code == 0
    loads = len(full_loads)
    assert _views(run, two_meetings) == _views(run, two_meetings, "--no-cache")
    assert len(full_loads) == loads + 1  # carried over: loaded in full


@pytest.mark.parametrize("damage", [b"", b"garbage"])
def test_a_damaged_delta_is_ignored(run: RunCli, two_meetings: Path, an_hour_later: None,
                                    damage: bytes) -> None:
    common = ("--repo", str(two_meetings), "--today", TODAY)
    _views(run, two_meetings)
    assert run("update", "m1-02", "--note", "已会签", *common).exit_code == 0
    (two_meetings / ".huishang-cache" / DELTA_FILE).write_bytes(damage)
    assert _views(run, two_meetings) == _views(run, two_meetings, "--no-cache")


# -- check --base: every problem, the records of the change only --------------------------

def _messy(write_ledger: WriteLedger, seed: int, folders: tuple[str, ...] = ("m1", "m2"),
           ) -> Path:
    """A ledger with problems of every kind the rules between files find, and some others."""
    rng = random.Random(seed)
    files: dict[str, str] = {"units.yaml": UNITS}
    files |= {f"items/{name}/meeting.yaml": MEETING.replace("m1", name) for name in folders}
    for n in range(1, 25):
        folder = rng.choice(folders)
        item_id = f"{folder}-{n:02d}"
        fields = {"lead": rng.choice(["最高法", "最高检", "司法部", "最高人民法院"]),
                  "status": rng.choice(["in_progress", "done", "cancelled", "推进中"]),
                  "aspect": rng.choice(["A1", "A2", None])}
        if rng.random() < 0.3:
            fields["carried_to" if rng.random() < 0.5 else "carried_from"] = \
                rng.choice(["m1-03", "m2-04", "nowhere", item_id])
        name = item_id if rng.random() < 0.9 else f"{folder}-{n + 1:02d}"  # id ≠ name
        files[f"items/{folder}/{name}.yaml"] = item_yaml(item_id, **fields)
    files["items/m1/m1-50.yaml"] = item_yaml("m1-50", carried_to="m2-51", status="cancelled")
    files["items/m2/m2-51.yaml"] = item_yaml("m2-51", carried_from="m1-03")
    files["items/m2/m2-52.yaml"] = item_yaml("m2-52", carried_to="nowhere")
    files["items/m1/m1-90.yaml"] = "id: m1-90\ntitle: [\n"
    files["items/m1/m1-61.yaml"] = files["items/m2/m1-61.yaml"] = item_yaml("m1-61")  # twice
    files["items/m2/notes.txt"] = "一份说明\n"
    return write_ledger(files)


@pytest.mark.parametrize(("seed", "across_cores"), [(1, False), (2, False), (3, True),
                                                    (4, True)])
def test_the_lean_load_finds_every_problem_a_full_load_finds(
        write_ledger: WriteLedger, seed: int, across_cores: bool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import huishang.store.lean

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "ci-cache"))
    if across_cores:  # the worker processes send summaries, and the changed records
        monkeypatch.setattr(huishang.store.lean, "PARALLEL_FROM", 2)
        monkeypatch.setattr(huishang.store.lean.os, "cpu_count", lambda: 2)
    root = _messy(write_ledger, seed)
    full = load_ledger(root, use_cache=False)
    assert any(p.code.startswith("carried.") for p in full.problems)
    assert any(p.code == "id.duplicate" for p in full.problems)
    changed = {"items/m1/m1-01.yaml", "items/m2/m2-02.yaml", "items/m1/m1-02.yaml"}
    cold = load_lean(root, Scope(changed))
    warm = load_lean(root, Scope(changed))
    assert warm.cache_hits > 0 and cold.cache_hits == 0
    for lean in (cold, warm):
        assert lean.problems == full.problems
        assert sorted((e.path, e.record) for e in lean.items) == sorted(
            (e.path, e.record) for e in full.items if e.path in changed)
        assert lean.meetings.keys() == full.meetings.keys()
    # a file changed since: its summary is made again, and the rules between files see it
    (root / "items/m2/m1-61.yaml").write_text(item_yaml("m2-62"), encoding="utf-8")
    assert load_lean(root, Scope()).problems == load_ledger(root, use_cache=False).problems


def _edit_and_add_a_taken_id(repo: Repo) -> set[str]:
    repo.write("items/m1/m1-50.yaml", item_yaml("m1-50", carried_to="m2-51"))  # not cancelled
    repo.write("items/m2/m2-70.yaml", item_yaml("m3-71"))  # named apart from its id
    repo.write("items/m2/m3-71.yaml", item_yaml("m3-71", aspect="A9"))
    repo.commit("调整")
    return {"m1", "m2"}


def _delete_an_end_of_a_carry_over(repo: Repo) -> set[str]:
    repo.git("rm", "-q", "items/m2/m2-51.yaml")
    repo.commit("删除")
    return {"m2"}


def _change_a_meeting_under_its_items(repo: Repo) -> set[str]:
    repo.write("items/m3/meeting.yaml", MEETING.replace("m1", "m3").replace("A1", "B1"))
    repo.commit("调整议题")
    return {"m3"}


def _leave_files_uncommitted(repo: Repo) -> set[str]:
    repo.write(".gitignore", "*.bak\n")
    repo.write("items/m4/m4-80.bak", "旧稿\n")  # ignored by git, not by the ledger
    repo.write("items/m5/meeting.yaml", MEETING.replace("m1", "m5"))  # a new folder
    repo.write("items/m5/m4-90.yaml", item_yaml("m4-90"))  # a plain item's id, once more
    repo.write("items/m1/m1-50.yaml", item_yaml("m1-50", status="cancelled"))  # not added
    return {"m1", "m4", "m5"}


def _change_the_registry(repo: Repo) -> set[str]:
    repo.write("units.yaml", UNITS.replace("最高检", "高检"))
    repo.commit("调整单位")
    return {"m1", "m2", "m3", "m4"}  # every folder was judged by the old registry


@pytest.mark.parametrize("change", [_edit_and_add_a_taken_id, _delete_an_end_of_a_carry_over,
                                    _change_a_meeting_under_its_items, _leave_files_uncommitted,
                                    _change_the_registry])
def test_a_kept_state_answers_as_a_full_load(
        write_ledger: WriteLedger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        change: Callable[[Repo], set[str]]) -> None:
    """The base branch's run keeps its tree's state; a change then makes again only the
    folders whose files differ from that tree, and finds every problem a full load finds."""
    from huishang.git.change import change_since

    store = tmp_path / "ci-cache"
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(store))
    root = _messy(write_ledger, 6, ("m1", "m2", "m3", "m4"))
    (root / "items/m4/m4-90.yaml").write_text(item_yaml("m4-90"), encoding="utf-8")
    repo = Repo(root)
    repo.commit("台账")
    at_base = load_lean(root, change_since(root, "main").scope)
    assert at_base.problems == load_ledger(root, use_cache=False).problems
    assert len(list((store / STATES_DIR).iterdir())) == 1
    shutil.rmtree(store / RESULTS_DIR)  # what is not made again can come from the state only
    repo.git("checkout", "-q", "-b", "change")
    remade = change(repo)
    scanned = _folders_scanned(monkeypatch)
    scope = change_since(root, "main").scope
    lean = load_lean(root, scope)
    full = load_ledger(root, use_cache=False)
    assert sorted(scanned) == sorted(remade)
    assert lean.problems == full.problems
    assert lean.meetings.keys() == full.meetings.keys() & remade  # what a changed item reads
    assert sorted(e.path for e in lean.items) == sorted(
        e.path for e in full.items if e.path in scope.full)
    assert len(list((store / STATES_DIR).iterdir())) == 1  # a change keeps no state


def test_a_pull_requests_run_that_found_no_state_keeps_one_for_its_next_run(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """When the base branch's cache is gone, a pull request's first run keeps its own
    tree's state: the run on its next commit, with that run's store restored, makes again
    only the folders its change touches, and finds what a full load finds."""

    store = tmp_path / "ci-cache"
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(store))
    root = _messy(write_ledger, 6, ("m1", "m2", "m3", "m4"))
    repo = Repo(root)
    repo.commit("台账")
    repo.git("checkout", "-q", "-b", "change")
    repo.write("items/m2/m2-70.yaml", item_yaml("m2-70"))
    repo.commit("新增")
    args = ("check", "--base", "main", "--repo", str(root), "--today", TODAY)
    assert run(*args).exit_code == 1
    assert len(list((store / STATES_DIR).iterdir())) == 1
    repo.write("items/m3/m3-71.yaml", item_yaml("m3-71", status="推进中"))
    repo.commit("再新增")
    scanned = _folders_scanned(monkeypatch)
    again = run(*args)
    assert sorted(scanned) == ["m2", "m3"]  # the folders of the change's paths only
    monkeypatch.setenv("HUISHANG_NO_CACHE", "1")
    assert (again.stdout, again.exit_code) == (run(*args).stdout, 1)


def test_check_base_answers_as_a_full_load_and_keeps_the_cache_out_of_the_clone(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = _messy(write_ledger, 5)
    repo = Repo(root)
    repo.commit("台账")
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "ci-cache"))
    on_main = run("check", "--base", "main", "--repo", str(root), "--today", TODAY)
    assert on_main.exit_code == 1  # the base branch's run keeps its tree's state
    assert len(list((tmp_path / "ci-cache" / STATES_DIR).iterdir())) == 1
    repo.git("checkout", "-q", "-b", "change")
    repo.write("items/m2/m2-52.yaml", item_yaml("m2-52", carried_to="nowhere", due="2024-09-30",
                                                updates="[{date: 2024-01-02, note: 延期}]"))
    repo.write("items/m2/m2-30.yaml", item_yaml("m2-30"))
    repo.commit("调整期限")
    args = ("check", "--base", "main", "--repo", str(root), "--today", TODAY,
            "--format", "json")
    monkeypatch.setenv("HUISHANG_NO_CACHE", "1")
    full = run(*args)
    monkeypatch.delenv("HUISHANG_NO_CACHE")
    inside = root / ".ci-cache"
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(inside))
    assert (run(*args).stdout, run(*args).exit_code) == (full.stdout, full.exit_code)
    assert not inside.exists()  # a store the repository could write into is never used
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "ci-cache"))
    for _ in range(2):  # fills the store, then answers from it
        lean = run(*args)
        assert (lean.stdout, lean.exit_code) == (full.stdout, full.exit_code)
    found = json.loads(full.stdout)["problems"]
    assert {p["path"] for p in found if p["rule"].startswith("check.")} == {
        "items/m2/m2-52.yaml"}  # the deadline moved without its reason
    parts = [*(tmp_path / "ci-cache" / RESULTS_DIR).iterdir(),
             *(tmp_path / "ci-cache" / STATES_DIR).iterdir()]
    assert parts
    for part in parts:  # forged or damaged parts are ignored
        part.write_bytes(b"\0" * 40)
    again = run(*args)
    assert (again.stdout, again.exit_code) == (full.stdout, full.exit_code)


def test_the_shipped_ci_loads_once_and_keeps_the_store_outside_the_checkout() -> None:
    import yaml

    from huishang.edit.ci import integration_files

    files = integration_files()
    github = yaml.safe_load(files["integrations/github/huishang.yml"])["jobs"]["ledger"]
    steps = github["steps"]
    on_pr = [s.get("run", "") for s in steps if s.get("if") != "github.event_name != "
             "'pull_request'" and "run" in s]
    assert not any("huishang validate" in run for run in on_pr)  # check validates too
    assert any("huishang check --base" in run for run in on_pr)
    on_push = [s["run"] for s in steps if s.get("if") == "github.event_name != 'pull_request'"]
    assert on_push == ["huishang check --base HEAD"]  # keeps the state pull requests use
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == github["env"]["HUISHANG_CACHE_DIR"]
    assert "runner.temp" in cache["with"]["path"]  # not in the checkout
    assert next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))[
        "with"]["fetch-depth"] == 0
    gitlab = yaml.safe_load(files["integrations/gitlab/.gitlab-ci.yml"])["huishang"]
    assert gitlab["variables"]["HUISHANG_CACHE_DIR"].startswith("/tmp/")
    script = "\n".join(gitlab["script"])
    assert "huishang validate" not in script
    assert "huishang check --base HEAD" in script.split("else")[-1]
    assert "git ls-files .huishang-ci-cache" in script


def test_history_reports_parse_each_blob_once(run: RunCli, two_meetings: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "empty-store"))
    parsed: list[bytes | None] = []
    real = huishang.git.history.load_blob

    def spy(raw: bytes | None) -> Any:
        parsed.append(raw)
        return real(raw)

    monkeypatch.setattr(huishang.git.history, "load_blob", spy)
    for args in (("log", "--since", "2023-01-01"), ("bulletin", "--month", "2024-01")):
        result = run(*args, "--repo", str(two_meetings), "--today", TODAY)
        assert result.exit_code == 0, result.output
    assert parsed and len(parsed) == len(set(parsed))  # a blob that recurs is not parsed again


def test_a_warm_bulletin_reads_no_blob(run: RunCli, two_meetings: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The latest versions come from the files, so their blobs, never parsed, are never
    kept either: they are read only if asked for, and a second bulletin asks for none."""
    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    # February: no change to describe, and every item stands at its latest version
    args = ("bulletin", "--month", "2024-02", "--repo", str(two_meetings), "--today",
            "2024-03-05")
    first = run(*args)
    assert first.exit_code == 0, first.output
    read: list[list[str]] = []
    real = huishang.git.history.read_blobs

    def spy(root: Path, shas: Any) -> dict[str, bytes]:
        read.append(sorted(shas))
        return real(root, shas)

    monkeypatch.setattr(huishang.git.history, "read_blobs", spy)
    again = run(*args)
    assert again.stdout == first.stdout
    assert [shas for shas in read if shas] == []


def test_without_git_files_are_keyed_by_their_bytes(write_ledger: WriteLedger, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from huishang.store.results import file_keys

    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    keys = file_keys(root, ["items/m1/m1-01.yaml", "items/m1/meeting.yaml", "units.yaml"])
    assert sorted(keys) == ["items/m1/m1-01.yaml", "items/m1/meeting.yaml"]  # no units.yaml
    assert all(key.startswith("b2:") for key in keys.values())
    assert load_lean(root, Scope()).problems == load_ledger(root, use_cache=False).problems


def test_a_rewrite_right_after_the_write_is_never_taken_for_it(
        run: RunCli, two_meetings: Path, an_hour_later: None, full_loads: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program rewrites the file between huishang's write and its record of it:
    the delta vouches only for the bytes huishang wrote, so the next view loads the ledger."""
    import huishang.edit.changes

    real = huishang.edit.changes.write

    def then_an_editor(change: Any) -> bytes:
        data = real(change)
        change.path.write_text(change.after.replace("审查标准", "审查准则"), encoding="utf-8")
        return data

    monkeypatch.setattr(huishang.edit.changes, "write", then_an_editor)
    common = ("--repo", str(two_meetings), "--today", TODAY)
    _views(run, two_meetings)
    assert run("update", "m1-02", "--note", "已会签", *common).exit_code == 0
    loads = len(full_loads)
    assert _views(run, two_meetings) == _views(run, two_meetings, "--no-cache")
    assert "审查准则" in _views(run, two_meetings)[0][1]
    assert len(full_loads) == loads + 1


def _two_items_in_january(write_ledger: WriteLedger) -> Repo:
    """Two items, m1-01 led by 最高人民法院 and m1-02 by 最高检, committed on 10 January."""
    repo = Repo(write_ledger({"units.yaml": UNITS, "items/m1/m1-01.yaml": item_yaml(),
                              "items/m1/m1-02.yaml": item_yaml("m1-02", lead="最高检")}))
    repo.commit("会商确定事项", date="2024-01-10")
    return repo


@pytest.fixture
def three_months(write_ledger: WriteLedger) -> Path:
    """A ledger whose items were committed in January and edited in February and March."""
    repo = _two_items_in_january(write_ledger)
    for month, (note, due) in enumerate([("已起草", "2024-06-30"), ("已会签", "2024-09-30")], 2):
        day = f"2024-{month:02d}-12"
        repo.write("items/m1/m1-01.yaml", item_yaml(
            due=due, updates=f"[{{date: {day}, note: {note}, changes: [{{field: due, "
            f"reason: 协调中}}]}}]"))
        repo.write("items/m1/m1-02.yaml", item_yaml("m1-02", lead="最高检",
                                                    updates=f"[{{date: {day}, note: {note}}}]"))
        repo.commit(note, author=LI, date=day)
    return repo.root


def test_a_months_bulletin_replays_only_the_items_changed_in_it(
        run: RunCli, three_months: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Items are read as they stood at the month's end; only one whose deadline moved in
    the month is replayed from its versions."""
    import huishang.git.standing

    replayed: list[Any] = []
    real = huishang.git.standing.changes_between

    def spy(old: Any, new: Any, *args: Any) -> Any:
        replayed.append(new.id)
        return real(old, new, *args)

    monkeypatch.setattr(huishang.git.standing, "changes_between", spy)
    result = run("bulletin", "--month", "2024-02", "--repo", str(three_months),
                 "--today", "2024-03-20")
    assert result.exit_code == 0, result.output
    assert "2024.06.30" in result.output  # February's deadline move is in the bulletin
    assert replayed == ["m1-01", "m1-01"]  # its February and March commits, no other item's


def test_a_blob_once_read_is_never_read_again_in_any_clone(
        run: RunCli, three_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History's blobs are kept by id in the store outside the work tree: a fresh clone
    reads none of them from git and parses none, and its reports are the same."""
    import subprocess

    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    read: list[str] = []
    parsed: list[bytes | None] = []
    real_read, real_load = huishang.git.history.read_blobs, huishang.git.history.load_blob
    monkeypatch.setattr(huishang.git.history, "read_blobs",
                        lambda root, shas: real_read(root, read.extend(shas) or shas))
    monkeypatch.setattr(huishang.git.history, "load_blob",
                        lambda raw: parsed.append(raw) or real_load(raw))
    reports = [("bulletin", "--month", "2024-02", "--today", "2024-03-20"),
               ("log", "--since", "2024-01-01", "--today", "2024-03-20", "--format", "json"),
               ("history", "m1-01", "--today", "2024-03-20")]
    first = [run(*args, "--repo", str(three_months)) for args in reports]
    assert all(r.exit_code == 0 for r in first) and read and parsed
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(three_months), str(clone)], check=True)
    read.clear()
    parsed.clear()
    again = [run(*args, "--repo", str(clone)) for args in reports]
    assert [r.output for r in again] == [r.output for r in first]
    assert read == [] and parsed == []


def test_log_reads_no_ledger_file_but_the_settings(run: RunCli, three_months: Path,
                                                    reads: list[str]) -> None:
    result = run("log", "--since", "2024-01-01", "--repo", str(three_months),
                 "--today", "2024-03-20")
    assert result.exit_code == 0, result.output
    assert "已会签" in result.output
    assert reads == ["units.yaml"]  # the ledger has no huishang.yaml


def test_log_takes_its_period_from_the_kept_pass_by_the_day_each_change_shows(
        run: RunCli, three_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`log` reads the pass over git a bulletin keeps, so a second report runs no `git log`;
    and a change counts on the day its line shows (its author's day), as in the month's
    bulletin, even when it was committed (rebased, applied) days later."""
    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    repo = Repo(three_months)
    repo.write("items/m1/m1-02.yaml", item_yaml("m1-02", lead="最高检", updates=(
        "[{date: 2024-03-29, note: 已会签}, {date: 2024-03-30, note: 月底补记}]")))
    repo.git("add", "-A")
    repo.git("commit", "-qm", "月底补记", "--date", "2024-03-30T10:00:00+08:00",
             date="2024-04-02")  # made on 30 March, committed on 2 April
    passes: list[str | None] = []
    real = huishang.git.history.log_changes
    monkeypatch.setattr(huishang.git.history, "log_changes", lambda root, paths, **kw: (
        passes.append(kw.get("revisions")) or real(root, paths, **kw)))
    march = ("log", "--since", "2024-03-01", "--until", "2024-03-31", "--today", "2024-04-20",
             "--format", "json", "--repo", str(three_months))
    first = run(*march)
    assert first.exit_code == 0, first.output
    subjects = [s["subject"] for s in json.loads(first.stdout)["items"]["m1-02"]]
    assert subjects == ["已会签", "月底补记"]
    april = run("log", "--since", "2024-04-01", "--until", "2024-04-30", "--today",
                "2024-04-20", "--repo", str(three_months), "--lang", "en")
    assert april.stdout == "No changes to the ledger from 2024-04-01 to 2024-04-30.\n"
    assert passes == [None]  # one pass over git, by the first report
    bulletin = run("bulletin", "--month", "2024-03", "--today", "2024-04-20", "--repo",
                   str(three_months))
    assert "月底补记" in bulletin.stdout and passes == [None]


@pytest.mark.parametrize("then", ["commit", "amend", "merge", "nothing"])
def test_the_history_pass_reads_only_new_commits_and_answers_as_a_whole_one(
        run: RunCli, three_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        then: str) -> None:
    """The pass over git is kept with the commit it was made at: after new commits only
    they are read; after a rewrite or a merge, the whole history. Either way the reports
    equal those made from an empty store."""
    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    passes: list[str | None] = []
    real = huishang.git.history.log_changes

    def spy(root: Path, paths: Any, **kwargs: Any) -> Any:
        passes.append(kwargs.get("revisions"))
        return real(root, paths, **kwargs)

    monkeypatch.setattr(huishang.git.history, "log_changes", spy)
    report = ("bulletin", "--month", "2024-03", "--today", "2024-04-20", "--repo",
              str(three_months))
    assert run(*report).exit_code == 0
    repo = Repo(three_months)
    edited = item_yaml("m1-02", lead="最高检", status="done", done_on="2024-04-02",
                       evidence="[检〔2024〕2号]", updates="[{date: 2024-04-02, note: 已印发}]")
    if then == "merge":
        repo.git("checkout", "-q", "-b", "side", "HEAD~1")
        repo.write("items/m1/m1-03.yaml", item_yaml("m1-03", title="另一事项"))
        repo.commit("补充事项", date="2024-03-15")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--no-edit", "side", date="2024-04-03")
    elif then != "nothing":
        repo.write("items/m1/m1-02.yaml", edited)
        repo.git("add", "-A")
        repo.git("commit", "-q", "-m", "办结", *(["--amend"] if then == "amend" else []),
                 date="2024-04-02")
    passes.clear()
    kept = run(*report)
    assert kept.exit_code == 0, kept.output
    last = repo.git("rev-parse", "HEAD~1").strip()
    assert passes == {"commit": [f"{last}..HEAD"], "nothing": []}.get(then, [None])
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "empty"))
    assert kept.output == run(*report).output


def test_a_shallow_clone_keeps_no_pass_and_reads_its_history_whole(
        run: RunCli, three_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deepening a shallow clone adds older commits: a pass kept there would hide them,
    so none is kept and each run reads the history git has."""
    import subprocess

    import huishang.git.history

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    passes: list[object] = []
    real = huishang.git.history.log_changes
    monkeypatch.setattr(huishang.git.history, "log_changes",
                        lambda root, paths, **kw: passes.append(kw) or real(root, paths, **kw))
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{three_months}",
                    str(clone)], check=True)
    report = ("bulletin", "--month", "2024-03", "--today", "2024-04-20", "--repo", str(clone))
    first, second = run(*report), run(*report)
    assert first.exit_code == 0, first.output
    assert second.output == first.output
    assert len(passes) == 2  # the second run read git's log again
    assert not (tmp_path / "store" / "history-pass").exists()


@pytest.fixture
def six_months(write_ledger: WriteLedger) -> Path:
    """Two items committed in January and edited once a month through June."""
    repo = _two_items_in_january(write_ledger)
    for month in range(2, 7):
        day = f"2024-{month:02d}-12"
        for item_id, lead in (("m1-01", "最高人民法院"), ("m1-02", "最高检")):
            repo.write(f"items/m1/{item_id}.yaml", item_yaml(
                item_id, lead=lead, updates=f"[{{date: {day}, note: 第{month}月进展}}]"))
        repo.commit(f"{month}月进展", author=LI, date=day)
    return repo.root


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The blobs whose item is validated from now on (what a log finds a blob's item to
    be is made by `Log.derived`, once per blob)."""
    from huishang.git.history import Log

    validated: list[str] = []
    real = Log.derived

    def derived(log: Log, kind: str, blob: str, make: Callable[[], Any]) -> Any:
        counted = (lambda: validated.append(blob) or make()) if kind == "item" else make
        return real(log, kind, blob, counted)

    monkeypatch.setattr(Log, "derived", derived)
    return validated


def test_a_bulletin_validates_only_the_versions_standing_on_its_days(
        run: RunCli, six_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """February's bulletin asks how the items stood at the end of January and of February
    and when it is written: the versions of March to June are never validated."""
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    validated = _validations(monkeypatch)
    result = run("bulletin", "--month", "2024-02", "--repo", str(six_months),
                 "--today", "2024-03-05")
    assert result.exit_code == 0, result.output
    assert "第2月进展" in result.output
    assert 0 < len(set(validated)) <= 6  # of twelve versions: three days, two items


def test_a_bulletin_takes_each_items_latest_version_from_the_loaded_ledger(
        run: RunCli, six_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """June's bulletin, made in July, asks how the items stood at the end of May and of
    June: June's versions are the files the ledger loaded, so only May's are validated,
    and the bulletin is the one made by validating every version. A file edited and not
    committed is not what git vouches for: its blob is validated, and the bulletin
    counts the committed item, not the edit."""
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    validated = _validations(monkeypatch)
    bulletin = ("bulletin", "--month", "2024-06", "--repo", str(six_months),
                "--today", "2024-07-01")
    made = run(*bulletin)
    assert made.exit_code == 0, made.output
    assert "第6月进展" in made.output
    assert len(set(validated)) == 2  # May's two versions
    with monkeypatch.context() as patch:
        patch.setattr(huishang.git.timeline, "_known_current", lambda timeline, ledger: None)
        validated.clear()
        assert run(*bulletin).output == made.output
        assert len(set(validated)) == 4
    (six_months / "items/m1/m1-01.yaml").write_text(item_yaml(
        title="未提交的改动", updates="[{date: 2024-06-12, note: 第6月进展}]"), encoding="utf-8")
    validated.clear()
    edited = run(*bulletin)
    assert "未提交的改动" not in edited.stdout
    assert len(set(validated)) == 3  # and June's m1-01 from its blob


def test_a_site_counts_its_trends_from_briefs_kept_by_blob(
        run: RunCli, six_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's monthly trend needs each version's status and deadline: the first run
    validates each version once and keeps what it counts; the next validates none."""
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    validated = _validations(monkeypatch)
    site = ("site", "-o", str(tmp_path / "site"), "--repo", str(six_months),
            "--today", "2024-07-01")
    assert run(*site).exit_code == 0
    first = (tmp_path / "site" / "index.html").read_bytes()
    assert len(validated) == len(set(validated)) == 12
    validated.clear()
    assert run(*site).exit_code == 0
    assert validated == []
    assert (tmp_path / "site" / "index.html").read_bytes() == first


def test_a_site_lets_the_blobs_go_before_it_makes_its_pages(
        run: RunCli, six_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once every change is described and the trend counted, no page reads a blob: their
    data, and the store parts holding them, are let go before the first page is made (at
    100,000 items a fifth of the site's memory), kept for the next run first."""
    import huishang.reports.site

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    built: list[Any] = []
    real_build, real_rows = huishang.reports.site.build, huishang.reports.site.ledger_rows
    monkeypatch.setattr(huishang.reports.site, "build",
                        lambda ledger, **kw: built.append(real_build(ledger, **kw)) or built[-1])
    held: list[int] = []

    def rows(*args: Any, **kwargs: Any) -> Any:  # the pages' rows, made before any page
        log = built[0].log
        held.append(len(log.found) + len(log.store.parts))
        return real_rows(*args, **kwargs)

    monkeypatch.setattr(huishang.reports.site, "ledger_rows", rows)
    site = ("site", "-o", str(tmp_path / "site"), "--repo", str(six_months),
            "--today", "2024-07-01")
    assert run(*site).exit_code == 0
    assert held == [0]
    first = (tmp_path / "site" / "index.html").read_bytes()
    assert "2024-07" in first.decode("utf-8")  # the trend was counted all the same
    assert run(*site).exit_code == 0
    assert (tmp_path / "site" / "index.html").read_bytes() == first


@pytest.mark.parametrize("with_git", [True, False])
def test_a_trend_sweep_counts_what_each_days_states_hold(
        six_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        with_git: bool) -> None:
    """The site's trend counts each month-end in one sweep over the days changes count on;
    it must count what the bulletin's rule says the items were that day, with git and
    from the files alone."""
    import datetime as dt
    from collections import Counter

    from huishang.git.timeline import Brief, build

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "store"))
    repo = Repo(six_months)
    repo.write("items/m1/m1-03.yaml", item_yaml("m1-03", status="done", done_on="2024-04-02",
                                                evidence="[文号]"))
    repo.write("items/m1/m1-04.yaml", item_yaml("m1-04", due="2024-03-15"))
    repo.commit("增补事项", date="2024-04-03")
    repo.write("items/m1/m1-04.yaml", "id: [broken")  # a version that does not validate
    repo.commit("误改", date="2024-05-20")
    timeline = build(load_ledger(six_months), use_git=with_git)
    days = [dt.date(2023, 12, 31), *(dt.date(2024, m, 28) for m in range(1, 8))]
    for day, counted in zip(days, timeline.tallies(days), strict=True):
        expected = Counter(Brief(s.item.status, s.item.due, s.item.done_on)
                           for s in timeline.month_end(day, dt.date(2024, 7, 1)).values())
        assert counted == expected, day
    assert sum(timeline.tallies([dt.date(2024, 7, 1)])[0].values()) == 3  # m1-04 broken


def test_only_the_newest_states_are_kept(write_ledger: WriteLedger, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A state per push of the base branch would fill the CI cache: the newest few stay."""
    import os

    from huishang.store.trees import KEEP, States

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "ci-cache"))
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    states = States.open(root)
    for n in range(KEEP + 2):
        states.put("ctx", f"tree{n}", {"n": n})
        assert states.folder is not None
        os.utime(states.folder / f"ctx-tree{n}", ns=(n * 10**9, n * 10**9))
    states.put("ctx", "tree9", {"n": 9})  # the newest: pruning runs after each write
    newest_first = ["tree9", *(f"tree{n}" for n in reversed(range(KEEP + 2)))]
    assert states.trees("ctx") == newest_first[:KEEP]
    assert states.get("ctx", "tree9") == {"n": 9}
    assert states.get("other", "tree9") is None
