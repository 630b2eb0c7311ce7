"""Roll-up across ledgers: a national ledger over two provincial ones, each its own real git
repository, brought in with `huishang sync`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import LI, ZHANG, Repo, RunCli, WriteLedger

MEETING_ID = "2023-12-14-xj-fa-jian"  # both provinces used this id: copying lost seven files
TODAY = "2024-06-30"

NATIONAL_UNITS = """units:
  - name: 最高人民法院
    short: [最高法]
    level: national
  - name: 新疆维吾尔自治区高级人民法院
    short: [新疆高院]
    level: provincial
  - name: 黑龙江省高级人民法院
    short: [黑龙江高院]
    level: provincial
"""
XJ_UNITS = """units:
  - name: 新疆维吾尔自治区高级人民法院
    short: [新疆高院]
    level: provincial
  - name: 乌鲁木齐市中级人民法院
    short: [乌鲁木齐中院]
    level: municipal
    parent: 新疆维吾尔自治区高级人民法院
"""


def meeting(meeting_id: str, title: str, party: str) -> str:
    return (f"id: {meeting_id}\ntitle: {title}\ndate: 2023-12-14\n"
            f"parties: [{party}]\nlevel: provincial\n")


def item(item_id: str, title: str, lead: str, due: str = "2024-03-31",
         status: str = "in_progress", extra: str = "") -> str:
    return (f"id: {item_id}\ntitle: {title}\nlead: {lead}\ndue: {due}\n"
            f"status: {status}\n{extra}")


class Ledgers:
    """The national ledger and its two sources, each a real git repository."""

    def __init__(self, tmp: Path) -> None:
        self.xj = Repo(_folder(tmp / "xj"))
        self.xj.write("units.yaml", XJ_UNITS)
        self.xj.write(f"items/{MEETING_ID}/meeting.yaml", meeting(MEETING_ID, "新疆两院会商会", "新疆高院"))
        self.xj.write(f"items/{MEETING_ID}/{MEETING_ID}-01.yaml",
                      item(f"{MEETING_ID}-01", "新疆：共同推进政治机关建设", "新疆高院"))
        self.xj.write(f"items/{MEETING_ID}/{MEETING_ID}-02.yaml",
                      item(f"{MEETING_ID}-02", "新疆：案件质效评查", "乌鲁木齐中院",
                           due="2024-12-31"))
        self.xj.commit("新疆台账", date="2024-01-05")

        self.hlj = Repo(_folder(tmp / "hlj"))
        self.hlj.write(f"items/{MEETING_ID}/meeting.yaml", meeting(MEETING_ID, "黑龙江会商会", "黑龙江省高级人民法院"))
        self.hlj.write(f"items/{MEETING_ID}/{MEETING_ID}-01.yaml",
                       item(f"{MEETING_ID}-01", "黑龙江：联合调研", "黑龙江省高级人民法院"))
        self.hlj.commit("黑龙江台账", author=LI, date="2024-01-06")

        self.national = Repo(_folder(tmp / "national"))
        self.national.write("huishang.yaml", "rollup:\n  - name: xj\n    url: ../xj\n"
                            "  - name: hlj\n    url: ../hlj\n")
        self.national.write("units.yaml", NATIONAL_UNITS)
        self.national.write("items/m1/meeting.yaml", meeting("m1", "最高法会商会", "最高法"))
        self.national.write("items/m1/m1-01.yaml", item("m1-01", "全国：统一标准", "最高法"))
        self.national.commit("全国台账")


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.fixture
def ledgers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ledgers:
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "cache"))
    return Ledgers(tmp_path)


def hs(run: RunCli, ledgers: Ledgers, *args: str, today: str = TODAY) -> Result:
    return run(*args, "--repo", str(ledgers.national.root), "--today", today)


def listed(run: RunCli, ledgers: Ledgers, *args: str) -> dict[str, dict[str, object]]:
    result = hs(run, ledgers, "list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)["items"]}


def test_the_same_meeting_id_in_two_sources_stays_two_meetings(run: RunCli,
                                                               ledgers: Ledgers) -> None:
    synced = hs(run, ledgers, "sync")
    assert synced.exit_code == 0, synced.output
    assert synced.stdout.count("已启用新版本") == 2
    ids = listed(run, ledgers)
    assert set(ids) == {"m1-01", f"xj:{MEETING_ID}-01", f"xj:{MEETING_ID}-02",
                        f"hlj:{MEETING_ID}-01"}
    assert ids[f"xj:{MEETING_ID}-01"]["title"] == "新疆：共同推进政治机关建设"
    assert ids[f"hlj:{MEETING_ID}-01"]["title"] == "黑龙江：联合调研"
    assert ids[f"hlj:{MEETING_ID}-01"]["meeting"] == f"hlj:{MEETING_ID}"

    shown = hs(run, ledgers, "show", f"hlj:{MEETING_ID}-01")
    assert shown.exit_code == 0, shown.output
    assert "黑龙江：联合调研" in shown.stdout and "黑龙江会商会" in shown.stdout

    only = listed(run, ledgers, "--source", "xj")
    assert set(only) == {f"xj:{MEETING_ID}-01", f"xj:{MEETING_ID}-02"}
    unknown = hs(run, ledgers, "list", "--source", "gd")
    assert unknown.exit_code == 2 and "xj、hlj" in unknown.output


def test_progress_by_source_and_units_rolled_up_to_their_province(run: RunCli,
                                                                  ledgers: Ledgers) -> None:
    hs(run, ledgers, "sync")
    result = hs(run, ledgers, "progress", "--by", "source", "--format", "json")
    assert result.exit_code == 0, result.output
    groups = {g["key"]: g["total"] for g in json.loads(result.stdout)["groups"]}
    assert groups == {"": 1, "xj": 2, "hlj": 1}
    table = hs(run, ledgers, "progress", "--by", "source")
    assert "本级台账" in table.stdout

    def by_lead(*more: str) -> dict[str, int]:
        found = hs(run, ledgers, "progress", "--by", "lead", "--format", "json", *more)
        assert found.exit_code == 0, found.output
        return {g["key"]: g["total"] for g in json.loads(found.stdout)["groups"]}

    # the city court's item is its own line, and rolled up it counts under its province
    assert by_lead()["乌鲁木齐市中级人民法院"] == 1
    rolled = by_lead("--rollup-units", "provincial")
    assert "乌鲁木齐市中级人民法院" not in rolled
    assert rolled["新疆维吾尔自治区高级人民法院"] == 2
    assert rolled["最高人民法院"] == 1  # above the level: itself
    wrong = hs(run, ledgers, "progress", "--by", "meeting", "--rollup-units", "provincial")
    assert wrong.exit_code == 2


def test_a_new_upstream_item_arrives_with_sync(run: RunCli, ledgers: Ledgers) -> None:
    hs(run, ledgers, "sync")
    ledgers.xj.write(f"items/{MEETING_ID}/{MEETING_ID}-03.yaml",
                     item(f"{MEETING_ID}-03", "新疆：新增事项", "新疆高院"))
    ledgers.xj.commit("新增事项", date="2024-02-01")
    assert f"xj:{MEETING_ID}-03" not in listed(run, ledgers)  # not before the sync
    synced = hs(run, ledgers, "sync", "--format", "json")
    assert synced.exit_code == 0, synced.output
    outcome = {s["name"]: s for s in json.loads(synced.stdout)["sources"]}
    assert outcome["xj"]["outcome"] == "new"
    assert outcome["xj"]["committed"] == "2024-02-01"
    assert outcome["hlj"]["outcome"] == "same"
    assert f"xj:{MEETING_ID}-03" in listed(run, ledgers)


def test_a_broken_upstream_revision_is_refused_and_the_last_good_one_kept(
        run: RunCli, ledgers: Ledgers) -> None:
    hs(run, ledgers, "sync")
    good = ledgers.hlj.git("rev-parse", "HEAD").strip()
    ledgers.hlj.write(f"items/{MEETING_ID}/{MEETING_ID}-01.yaml",
                      item(f"{MEETING_ID}-01", "黑龙江：联合调研（改）", "黑龙江省高级人民法院",
                           status="finished"))
    ledgers.hlj.commit("改坏了", date="2024-03-01")
    synced = hs(run, ledgers, "sync")
    assert synced.exit_code == 1
    assert "新版本校验未通过" in synced.stdout
    assert f"hlj:items/{MEETING_ID}/{MEETING_ID}-01.yaml:5:" in synced.stdout
    assert f"在用版本 {good[:10]}" in synced.stdout
    ids = listed(run, ledgers)
    assert ids[f"hlj:{MEETING_ID}-01"]["title"] == "黑龙江：联合调研"  # the last good revision
    assert ids[f"xj:{MEETING_ID}-01"]["title"] == "新疆：共同推进政治机关建设"


def test_the_national_bulletin_carries_each_sources_deadline_moves(run: RunCli,
                                                                   ledgers: Ledgers) -> None:
    ledgers.xj.write(f"items/{MEETING_ID}/{MEETING_ID}-01.yaml",
                     item(f"{MEETING_ID}-01", "新疆：共同推进政治机关建设", "新疆高院",
                          due="2024-09-30", extra="updates:\n  - date: 2024-05-10\n"
                          "    note: 需与年度考核衔接，期限调整至9月底。\n"))
    ledgers.xj.commit("调整期限：需与年度考核衔接", author=LI, date="2024-05-10")
    hs(run, ledgers, "sync")
    result = hs(run, ledgers, "bulletin", "--month", "2024-05")
    assert result.exit_code == 0, result.output
    moves = result.stdout[result.stdout.index("完成时限调整"):]
    # who moved the deadline and why, from xj's own history
    assert "| 新疆：共同推进政治机关建设 | 2024.03.31 | 2024.09.30 | 需与年度考核衔接" \
        in moves and "| 李四 | 2024.05.10 |" in moves
    assert "黑龙江：联合调研" in result.stdout and "全国：统一标准" in result.stdout
    only = hs(run, ledgers, "bulletin", "--month", "2024-05", "--source", "hlj")
    assert "黑龙江：联合调研" in only.stdout
    assert "新疆：" not in only.stdout and "全国：" not in only.stdout

    trail = hs(run, ledgers, "history", f"xj:{MEETING_ID}-01", "--format", "json")
    assert trail.exit_code == 0, trail.output
    commits = json.loads(trail.stdout)["commits"]
    assert [c["author"] for c in commits] == [ZHANG[0], LI[0]]
    assert commits[-1]["path"] == f"xj:items/{MEETING_ID}/{MEETING_ID}-01.yaml"
    log = hs(run, ledgers, "log", "--since", "2024-05-01", "--format", "json")
    assert list(json.loads(log.stdout)["items"]) == [f"xj:{MEETING_ID}-01"]
    since = ("log", "--since", "2024-01-01", "--format", "json")
    everything = json.loads(hs(run, ledgers, *since).stdout)["items"]
    assert {"m1-01", f"xj:{MEETING_ID}-01", f"hlj:{MEETING_ID}-01"} <= set(everything)
    one = json.loads(hs(run, ledgers, *since, "--source", "hlj").stdout)["items"]
    assert list(one) == [f"hlj:{MEETING_ID}-01"]


def test_writes_stay_local(run: RunCli, ledgers: Ledgers, tmp_path: Path) -> None:
    hs(run, ledgers, "sync")
    sheet = tmp_path / "台账.csv"
    sheet.write_text("会商事项,牵头单位\n新增,最高法\n", encoding="utf-8")
    for args in (("update", f"xj:{MEETING_ID}-01", "--note", "已推进"),
                 ("new", "item", "--meeting", f"xj:{MEETING_ID}", "--title", "新增",
                  "--lead", "最高法"),
                 ("import", str(sheet), "--meeting", f"xj:{MEETING_ID}")):
        result = hs(run, ledgers, *args)
        assert result.exit_code == 2, result.output
        assert "只读" in result.output and "../xj" in result.output
    assert "已推进" not in (ledgers.xj.root / f"items/{MEETING_ID}/{MEETING_ID}-01.yaml"
                            ).read_text(encoding="utf-8")


def test_views_say_when_a_source_is_not_synced_or_synced_long_ago(run: RunCli,
                                                                  ledgers: Ledgers) -> None:
    never = hs(run, ledgers, "list")
    assert never.exit_code == 0
    assert "汇总来源 xj 尚未同步" in never.stderr
    hs(run, ledgers, "sync")
    fresh = hs(run, ledgers, "list", today="2024-07-05")
    assert "未同步" not in fresh.stderr
    stale = hs(run, ledgers, "warnings", today="2024-07-30")
    assert "汇总来源 xj 已 30 天未同步" in stale.stderr


def test_a_unit_declared_differently_is_reported_not_merged(run: RunCli,
                                                            ledgers: Ledgers) -> None:
    ledgers.hlj.write("units.yaml", "units:\n  - name: 黑龙江省高级人民法院\n"
                      "    level: municipal\n  - name: 哈尔滨市中级人民法院\n"
                      "    short: [新疆高院]\n")
    ledgers.hlj.commit("单位名录")
    synced = hs(run, ledgers, "sync")
    assert "hlj:units.yaml" in synced.stdout and "层级或上级单位" in synced.stdout
    assert "简称“新疆高院”" in synced.stdout
    checked = hs(run, ledgers, "validate")
    assert "hlj:units.yaml" in checked.stdout
    rolled = hs(run, ledgers, "progress", "--by", "lead", "--format", "json")
    leads = {g["key"] for g in json.loads(rolled.stdout)["groups"]}
    assert "新疆维吾尔自治区高级人民法院" in leads and "哈尔滨市中级人民法院" not in leads


def test_the_site_has_a_page_per_source(run: RunCli, ledgers: Ledgers, tmp_path: Path) -> None:
    hs(run, ledgers, "sync")
    out = tmp_path / "site"
    result = hs(run, ledgers, "site", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "sources" / "xj.html").read_text(encoding="utf-8")
    assert "新疆两院会商会" in page or MEETING_ID in page
    assert (out / "items" / f"hlj.{MEETING_ID}-01.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="sources/hlj.html"' in index
    assert f'href="items/xj.{MEETING_ID}-01.html"' in index
    data = json.loads(index.split('id="ledger-data"')[1].split(">", 1)[1].split("</script>")[0])
    pages = [row[-1] for row in data["rows"] if f"xj:{MEETING_ID}-01" in row]
    assert pages == [f"xj.{MEETING_ID}-01"]  # the script's link: `xj:` is `xj.` in a file name


def test_sync_with_nothing_new_says_so(run: RunCli, ledgers: Ledgers) -> None:
    hs(run, ledgers, "sync")
    again = hs(run, ledgers, "sync", "--source", "xj")
    assert again.exit_code == 0
    assert again.stdout.startswith("xj: 无新提交")
    assert "hlj" not in again.stdout


def test_two_sources_may_not_share_a_name(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"huishang.yaml": "rollup:\n  - name: xj\n    url: ../a\n"
                         "  - name: xj\n    url: ../b\n"})
    result = run("validate", "--repo", str(root))
    assert result.exit_code == 1
    assert "huishang.yaml:4:11: rollup[1].name" in result.stdout and "重复" in result.stdout


def test_sources_live_outside_the_work_tree(run: RunCli, ledgers: Ledgers,
                                            tmp_path: Path) -> None:
    assert hs(run, ledgers, "sync").exit_code == 0
    assert ledgers.national.git("status", "--porcelain") == ""
    assert (tmp_path / "cache" / "rollup").is_dir()
    assert not any(p.name.endswith(".git") for p in ledgers.national.root.rglob("*")
                   if p != ledgers.national.root / ".git")


def test_review_and_export_of_a_source(run: RunCli, ledgers: Ledgers, tmp_path: Path) -> None:
    hs(run, ledgers, "sync")
    review = hs(run, ledgers, "review", f"hlj:{MEETING_ID}")
    assert review.exit_code == 0, review.output
    assert "黑龙江会商会" in review.stdout and "新疆" not in review.stdout
    out = tmp_path / "xj.xlsx"
    exported = hs(run, ledgers, "export", "--xlsx", "--source", "xj", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    ids = {row[0] for row in rows if MEETING_ID in str(row[0]) or str(row[0]).startswith("m1")}
    assert ids == {f"xj:{MEETING_ID}-01", f"xj:{MEETING_ID}-02"}


def test_a_shallow_source_says_its_history_may_be_incomplete(run: RunCli,
                                                             ledgers: Ledgers) -> None:
    ledgers.xj.write("units.yaml", XJ_UNITS + "  - name: 克拉玛依市中级人民法院\n")
    ledgers.xj.commit("补充单位", date="2024-02-01")
    ledgers.national.write("huishang.yaml", "rollup:\n  - name: xj\n    url: ../xj\n"
                           "    depth: 1\n")
    synced = hs(run, ledgers, "sync")
    assert synced.exit_code == 0, synced.output
    trail = hs(run, ledgers, "history", f"xj:{MEETING_ID}-01", "--format", "json")
    assert json.loads(trail.stdout)["shallow"] is True


def test_a_url_that_would_run_a_command_is_not_fetched(
        run: RunCli, ledgers: Ledgers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # even on a machine whose git configuration allows such URLs
    for key, value in {"COUNT": "1", "KEY_0": "protocol.ext.allow", "VALUE_0": "always"}.items():
        monkeypatch.setenv(f"GIT_CONFIG_{key}", value)
    planted = tmp_path / "planted"
    ledgers.national.write("huishang.yaml", "rollup:\n  - name: xj\n"
                           f"    url: 'ext::sh -c touch% {planted}'\n")
    synced = hs(run, ledgers, "sync")
    assert synced.exit_code == 2
    assert "不可用：只接受本地路径" in synced.stderr
    assert not planted.exists()


def test_a_source_that_cannot_be_checked_out_leaves_the_others_synced(
        run: RunCli, ledgers: Ledgers, tmp_path: Path) -> None:
    hs(run, ledgers, "sync")
    ledgers.xj.write("units.yaml", XJ_UNITS + "  - name: 克拉玛依市中级人民法院\n")
    ledgers.xj.commit("补充单位", date="2024-02-01")
    ledgers.hlj.write("units.yaml", "units:\n  - name: 黑龙江省高级人民法院\n")
    ledgers.hlj.commit("单位名录", date="2024-02-02")
    (trees,) = (tmp_path / "cache" / "rollup").glob("*/trees")
    for old in (trees / "xj").iterdir():
        old.rename(tmp_path / "kept")
    (trees / "xj").rmdir()
    (trees / "xj").write_text("a file where the folder goes", encoding="utf-8")
    synced = hs(run, ledgers, "sync", "--format", "json")
    assert synced.exit_code == 1, synced.output
    outcome = {s["name"]: s for s in json.loads(synced.stdout)["sources"]}
    assert outcome["xj"]["outcome"] == "failed" and outcome["xj"]["error"]
    assert outcome["hlj"]["outcome"] == "new" and outcome["hlj"]["committed"] == "2024-02-02"


def test_a_damaged_state_counts_as_never_synced(run: RunCli, ledgers: Ledgers,
                                                tmp_path: Path) -> None:
    hs(run, ledgers, "sync")
    (state,) = (tmp_path / "cache" / "rollup").glob("*/state.json")
    data = json.loads(state.read_text(encoding="utf-8"))
    data["sources"]["xj"]["synced"] = "yesterday"
    data["sources"]["hlj"]["revision"] = 42
    state.write_text(json.dumps(data), encoding="utf-8")
    result = hs(run, ledgers, "list")
    assert result.exit_code == 0, result.output
    assert "汇总来源 xj 尚未同步" in result.stderr and "汇总来源 hlj 尚未同步" in result.stderr


def _cache_repo(tmp_path: Path, name: str) -> Path:
    (repo,) = (tmp_path / "cache" / "rollup").glob(f"*/{name}.git")
    return repo


@pytest.mark.parametrize("first", [True, False])
def test_a_sync_killed_while_it_made_the_tree_is_recovered_by_the_next(
        run: RunCli, ledgers: Ledgers, tmp_path: Path, first: bool) -> None:
    """What a kill inside `git worktree add` leaves: the new tree half checked out and still
    locked by git, and a ref's lock file; every later sync failed on it until the cache
    was deleted by hand (and a first sync never brought the source into use)."""
    import subprocess

    if not first:
        assert hs(run, ledgers, "sync").exit_code == 0
        ledgers.xj.write("units.yaml", XJ_UNITS + "  - name: 克拉玛依市中级人民法院\n")
        ledgers.xj.commit("补充单位", date="2024-02-01")
    new = ledgers.xj.git("rev-parse", "HEAD").strip()
    if first:  # the kill came before anything was in use
        hs(run, ledgers, "sync", "--source", "hlj")
        subprocess.run(["git", "init", "-q", "--bare",
                        str(_cache_repo(tmp_path, "hlj").parent / "xj.git")], check=True)
    repo = _cache_repo(tmp_path, "xj")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("fetch", "-q", str(ledgers.xj.root), "+main:refs/huishang/fetched")
    tree = repo.parent / "trees" / "xj" / new
    git("worktree", "add", "--detach", "--lock", "--reason", "initializing", str(tree), new)
    shutil.rmtree(tree / "items")  # half checked out
    (repo / "refs" / "huishang" / "fetched.lock").write_text(new, encoding="utf-8")
    synced = hs(run, ledgers, "sync", "--format", "json")
    assert synced.exit_code == 0, synced.output
    outcome = {s["name"]: s for s in json.loads(synced.stdout)["sources"]}
    assert outcome["xj"]["outcome"] == "new" and outcome["xj"]["revision"] == new
    assert f"xj:{MEETING_ID}-02" in listed(run, ledgers)
    assert hs(run, ledgers, "sync").exit_code == 0  # and again: nothing left behind


def test_a_source_that_is_no_ledger_is_refused(run: RunCli, ledgers: Ledgers,
                                               tmp_path: Path) -> None:
    other = Repo(_folder(tmp_path / "other"))
    other.write("README.md", "某个无关的仓库\n")
    other.commit("无关")
    ledgers.national.write("huishang.yaml", "rollup:\n  - name: xj\n    url: ../xj\n"
                           "  - name: other\n    url: ../other\n")
    synced = hs(run, ledgers, "sync", "--lang", "en")
    assert synced.exit_code == 1, synced.output
    assert "other: the new revision has errors and was refused" in synced.stdout
    assert "other:items: ../other is no ledger (it has no items/ folder)" in synced.stdout
    assert hs(run, ledgers, "sync", "--source", "other").exit_code == 1


@pytest.mark.parametrize("url", ["fd::17", "ext::sh -c id", "fd::0,1", "foo::bar",
                                 "ftp://example.org/xj.git", "-uhttps://x/y"])
def test_only_plain_git_transports_are_fetched(run: RunCli, ledgers: Ledgers,
                                               url: str) -> None:
    ledgers.national.write("huishang.yaml", f"rollup:\n  - name: xj\n    url: '{url}'\n")
    synced = hs(run, ledgers, "sync", "--lang", "en")
    assert synced.exit_code == 2, synced.output
    assert synced.stderr == (f"huishang: the address {url} of the rolled-up ledger xj is "
                             "refused: only local paths and file, ssh, git, http, https, "
                             "git+ssh, ssh+git addresses are fetched\n")


def test_two_sources_of_one_name_are_not_synced(run: RunCli, ledgers: Ledgers,
                                                tmp_path: Path) -> None:
    ledgers.national.write("huishang.yaml", "rollup:\n  - name: xj\n    url: ../xj\n"
                           "  - name: xj\n    url: ../hlj\n")
    synced = hs(run, ledgers, "sync")
    assert synced.exit_code == 2, synced.output
    assert "汇总来源名称“xj”重复" in synced.stderr
    assert not (tmp_path / "cache" / "rollup").exists() or not list(
        (tmp_path / "cache" / "rollup").glob("*/xj.git"))


def test_a_rewritten_history_is_kept_but_said(run: RunCli, ledgers: Ledgers) -> None:
    assert hs(run, ledgers, "sync").exit_code == 0
    old = ledgers.xj.git("rev-parse", "HEAD").strip()
    ledgers.xj.write("units.yaml", XJ_UNITS + "  - name: 克拉玛依市中级人民法院\n")
    ledgers.xj.git("add", "-A")
    ledgers.xj.git("commit", "-q", "--amend", "-m", "改写的历史", date="2024-02-01")
    new = ledgers.xj.git("rev-parse", "HEAD").strip()
    synced = hs(run, ledgers, "sync", "--format", "json")
    assert synced.exit_code == 0, synced.output
    outcome = {s["name"]: s for s in json.loads(synced.stdout)["sources"]}
    assert outcome["xj"]["outcome"] == "new" and outcome["xj"]["revision"] == new
    assert outcome["xj"]["rewritten_from"] == old
    assert outcome["hlj"]["rewritten_from"] is None
    ledgers.xj.write("units.yaml", XJ_UNITS)
    ledgers.xj.commit("接续提交", date="2024-02-02")
    text = hs(run, ledgers, "sync")
    assert text.exit_code == 0 and "改写" not in text.stdout  # a descendant says nothing
    ledgers.xj.git("reset", "-q", "--hard", old)
    text = hs(run, ledgers, "sync")
    assert text.exit_code == 0, text.output
    assert f"注意：新版本 {old[:10]} 不是在用版本" in text.stdout
