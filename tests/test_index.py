"""The view index answers exactly as a full load would, and is never used once any input
changed: edits, renames, deletions, new files, same-second rewrites, units and settings."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml

import huishang.store.index
import huishang.store.listing
import huishang.store.signed
from huishang.ledger.layout import CACHE_DIR
from huishang.store.files import load_ledger
from huishang.store.index import INDEX_FILE, load_facts
from huishang.store.listing import listing
from huishang.views.facts import ledger_facts

TODAY = "2024-01-05"
PAST = 1_600_000_000


@pytest.fixture(autouse=True)
def private_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "key-home"))


@pytest.fixture(autouse=True)
def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run starts an hour after the files were written, so none is racily clean."""
    monkeypatch.setattr(huishang.store.signed, "now_ns", lambda: time.time_ns() + 3600 * 10**9)


@pytest.fixture
def no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any full load: what is answered then came from the index."""
    def refuse(*_: object) -> None:
        raise AssertionError("the ledger was loaded in full")

    monkeypatch.setattr(huishang.store.index, "facts_of_ledger_files", refuse)


def _random_ledger(write_ledger: WriteLedger, seed: int) -> Path:
    rng = random.Random(seed)
    units = ["最高人民法院", "最高法", "最高人民检察院", "最高检", "司法部"]
    files = {"units.yaml": "units:\n  - name: 最高人民法院\n    short: [最高法]\n"
                           "  - name: 最高人民检察院\n    short: [最高检]\n  - name: 司法部\n"}
    for n in range(1, 40):
        status = rng.choice(["planned", "in_progress", "blocked", "done", "cancelled", "no"])
        fields: dict[str, str] = {
            "lead": rng.choice(units), "status": status,
            "due": (dt.date(2023, 10, 1) + dt.timedelta(days=rng.randint(0, 150))).isoformat(),
            "partners": f"[{rng.choice(units)}]",
            "owner": rng.choice(["{division: 刑一庭, person: 张三}", "{person: 李四}", "null"]),
        }
        if status == "done":
            fields.update(done_on="2023-12-01", evidence="[法发〔2023〕1号]")
        if status == "cancelled":
            fields["updates"] = "[{date: 2023-11-01, note: 取消}]"
        elif rng.random() < 0.5:
            fields["updates"] = f"[{{date: 2023-{rng.randint(7, 12):02d}-01, note: 推进}}]"
        files[f"items/m1/m1-{n:02d}.yaml"] = item_yaml(f"m1-{n:02d}", **fields)
    return write_ledger(files)


VIEWS = [("list", "--format", "json"), ("list", "--overdue", "--format", "json"),
         ("list", "--lead", "最高法", "--sort", "lead", "--format", "json"),
         ("list", "--status", "done", "--status", "cancelled", "--format", "json"),
         ("warnings", "--format", "json"), ("warnings", "--warning", "red", "--format", "csv"),
         ("progress", "--by", "unit", "--format", "json"), ("progress", "--by", "owner"),
         ("list", "--due-within", "30d")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_answers_as_a_full_load(run: RunCli, write_ledger: WriteLedger,
                                          monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    root = _random_ledger(write_ledger, seed)
    common = ("--repo", str(root), "--today", TODAY)
    full = [run(*view, *common, "--no-cache") for view in VIEWS]
    run("list", *common)  # writes the index
    assert (root / CACHE_DIR / INDEX_FILE).exists()

    def refuse(*_: object) -> None:
        raise AssertionError("the ledger was loaded in full")

    monkeypatch.setattr(huishang.store.index, "facts_of_ledger_files", refuse)
    for view, expected in zip(VIEWS, full, strict=True):
        got = run(*view, *common)
        assert (got.exit_code, got.stdout, got.stderr) == (
            expected.exit_code, expected.stdout, expected.stderr), view
    assert json.loads(full[0].stdout)["items"]  # the comparison was of something


def _ids(root: Path) -> list[str]:
    view = load_facts(root)
    return sorted(f"{f.id}:{f.status}:{'、'.join(f.leads)}" for f in view.facts())


@pytest.fixture
def indexed(write_ledger: WriteLedger) -> Path:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", status="done",
                                                          done_on="2023-12-01",
                                                          evidence="[文号]")})
    load_facts(root)
    assert (root / CACHE_DIR / INDEX_FILE).exists()
    return root


def test_an_edit_is_seen(indexed: Path) -> None:
    (indexed / "items/m1/m1-01.yaml").write_text(item_yaml(status="blocked"), encoding="utf-8")
    assert _ids(indexed) == ["m1-01:blocked:最高人民法院", "m1-02:done:最高人民法院"]


def test_a_same_second_rewrite_of_the_same_size_is_seen(indexed: Path) -> None:
    path = indexed / "items/m1/m1-01.yaml"
    os.utime(path, (PAST, PAST))
    load_facts(indexed)
    after = path.read_text(encoding="utf-8").replace("in_progress", "planned____")
    path.write_text(after.replace("planned____", "blocked    "), encoding="utf-8")
    os.utime(path, (PAST, PAST))  # same size, same mtime: only ctime tells
    assert _ids(indexed)[0] == "m1-01:blocked:最高人民法院"


def test_renames_deletions_and_new_files_are_seen(indexed: Path) -> None:
    (indexed / "items/m1/m1-02.yaml").unlink()
    assert _ids(indexed) == ["m1-01:in_progress:最高人民法院"]
    (indexed / "items/m1/m1-01.yaml").rename(indexed / "items/m1/m1-03.yaml")
    view = load_facts(indexed)
    assert view.errors == 1  # the id no longer matches the file name
    (indexed / "items/m2").mkdir()
    (indexed / "items/m2/m2-01.yaml").write_text(item_yaml("m2-01"), encoding="utf-8")
    assert load_facts(indexed).errors == 2  # and m2 has no meeting.yaml


def test_units_and_settings_are_inputs(indexed: Path) -> None:
    (indexed / "units.yaml").write_text("units:\n  - name: 最高人民法院\n    short: [最高法]\n",
                                        encoding="utf-8")
    (indexed / "items/m1/m1-01.yaml").write_text(item_yaml(lead="最高法"), encoding="utf-8")
    assert _ids(indexed)[0] == "m1-01:in_progress:最高人民法院"
    (indexed / "huishang.yaml").write_text("lang: en\n", encoding="utf-8")
    assert load_facts(indexed).lang == "en"


def test_an_unchanged_ledger_is_answered_from_the_index(indexed: Path,
                                                        no_full_load: None) -> None:
    assert _ids(indexed) == ["m1-01:in_progress:最高人民法院", "m1-02:done:最高人民法院"]


def test_finished_items_are_read_only_when_asked_for(indexed: Path, no_full_load: None) -> None:
    from huishang.views.query import Filter, select

    view = load_facts(indexed)
    assert [r.facts.id for r in select(view, dt.date(2024, 1, 5), Filter(overdue=True))] == [
        "m1-01"]
    assert callable(view.closed)  # not unpickled for an overdue list
    assert len(select(view, dt.date(2024, 1, 5))) == 2
    assert not callable(view.closed)


def test_a_racily_clean_listing_writes_no_index(write_ledger: WriteLedger,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(huishang.store.signed, "now_ns", time.time_ns)  # files were written just now
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    assert not listing(root).settled
    load_facts(root)
    assert not (root / CACHE_DIR / INDEX_FILE).exists()


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_or_foreign_index_is_discarded(indexed: Path, damage: bytes | None,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = indexed / CACHE_DIR / INDEX_FILE
    blob = path.read_bytes()
    if damage is None:  # a valid index, but signed under another machine's key
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    else:
        path.write_bytes(damage)
    view = load_facts(indexed)
    assert sorted(f.id for f in view.facts()) == ["m1-01", "m1-02"]
    if damage is None:
        assert path.read_bytes() != blob  # rewritten under the new key


def test_the_index_matches_a_view_of_the_loaded_ledger(indexed: Path) -> None:
    stored = load_facts(indexed)
    fresh = ledger_facts(load_ledger(indexed, use_cache=False))
    assert sorted(stored.facts()) == sorted(fresh.facts())
    assert (stored.errors, stored.aliases, stored.thresholds, stored.lang, stored.timezone) == (
        fresh.errors, fresh.aliases, fresh.thresholds, fresh.lang, fresh.timezone)


def test_two_processes_list_as_one(write_ledger: WriteLedger,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({f"items/m{n}/m{n}-01.yaml": item_yaml(f"m{n}-01") for n in range(1, 9)})
    monkeypatch.setattr(huishang.store.listing, "PARALLEL_FROM", 10**9)
    alone = listing(root)
    monkeypatch.setattr(huishang.store.listing, "PARALLEL_FROM", 2)
    assert listing(root) == alone
    (root / "items/m7/m7-01.yaml").write_text(item_yaml("m7-01", status="done"),
                                              encoding="utf-8")
    assert listing(root).digest != alone.digest  # a change in the child's half is seen


_WARM_RUN = """
import sys, time
import huishang.store.signed
huishang.store.signed.now_ns = lambda: time.time_ns() + 3600 * 10**9  # the files are old by then
from huishang.cli import main
sys.argv = ["huishang", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules}
               & {"pydantic", "yaml", "ruamel", "jinja2"})
