"""Joint leads (共同牵头): an item led by several units, as the minutes say it, written
`lead: [A, B]`, shown as both and counted under each, from the file through the views,
documents and pull-request rules; files with one lead read as before."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import LI, WANG, ZHANG, Repo, RunCli, WriteLedger, item_yaml
from conftest import MAINTAINED_UNITS as UNITS

from huishang.store.files import load_ledger

SCHEMAS = Path(__file__).parent.parent / "schemas"
JOINT = "[最高法, 最高检]"


def _ledger(write_ledger: WriteLedger) -> Path:
    return write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(lead=JOINT, partners="[司法部]", due="2023-12-31"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", lead="最高人民检察院",
                                         due="2024-12-31"),
    })


def _run(run: RunCli, root: Path, *args: str) -> str:
    result = run(*args, "--repo", str(root), "--today", "2024-03-01")
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the file ---------------------------------------------------------------------------

def test_a_lead_is_one_unit_or_a_list_of_joint_leads(write_ledger: WriteLedger) -> None:
    ledger = load_ledger(_ledger(write_ledger))
    assert ledger.problems == []
    assert {e.record.id: e.record.leads for e in ledger.items} == {
        "m1-01": ("最高法", "最高检"), "m1-02": ("最高人民检察院",)}
    assert {e.record.id: e.record.lead for e in ledger.items}["m1-02"] == "最高人民检察院"


@pytest.mark.parametrize(("lead", "field", "code", "words"), [
    ("[]", "lead", "lead.empty", "至少需要一个牵头单位"),
    ("{name: 最高法}", "lead", "lead.type", "共同牵头单位名称的列表"),
    ("[最高法, 3]", "lead", "lead.type", "共同牵头单位名称的列表"),
    ("[最高法, 国务院]", "lead[1]", "unit.unknown", "单位“国务院”不在 units.yaml 中"),
    ("[最高法, 最高人民法院]", "lead[1]", "lead.twice", "牵头单位 最高人民法院 已写过"),
])
def test_a_wrong_lead_is_named_at_its_place(write_ledger: WriteLedger, lead: str, field: str,
                                            code: str, words: str) -> None:
    root = write_ledger({"units.yaml": UNITS, "items/m1/m1-01.yaml": item_yaml(lead=lead)})
    (found,) = load_ledger(root).problems
    assert (found.path, found.line, found.field, found.code) == (
        "items/m1/m1-01.yaml", 4, field, code)
    assert words in found.message()


def test_the_schema_allows_one_lead_or_several() -> None:
    doc = json.loads((SCHEMAS / "item.schema.json").read_text(encoding="utf-8"))
    check = jsonschema.Draft202012Validator(doc)
    base = {"id": "m1-01", "title": "t", "status": "planned"}
    assert check.is_valid({**base, "lead": "最高人民法院"})
    assert check.is_valid({**base, "lead": ["最高人民法院", "最高人民检察院"]})
    assert not check.is_valid({**base, "lead": []})


# --- writing ------------------------------------------------------------------------------

def test_new_item_and_update_take_several_leads(run: RunCli, write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)
    assert _run(run, root, "new", "item", "--meeting", "m1", "--title", "共同编发典型案例",
                "--lead", "最高法", "--lead", "最高检").strip() == "m1-03"
    text = (root / "items/m1/m1-03.yaml").read_text(encoding="utf-8")
    assert "\nlead: [最高法, 最高检]\n" in text
    _run(run, root, "update", "m1-02", "--lead", "最高检", "--lead", "最高法",
         "--reason", "纪要明确两院共同牵头", "--by", "李四")
    text = (root / "items/m1/m1-02.yaml").read_text(encoding="utf-8")
    assert "\nlead: [最高检, 最高法]\n" in text
    assert ("- {field: lead, before: 最高人民检察院, after: [最高检, 最高法], "
            "reason: 纪要明确两院共同牵头}") in text
    assert load_ledger(root).problems == []
    # and back to one lead
    _run(run, root, "update", "m1-02", "--lead", "最高检", "--reason", "改由检察院牵头")
    text = (root / "items/m1/m1-02.yaml").read_text(encoding="utf-8")
    assert "\nlead: 最高检\n" in text and "after: 最高检, reason: 改由检察院牵头}" in text
    assert load_ledger(root).problems == []


# --- views ----------------------------------------------------------------------------------

def test_list_finds_an_item_under_each_of_its_leads(run: RunCli, write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)

    def ids(*args: str) -> list[str]:
        out = json.loads(_run(run, root, "list", "--format", "json", *args))
        return [i["id"] for i in out["items"]]

    assert ids("--lead", "最高法") == ["m1-01"]
    assert ids("--lead", "最高检") == ["m1-01", "m1-02"]
    assert ids("--unit", "最高人民检察院") == ["m1-01", "m1-02"]
    first = json.loads(_run(run, root, "list", "--format", "json", "--lead", "最高法"))["items"][0]
    assert (first["lead"], first["leads"]) == (["最高人民法院", "最高人民检察院"],
                                               ["最高人民法院", "最高人民检察院"])
    table = _run(run, root, "list", "--lead", "最高法")
    assert "最高人民法院、最高人民检察院" in table
    shown = _run(run, root, "show", "m1-01")
    assert "最高人民法院、最高人民检察院（共同牵头）" in shown


def test_progress_by_lead_counts_a_joint_item_under_each_and_once_in_total(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)
    out = json.loads(_run(run, root, "progress", "--by", "lead", "--format", "json"))
    assert {g["key"]: g["total"] for g in out["groups"]} == {"最高人民法院": 1,
                                                            "最高人民检察院": 2}
    assert out["total"]["total"] == 2 and out["items_in_several_groups"] == 1
    table = _run(run, root, "progress", "--by", "lead")
    assert table.rstrip().endswith(
        "注：1 项为共同牵头事项，计入每个牵头单位；合计行每项只计一次。")
    # one lead each: no note
    plain = _run(run, root, "progress", "--by", "lead", "--lead", "最高人民检察院",
                 "--meeting", "m1", "--format", "csv")
    assert "共同牵头" not in _run(run, root, "progress", "--by", "meeting")
    assert plain.count("\n") >= 2


def test_rolled_up_units_count_a_joint_item_once_under_their_parent(
        run: RunCli, write_ledger: WriteLedger) -> None:
    units = ("units:\n  - {name: 甲省高级人民法院, level: provincial}\n"
             "  - {name: 甲省人民检察院, level: provincial}\n"
             "  - {name: 甲市中级人民法院, level: municipal, parent: 甲省高级人民法院}\n"
             "  - {name: 甲市某区人民法院, level: county, parent: 甲市中级人民法院}\n")
    root = write_ledger({"units.yaml": units, "items/m1/meeting.yaml": (
        "id: m1\ntitle: 会商\ndate: 2023-06-12\nparties: [甲省高级人民法院, 甲省人民检察院]\n"
        "level: provincial\n"), "items/m1/m1-01.yaml": item_yaml(
            aspect=None, lead="[甲市中级人民法院, 甲市某区人民法院, 甲省人民检察院]")})
    out = json.loads(_run(run, root, "progress", "--by", "lead", "--rollup-units",
                          "provincial", "--format", "json"))
    assert {g["key"]: g["total"] for g in out["groups"]} == {"甲省高级人民法院": 1,
                                                            "甲省人民检察院": 1}


# --- documents -------------------------------------------------------------------------------

def test_documents_name_joint_leads_as_the_minutes_do(run: RunCli,
                                                      write_ledger: WriteLedger) -> None:
    root = _ledger(write_ledger)
    bulletin = _run(run, root, "bulletin", "--month", "2024-02", "--no-history")
    lines = bulletin.splitlines()
    assert "| 最高人民检察院 | 2 | 0 | 2 | 0 | 0 | 0 | 0% |" in lines  # a joint item for each
    assert "| 最高人民法院 | 1 | 0 | 1 | 0 | 0 | 0 | 0% |" in lines
    assert "| 最高人民检察院 | 1 | 1 | 1 | 0 |" in lines  # overdue and warnings per unit
    assert "| 最高人民法院 | 1 | 1 | 0 | 0 |" in lines
    assert any("| 统一量刑建议审查标准 | 最高人民法院、最高人民检察院（共同牵头） |" in line
               for line in lines)
    silent = lines[lines.index("## 十、未反馈单位"):]
    assert "| 最高人民法院 | 1 | 第1项“统一量刑建议审查标准” |" in silent
    assert "| 最高人民检察院 | 2 | 第1项“统一量刑建议审查标准”；第2项“规范阅卷” |" in silent

    review = _run(run, root, "review", "m1").splitlines()
    assert ("第1项：统一量刑建议审查标准（牵头单位：最高人民法院、最高人民检察院（共同牵头）；"
            "配合单位：司法部）。落实状态：推进中，完成时限2023年12月31日。") in review
    assert "| 最高人民检察院 | 2 | 0 | 2 | 0 | 0 | 0 | 0% |" in review
    assert "| 最高人民法院 | 1 | 0 | 1 | 0 | 0 | 0 | 0% |" in review

    for unit, other in (("最高法", "最高人民检察院"), ("最高检", "最高人民法院")):
        notice = _run(run, root, "notice", "--unit", unit).splitlines()
        leads = notice[notice.index("## 一、牵头事项"):]
        assert any(line.startswith(f"| 1 | 统一量刑建议审查标准（与{other}共同牵头） |")
                   for line in leads), notice
    partner = _run(run, root, "notice", "--unit", "司法部")
    assert "| 最高人民法院、最高人民检察院（共同牵头） |" in partner


def test_the_site_shows_and_counts_joint_leads(run: RunCli, write_ledger: WriteLedger,
                                               tmp_path: Path) -> None:
    root = _ledger(write_ledger)
    out = tmp_path / "site"
    _run(run, root, "site", "--output", str(out))
    page = (out / "items/m1-01.html").read_text(encoding="utf-8")
    assert "最高人民法院、最高人民检察院（共同牵头）" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "注：1 项为共同牵头事项" in index


def test_export_writes_joint_leads_that_import_reads_back(run: RunCli, write_ledger: WriteLedger,
                                                          tmp_path: Path) -> None:
    import openpyxl

    root = _ledger(write_ledger)
    out = tmp_path / "台账.xlsx"
    _run(run, root, "export", "--xlsx", "-o", str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "最高人民法院、最高人民检察院" in cells
    totals = [[c.value for c in row] for row in openpyxl.load_workbook(out).worksheets[1]
              .iter_rows()]
    assert [row[:2] for row in totals[1:4]] == [["最高人民检察院", 2], ["最高人民法院", 1],
                                                ["合计", 2]]
    assert totals[-1][0] == "注：1 项为共同牵头事项，计入每个牵头单位；合计行每项只计一次。"
    again = _run(run, root, "import", str(out))
    assert "新建 0 项，更新 0 项，2 项无变化。" in again


@pytest.mark.parametrize(("lang", "written"), [
    ("zh", "最高法、最高检（共同牵头）"), ("en", "最高法, 最高检 (joint leads)")])
def test_a_form_writes_joint_leads_as_the_minutes_do_and_reads_them_back(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path, lang: str, written: str) -> None:
    import openpyxl

    root = _ledger(write_ledger)
    out = tmp_path / "填报表.xlsx"
    _run(run, root, "export", "--form", "--period", "2024-02", "-o", str(out), "--lang", lang)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert written in [c.value for row in sheet.iter_rows() for c in row]
    before = (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    again = run("import", str(out), "--repo", str(root), "--today", "2024-03-01")
    assert again.exit_code == 0, again.output
    assert (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8") == before


# --- the rules of a pull request ---------------------------------------------------------------

@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"units.yaml": UNITS, "huishang.yaml": "ownership: error\n",
                         "items/m1/m1-01.yaml": item_yaml(lead=JOINT, due="2024-06-30")})
    r = Repo.proposing(root)
    return r


def _check(run: RunCli, repo: Repo) -> tuple[int, list[tuple[str, str]]]:
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(p["field"], p["rule"]) for p in json.loads(result.stdout)[
        "problems"] if p["severity"] == "error"]


def test_a_maintainer_of_any_lead_updates_a_joint_item(run: RunCli, repo: Repo) -> None:
    _run(run, repo.root, "update", "m1-01", "--note", "检察院一方已完成调研。")
    repo.commit("feedback", LI, "2024-02-01")
    assert _check(run, repo) == (0, [])
    _run(run, repo.root, "update", "m1-01", "--note", "司法部代为填报。")
    repo.commit("not theirs", WANG, "2024-02-02")
    assert _check(run, repo) == (1, [("lead", "check.not_maintainer")])


def test_adding_or_removing_a_lead_needs_every_leads_maintainers(run: RunCli,
                                                                 repo: Repo) -> None:
    _run(run, repo.root, "update", "m1-01", "--lead", "最高法", "--lead", "最高检",
         "--lead", "司法部", "--reason", "司法部加入共同牵头")
    repo.commit("add a lead", WANG, "2024-02-01")
    code, problems = _check(run, repo)  # a maintainer of the new lead, alone
    assert (code, problems) == (1, [("lead", "check.lead_consent")] * 2)
    _run(run, repo.root, "update", "m1-01", "--note", "法院同意。")
    repo.commit("court agrees", ZHANG, "2024-02-02")
    _run(run, repo.root, "update", "m1-01", "--note", "检察院同意。")
    repo.commit("procuratorate agrees", LI, "2024-02-03")
    assert _check(run, repo) == (0, [])
    repo.git("reset", "-q", "--hard", "main")
    _run(run, repo.root, "update", "m1-01", "--lead", "最高法", "--reason", "改由法院牵头")
    repo.commit("drop a lead", ZHANG, "2024-02-01")
    code, problems = _check(run, repo)
    assert (code, problems) == (1, [("lead", "check.lead_consent")])  # 最高检 was not asked


# --- import --------------------------------------------------------------------------------

HLJ_UNITS = """units:
  - {name: 黑龙江省高级人民法院, short: [黑龙江高院, 省法院]}
  - {name: 黑龙江省人民检察院, short: [黑龙江省检察院, 省检察院]}
  - {name: 中华人民共和国司法部, short: [司法部]}
