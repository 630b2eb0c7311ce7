"""The cache can never be wrong: edits, renames, deletions and same-second rewrites are seen;
errors are cached too; a damaged, foreign or malicious cache is discarded unread; parallel
loading gives the same ledger as serial loading."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, item_yaml

import huishang.ledger.load
import huishang.store.signed
from huishang.ledger.layout import CACHE_DIR
from huishang.ledger.load import identity
from huishang.store.files import CACHE_FILE, FileCache, load_ledger

PAST = 1_600_000_000  # an mtime in 2020


@pytest.fixture(autouse=True)
def private_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "key-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run starts an hour after the files were written, so none is racily clean."""
    monkeypatch.setattr(huishang.store.signed, "now_ns", lambda: time.time_ns() + 3600 * 10**9)


@pytest.fixture
def ledger_root(write_ledger: WriteLedger) -> Path:
    return write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", status="no")})


def test_a_second_load_comes_from_the_cache(ledger_root: Path) -> None:
    first = load_ledger(ledger_root)
    assert first.cache_hits == 0
    second = load_ledger(ledger_root)
    assert second.cache_hits == 3  # the meeting, the valid item and the invalid one
    assert [e.record for e in second.items] == [e.record for e in first.items]
    assert second.problems == first.problems  # errors are cached too
    assert [p.code for p in second.problems] == ["value.choice"]


def _between_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = huishang.ledger.load.check_ledger

    def spy(ledger: object) -> object:
        calls.append(1)
        return real(ledger)  # type: ignore[arg-type]

    monkeypatch.setattr(huishang.ledger.load, "check_ledger", spy)
    return calls