print("IMPORTED", ",".join(heavy))
"""


def test_a_warm_view_imports_no_parser_and_no_models(write_ledger: WriteLedger,
                                                     tmp_path: Path) -> None:
    """The point of the index: a warm `list` neither parses YAML nor builds models."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "key-home")}
    args = [sys.executable, "-c", _WARM_RUN, "list", "--overdue", "--repo", str(root),
            "--today", TODAY]
    cold = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    assert cold.stdout.splitlines()[-1] == "IMPORTED pydantic,yaml"  # the first run loads
    assert warm.stdout.splitlines()[-1] == "IMPORTED "  # nor Jinja2
    assert warm.stdout.replace("IMPORTED ", "") == cold.stdout.replace(
        "IMPORTED pydantic,yaml", "")
    assert "m1-01" in warm.stdout


@pytest.mark.parametrize("args", [
    ("update", "m1-01", "--note", "召开推进会。", "--date", "2024-01-04"),
    ("correct", "m1-01", "--update", "1", "--date", "2024-01-04", "--reason", "日期有误"),
])
def test_a_write_by_update_or_correct_keeps_the_index_warm(
        run: RunCli, write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch,
        args: tuple[str, ...]) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(
        updates="\n  - date: 2023-12-01\n    note: 起草。")})
    load_facts(root)
    done = run(*args, "--repo", str(root), "--today", TODAY)
    assert done.exit_code == 0, done.output
    monkeypatch.setattr(huishang.store.index, "facts_of_ledger_files", _refuse_full_load)
    assert [f.last_update for f in load_facts(root).facts()] == ["2024-01-04"]


def _refuse_full_load(*_: object) -> None:
    raise AssertionError("the ledger was loaded in full")