"""
HLJ_MEETING = ("id: hlj\ntitle: 第二次工作交流会商会\ndate: 2024-08-07\n"
               "parties: [黑龙江省高级人民法院, 黑龙江省人民检察院]\nlevel: provincial\n")


def _sheet(tmp_path: Path, *leads: str) -> Path:
    rows = ["序号,会商事项,牵头单位,完成时限,落实状态"]
    rows += [f"{n},事项{n},{lead},2024-12-31,推进中" for n, lead in enumerate(leads, 1)]
    path = tmp_path / "台账.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_import_reads_joint_leads_as_the_minutes_write_them(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    root = write_ledger({"units.yaml": HLJ_UNITS, "items/hlj/meeting.yaml": HLJ_MEETING},
                        with_meeting=False)
    sheet = _sheet(tmp_path, "省法院、省检察院", "黑龙江高院和黑龙江省检察院", "两院共同牵头",
                   "省法院、省检察院（共同牵头）", "中华人民共和国司法部", "省检察院")
    _run(run, root, "import", str(sheet), "--meeting", "hlj")
    ledger = load_ledger(root)
    assert ledger.problems == []
    assert [e.record.lead for e in sorted(ledger.items, key=lambda e: e.record.id)] == [
        ["省法院", "省检察院"], ["黑龙江高院", "黑龙江省检察院"],
        ["黑龙江省高级人民法院", "黑龙江省人民检察院"], ["省法院", "省检察院"],
        "中华人民共和国司法部", "省检察院"]
    # the same sheet again changes nothing
    assert "新建 0 项，更新 0 项，6 项无变化。" in _run(run, root, "import", str(sheet),
                                                    "--meeting", "hlj")


def test_an_unknown_joint_lead_is_named_alone(run: RunCli, write_ledger: WriteLedger,
                                              tmp_path: Path) -> None:
    root = write_ledger({"units.yaml": HLJ_UNITS, "items/hlj/meeting.yaml": HLJ_MEETING},
                        with_meeting=False)
    sheet = _sheet(tmp_path, "省法院和省公安厅", "省法院、省监委")
    result = run("import", str(sheet), "--meeting", "hlj", "--repo", str(root),
                 "--today", "2024-09-01")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "C2" in line or "C3" in line]
    assert len(lines) == 2
    assert "单位“省公安厅”不在 units.yaml 中" in lines[0] and "省法院和" not in lines[0]
    assert "单位“省监委”不在 units.yaml 中" in lines[1] and "省法院、" not in lines[1]


# --- the whole story -------------------------------------------------------------------------

def test_a_joint_lead_story_from_the_sheet_to_the_pull_request(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    units = HLJ_UNITS.replace("short: [黑龙江高院, 省法院]}",
                              "short: [黑龙江高院, 省法院], maintainers: [zhang@court.example.cn]}"
                              ).replace("short: [黑龙江省检察院, 省检察院]}",
                                        "short: [黑龙江省检察院, 省检察院], "
                                        "maintainers: [li@spp.example.cn]}")
    root = write_ledger({"units.yaml": units, "items/hlj/meeting.yaml": HLJ_MEETING,
                         "huishang.yaml": "ownership: error\n"}, with_meeting=False)
    repo = Repo(root)
    repo.commit("meeting", ZHANG, "2024-08-08")
    sheet = _sheet(tmp_path, "两院共同牵头", "省法院")
    result = run("import", str(sheet), "--meeting", "hlj", "--repo", str(root),
                 "--today", "2024-08-20")
    assert result.exit_code == 0, result.output
    repo.commit("import the 台账", ZHANG, "2024-08-20")

    def ask(*args: str) -> str:
        done = run(*args, "--repo", str(root), "--today", "2024-09-03")
        assert done.exit_code == 0, done.output
        return done.stdout

    def ids(*args: str) -> list[str]:
        return [i["id"] for i in json.loads(ask("list", "--format", "json", *args))["items"]]

    assert ids("--lead", "省检察院") == ["hlj-01"]
    assert ids("--lead", "省法院") == ["hlj-01", "hlj-02"]
    progress = json.loads(ask("progress", "--by", "lead", "--format", "json"))
    assert {g["key"]: g["total"] for g in progress["groups"]} == {
        "黑龙江省高级人民法院": 2, "黑龙江省人民检察院": 1}
    assert progress["total"]["total"] == 2
    assert "1 项为共同牵头事项" in ask("progress", "--by", "lead")

    # the procuratorate reports on the joint item in its own branch
    repo.git("checkout", "-q", "-b", "feedback")
    ask("update", "hlj-01", "--note", "已会签工作规程。", "--date", "2024-08-30", "--by", "李四")
    repo.commit("feedback", LI, "2024-08-30")
    checked = run("check", "--base", "main", "--repo", str(root), "--today", "2024-09-03")
    assert checked.exit_code == 0, checked.output
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "feedback")

    bulletin = ask("bulletin", "--month", "2024-08").splitlines()
    assert "| 黑龙江省人民检察院 | 1 | 0 | 1 | 0 | 0 | 0 | 0% |" in bulletin
    assert "| 黑龙江省高级人民法院 | 2 | 0 | 2 | 0 | 0 | 0 | 0% |" in bulletin
    assert any(line.startswith("| 1 | 事项1 | 黑龙江省高级人民法院、黑龙江省人民检察院（共同牵头） "
                               "| 推进中 | 2024.08.30，已会签工作规程。") for line in bulletin), bulletin
    silent = bulletin[bulletin.index("## 十、未反馈单位"):]
    assert not any(line.startswith("| 黑龙江省人民检察院") for line in silent)

    review = ask("review", "hlj")
    assert "第1项：事项1（牵头单位：黑龙江省高级人民法院、黑龙江省人民检察院（共同牵头））" in review

    late = run("notice", "--unit", "省检察院", "--repo", str(root), "--today", "2025-02-01")
    court = run("notice", "--unit", "省法院", "--repo", str(root), "--today", "2025-02-01")
    assert "| 1 | 事项1（与黑龙江省高级人民法院共同牵头） |" in late.stdout
    assert "事项1（与黑龙江省人民检察院共同牵头）" in court.stdout and "事项2" in court.stdout

    site = tmp_path / "site"
    ask("site", "--output", str(site))
    page = (site / "items/hlj-01.html").read_text(encoding="utf-8")
    assert "黑龙江省高级人民法院、黑龙江省人民检察院（共同牵头）" in page
    assert "已会签工作规程" in page