@pytest.mark.parametrize("change", ["nothing", "registry", "edit", "deletion", "new file"])
def test_the_rules_between_files_run_again_only_after_a_change(
        write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    root = write_ledger({
        "units.yaml": "units:\n  - {name: 最高人民法院, short: [最高法]}\n",
        "items/m1/m1-01.yaml": item_yaml(lead="最高法"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", lead="司法部", carried_from="m1-09"),
        "items/m1/m1-03.yaml": item_yaml("m1-01"),  # an id taken, and not its file's name
    })
    load_ledger(root)
    calls = _between_runs(monkeypatch)
    if change == "registry":
        (root / "units.yaml").write_text("units:\n  - {name: 司法部}\n", encoding="utf-8")
    elif change == "edit":
        (root / "items/m1/m1-02.yaml").write_text(item_yaml("m1-02"), encoding="utf-8")
    elif change == "deletion":
        (root / "items/m1/m1-03.yaml").unlink()
    elif change == "new file":
        (root / "items/m1/m1-04.yaml").write_text(item_yaml("m1-02"), encoding="utf-8")
    again = load_ledger(root)
    assert again.problems == load_ledger(root, use_cache=False).problems
    assert len(calls) == (0 if change == "nothing" else 1) + 1  # + the load without cache
    assert any(p.code == "id.duplicate" for p in again.problems) == (change != "deletion")


def test_an_edit_is_seen(ledger_root: Path) -> None:
    load_ledger(ledger_root)
    path = ledger_root / "items/m1/m1-01.yaml"
    path.write_text(item_yaml(status="blocked"), encoding="utf-8")
    ledger = load_ledger(ledger_root)
    assert ledger.cache_hits == 2
    assert {e.record.id: e.record.status for e in ledger.items} == {"m1-01": "blocked"}


def test_a_same_second_rewrite_of_the_same_size_is_seen(ledger_root: Path) -> None:
    load_ledger(ledger_root)
    path = ledger_root / "items/m1/m1-01.yaml"
    before = path.read_text(encoding="utf-8")
    after = before.replace("in_progress", "in_pro9ress")  # same size, still a bad value
    assert len(after.encode()) == len(before.encode())
    os.utime(path, (PAST, PAST))
    load_ledger(ledger_root)
    path.write_text(after.replace("in_pro9ress", "cancelled__"[:11]), encoding="utf-8")
    os.utime(path, (PAST, PAST))  # mtime restored exactly, as a coarse clock would leave it
    ledger = load_ledger(ledger_root)
    assert [p.code for p in ledger.problems] == ["value.choice", "value.choice"]


def _four_meetings(write_ledger: WriteLedger) -> Path:
    from conftest import MEETING

    files = {}
    for n in range(1, 5):
        files[f"items/m{n}/meeting.yaml"] = MEETING.replace("id: m1", f"id: m{n}")
        for k in range(1, 4):
            files[f"items/m{n}/m{n}-0{k}.yaml"] = item_yaml(f"m{n}-0{k}")
    return write_ledger(files)


def test_a_change_rewrites_only_the_part_of_its_folder(
        write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    """One edited item costs its folder's part of the cache and the head, not the whole
    cache again (at 100,000 items that was 3 s of pickling); the next load is whole."""
    root = _four_meetings(write_ledger)
    load_ledger(root)

    def parts() -> dict[str, bytes]:
        return {f.name: f.read_bytes() for f in (root / CACHE_DIR).glob("ledger.cache*")}

    was = parts()
    path = root / "items/m3/m3-02.yaml"
    path.write_text(item_yaml("m3-02", status="blocked"), encoding="utf-8")
    changed = load_ledger(root)
    assert changed.cache_hits == 15  # 4 meetings and 12 items, less the edited one
    now = parts()
    written = [name for name, body in now.items() if was.get(name) != body]
    assert CACHE_FILE in written
    assert sum(len(now[name]) for name in written) < sum(map(len, now.values())) / 2
    again = load_ledger(root)
    assert again.cache_hits == 16
    fresh = load_ledger(root, use_cache=False)
    assert [e.record for e in again.items] == [e.record for e in fresh.items]
    assert again.problems == fresh.problems


def test_problems_between_files_are_kept_only_with_the_parts_they_were_found_in(
        write_ledger: WriteLedger) -> None:
    """The head of the cache names the parts its problems between files were found in: a
    head left from before a change (a run stopped between writing a part and the head, or
    another run writing meanwhile) is judged again, not believed."""
    root = _four_meetings(write_ledger)
    assert load_ledger(root).problems == []
    head = root / CACHE_DIR / CACHE_FILE
    before = head.read_bytes()
    (root / "items/m2/m1-01.yaml").write_text(item_yaml("m1-01"), encoding="utf-8")
    taken = load_ledger(root).problems
    assert [p.code for p in taken] == ["id.duplicate"]
    head.write_bytes(before)
    again = load_ledger(root)
    assert again.cache_hits == 17  # every file is as its part says
    assert again.problems == taken


def test_racily_clean_entries_are_not_trusted(tmp_path: Path) -> None:
    cache = FileCache(tmp_path, "salt", trusted_ns=8_000_000_000)  # a run began at 10 s
    fresh = (1, 0, 9_000_000_000, 1, 1)  # changed (ctime) 1 s before that run began
    old = (1, 0, 1_000_000_000, 1, 1)
    cache.put("a.yaml", fresh, "A")
    cache.put("b.yaml", old, "B")
    assert cache.get("a.yaml", fresh) is None
    assert cache.get("b.yaml", old) == "B"
    assert cache.get("b.yaml", (2, *old[1:])) is None  # another size: another file


def test_renames_and_deletions_are_seen(ledger_root: Path) -> None:
    load_ledger(ledger_root)
    (ledger_root / "items/m1/m1-01.yaml").rename(ledger_root / "items/m1/m1-09.yaml")
    (ledger_root / "items/m1/m1-02.yaml").unlink()
    ledger = load_ledger(ledger_root)
    assert [(p.path, p.code) for p in ledger.problems] == [
        ("items/m1/m1-09.yaml", "id.file_mismatch")]
    assert [e.path for e in ledger.items] == ["items/m1/m1-09.yaml"]
    third = load_ledger(ledger_root)
    assert third.problems == ledger.problems


def test_positions_of_cached_records_are_still_exact(write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(aspect="A9")})
    first = load_ledger(root)
    second = load_ledger(root)
    assert second.cache_hits == 2
    assert [p.location() for p in second.problems] == [p.location() for p in first.problems]
    assert second.problems[0].location() == "items/m1/m1-01.yaml:3:9"


def _cache_file(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_cache_is_discarded(ledger_root: Path, damage: bytes | None) -> None:
    load_ledger(ledger_root)
    path = _cache_file(ledger_root)
    blob = path.read_bytes()
    path.write_bytes(blob[:-10] + b"0123456789" if damage is None else damage)
    ledger = load_ledger(ledger_root)
    assert ledger.cache_hits == 0
    assert [p.code for p in ledger.problems] == ["value.choice"]
    assert load_ledger(ledger_root).cache_hits == 3  # and it is written afresh


def test_a_cache_signed_elsewhere_is_discarded(ledger_root: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    load_ledger(ledger_root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    assert load_ledger(ledger_root).cache_hits == 0


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


def test_a_planted_pickle_is_never_unpickled(ledger_root: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ledger_root)
    load_ledger(ledger_root)
    real = _cache_file(ledger_root).read_bytes()
    header = real[:real.index(b"\n") + 1]  # what this code writes, with a signature of zeros
    payload = pickle.dumps(("salt", 0, {"x": _Exploit()}))
    _cache_file(ledger_root).write_bytes(header + b"\0" * 32 + payload)
    ledger = load_ledger(ledger_root)
    assert ledger.cache_hits == 0
    assert not (ledger_root / "PWNED").exists()


def test_no_cache_bypasses_it(run: RunCli, ledger_root: Path) -> None:
    result = run("validate", "--repo", str(ledger_root), "--no-cache")
    assert result.exit_code == 1
    assert not _cache_file(ledger_root).exists()
    assert run("validate", "--repo", str(ledger_root)).exit_code == 1
    assert _cache_file(ledger_root).exists()
    assert (ledger_root / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")


def test_identity_changes_with_the_content_size(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"a")
    first = identity(os.stat(path))
    path.write_bytes(b"ab")
    assert identity(os.stat(path)) != first


def test_parallel_load_equals_serial_load(write_ledger: WriteLedger,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"items/m1/m1-{n:02d}.yaml": item_yaml(f"m1-{n:02d}", status="no" if n % 7 == 0
                                                     else "in_progress") for n in range(1, 60)}
    root = write_ledger(files)
    monkeypatch.setattr(huishang.ledger.load, "PARALLEL_FROM", 10)
    serial = load_ledger(root, use_cache=False, workers=1)
    parallel = load_ledger(root, use_cache=False, workers=2)
    assert [e.record for e in parallel.items] == [e.record for e in serial.items]
    assert parallel.problems == serial.problems
    assert len(parallel.problems) == 8


def test_progress_is_reported(write_ledger: WriteLedger) -> None:
    root = write_ledger({f"items/m1/m1-{n:02d}.yaml": item_yaml(f"m1-{n:02d}")
                         for n in range(1, 20)})
    seen: list[tuple[int, int]] = []
    load_ledger(root, use_cache=False, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[0][1] == 20


@pytest.mark.parametrize("cache_home", [".keyhome", "{root}/.keyhome"])
def test_the_key_never_comes_from_the_repository(write_ledger: WriteLedger, tmp_path: Path,
                                                 cache_home: str) -> None:
    """A relative XDG_CACHE_HOME, or one inside the ledger, would let a cloned repository
    ship the key (and a pickle signed with it). Both are ignored for ~/.cache."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    planted = root / ".keyhome" / "huishang" / "cache.key"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"k" * 32)
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": cache_home.format(root=root)}
    for _ in range(2):  # the second run reads the cache the first wrote
        done = subprocess.run([sys.executable, "-m", "huishang", "validate"], cwd=root,
                              env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    key = (home / ".cache" / "huishang" / "cache.key").read_bytes()
    assert len(key) == 32 and key != planted.read_bytes()
    assert sorted(p.name for p in planted.parent.iterdir()) == ["cache.key"]
