"""Gaps a clerk hit keeping a real ledger (issue 16): CSV rows that stand alone, units by
their full names in every JSON, an exit code for cron, headers that say one thing once."""

from __future__ import annotations

import csv
import io
import json
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import RunCli, WriteLedger, item_yaml

UNITS = ("units:\n  - {name: 最高人民法院, short: [最高法]}\n"
         "  - {name: 最高人民检察院, short: [最高检]}\n")
TODAY = ("--today", "2024-01-05")


def ledger(write_ledger: WriteLedger):  # type: ignore[no-untyped-def]
    return write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(lead="最高法", partners="[最高检]"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", lead="最高法", due="2023-12-20"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", due="2030-01-01"),
    })


def test_every_warnings_csv_row_names_its_colour_and_lead(run: RunCli,
                                                          write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    table = run("warnings", "--repo", str(root), *TODAY).stdout
    assert table.count("最高人民法院") == 2  # for people: once a group (red, orange)
    result = run("warnings", "--format", "csv", "--repo", str(root), *TODAY)
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("红", "最高人民法院", "m1-02"), ("红", "最高人民法院", "m1-01"),
        ("橙", "最高人民法院", "m1-03")]


def test_show_json_names_units_as_list_does(run: RunCli, write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    shown = json.loads(run("show", "m1-01", "--format", "json", "--repo",
                           str(root)).stdout)["item"]
    listed = json.loads(run("list", "--format", "json", "--repo", str(root)).stdout)
    first = next(i for i in listed["items"] if i["id"] == "m1-01")
    assert (shown["lead"], shown["partners"]) == (first["lead"], first["partners"]) == (
        "最高人民法院", ["最高人民检察院"])
    assert (shown["lead_as_written"], shown["partners_as_written"]) == ("最高法", ["最高检"])


def test_list_exit_code_says_whether_anything_is_overdue(run: RunCli,
                                                         write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    late = run("list", "--overdue", "--exit-code", "--repo", str(root), *TODAY)
    assert late.exit_code == 1 and "m1-02" in late.stdout
    assert run("list", "--overdue", "--repo", str(root), *TODAY).exit_code == 0
    calm = run("list", "--overdue", "--exit-code", "--repo", str(root), "--today", "2023-06-30")
    assert calm.exit_code == 0


def test_english_headers_say_done_once(run: RunCli, write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    head = run("progress", "--format", "csv", "--lang", "en", "--repo", str(root),
               *TODAY).stdout.removeprefix("\ufeff").splitlines()[0].lower().split(",")
    assert head.count("done") == 1 and "% done" in head


def test_late_feedback_keeps_its_date_and_views_order_by_date(run: RunCli,
                                                              write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    at = ("--repo", str(root), *TODAY)
    assert run("update", "m1-01", "--note", "本院已起草意见", "--date", "2023-11-20", *at
               ).exit_code == 0
    late = run("update", "m1-01", "--note", "配合单位补报：已会签", "--date", "2023-11-02",
               "--by", "最高检", *at)
    assert late.exit_code == 0, late.output
    text = (root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    assert text.index("本院已起草意见") < text.index("配合单位补报")  # appended, never reordered
    assert run("validate", *at).exit_code == 0
    shown = run("show", "m1-01", *at).stdout
    assert shown.index("2023-11-02") < shown.index("2023-11-20")
    item = json.loads(run("show", "m1-01", "--format", "json", *at).stdout)["item"]
    assert [u["date"] for u in item["updates"]] == ["2023-11-02", "2023-11-20"]
    listed = json.loads(run("list", "--format", "json", *at).stdout)["items"]
    first = next(i for i in listed if i["id"] == "m1-01")
    assert first["last_update"] == "2023-11-20"
    csv_out = run("list", "--format", "csv", "--columns", "id,progress", *at).stdout
    assert "m1-01,本院已起草意见" in csv_out


def test_new_item_number_follows_the_minutes(run: RunCli, write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    at = ("--repo", str(root), *TODAY)
    made = run("new", "item", "--meeting", "m1", "--number", "9", "--title", "联合督查",
               "--lead", "最高法", *at)
    assert made.exit_code == 0 and made.stdout.strip() == "m1-09"
    assert (root / "items/m1/m1-09.yaml").is_file()
    again = run("new", "item", "--meeting", "m1", "--number", "9", "--title", "重复",
                "--lead", "最高法", *at)
    assert again.exit_code == 1 and "会议 m1 的第9项已存在：items/m1/m1-09.yaml" in again.stderr
    following = run("new", "item", "--meeting", "m1", "--title", "下一项", "--lead", "最高法", *at)
    assert following.stdout.strip() == "m1-10"
    assert run("validate", *at).exit_code == 0


def test_a_meeting_is_complete_from_the_command_line(run: RunCli,
                                                     write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    at = ("--repo", str(root), *TODAY)
    made = run("new", "meeting", "--date", "2023-12-14", "--slug", "xj", "--level",
               "provincial", "--title", "首次工作交流会商会", "--parties", "最高法,最高检",
               "--aspect", "X1=共同推进政治机关建设", "--aspect", "X2：共同强化诉讼监督：刑事",
               "--leader", "院长甲", "--leader", "检察长乙", "--presenter", "副院长丙",
               "--location", "乌鲁木齐", "--minutes", "会商会议纪要（〔2023〕1号）",
               "--agreed-items", "12", "--sequence", "1", *at)
    assert made.exit_code == 0, made.output
    shown = json.loads(run("validate", "--format", "json", *at).stdout)
    assert shown["problems"] == []
    record = yaml.safe_load((root / "items/2023-12-14-xj/meeting.yaml").read_text("utf-8"))
    assert record["aspects"] == [{"key": "X1", "title": "共同推进政治机关建设"},
                                 {"key": "X2", "title": "共同强化诉讼监督：刑事"}]
    assert (record["leaders"], record["presenters"]) == (["院长甲", "检察长乙"], ["副院长丙"])
    assert (record["location"], record["minutes"], record["agreed_items"]) == (
        "乌鲁木齐", "会商会议纪要（〔2023〕1号）", 12)
    item = run("new", "item", "--meeting", "2023-12-14-xj", "--aspect", "X2", "--title", "t",
               "--lead", "最高法", *at)
    assert item.exit_code == 0, item.output
    for bad, why in (("X1", "--aspect 应写为"), ("X1=a", "方面编号 X1 重复")):
        refused = run("new", "meeting", "--date", "2023-12-15", "--slug", "y", "--level",
                      "provincial", "--title", "t", "--parties", "最高法", "--aspect",
                      "X1=共同", "--aspect", bad, *at)
        assert refused.exit_code == 2 and why in refused.stderr
        assert not (root / "items/2023-12-15-y").exists()


def test_init_makes_a_git_repository_and_says_what_comes_next(
        run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "台账"
    made = run("init", str(target))
    assert made.exit_code == 0, made.output
    assert (target / ".git").is_dir() and "已初始化 git 仓库" in made.stdout
    steps = made.stdout[made.stdout.index("下一步："):]
    assert [line.strip()[:2] for line in steps.splitlines()[1::2]] == ["1.", "2.", "3."]
    assert f"cd {shlex.quote(str(target))} && git add -A" in steps and "huishang new item" in steps
    for line in steps.splitlines()[2::2]:  # each command is the kind its step names
        assert line.strip().startswith(("cd ", "huishang ", "git ")), line

    inner = target / "分台账"  # inside a repository already: no second .git
    assert run("init", str(inner)).exit_code == 0
    assert not (inner / ".git").exists()

    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    bare = tmp_path / "无git"
    result = run("init", str(bare))
    assert result.exit_code == 0 and "未找到 git" in result.stdout
    assert (bare / "huishang.yaml").is_file()


def test_the_ledger_may_be_named_before_the_command_or_by_environment(
        run: RunCli, write_ledger: WriteLedger, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    root = ledger(write_ledger)
    monkeypatch.chdir(tmp_path)  # no ledger here: only the option or the variable finds it
    for args in (["--repo", str(root), "list", "--overdue"],
                 [f"--repo={root}", "--today", "2024-01-05", "list", "--overdue"],
                 ["--repo", str(root), "new", "item", "--meeting", "m1", "--title", "新",
                  "--lead", "最高法", "--dry-run"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert "m1-02" in run("--repo", str(root), "--today", "2024-01-05", "list",
                          "--overdue").stdout
    monkeypatch.setenv("HUISHANG_REPO", str(root))
    assert "m1-02" in run("list", "--overdue", *TODAY).stdout
    assert run("list", "--repo", str(tmp_path / "nowhere"), *TODAY).exit_code != 0


M2 = ("id: m2\ntitle: 第二次会商会\ndate: 2024-01-02\nparties: [最高人民法院]\n"
      "level: national\n")


def test_an_item_carried_over_links_both_ways_and_counts_as_carried(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(status="cancelled", carried_to="m2-01",
                                         aspect=None) + "updates:\n  - date: 2023-12-30\n"
                                                        "    note: 转入第二次会商会\n",
        "items/m1/m1-02.yaml": item_yaml("m1-02", aspect=None, status="done",
                                         done_on="2023-12-01", evidence="[法〔2023〕1号]"),
        "items/m2/meeting.yaml": M2,
        "items/m2/m2-01.yaml": item_yaml("m2-01", aspect=None, carried_from="m1-01"),
    })
    at = ("--repo", str(root), *TODAY)
    assert run("validate", *at).exit_code == 0
    earlier = run("show", "m1-01", *at).stdout
    assert "已转入下次会商" in earlier and "转入事项" in earlier and "m2-01" in earlier
    later = run("show", "m2-01", *at).stdout
    assert "由此事项转入" in later and "m1-01" in later
    review = run("review", "m1", *at).stdout.splitlines()
    assert ("2项议定事项中，已办结1项、推进中0项、受阻0项、未启动0项、已终止0项，办结率100%。"
            "另有1项转入下次会商继续落实，不计入终止。") in review
    assert any("落实状态：已转入下次会商" in line for line in review)


def test_a_carry_over_that_does_not_hold_is_refused(run: RunCli,
                                                   write_ledger: WriteLedger) -> None:
    root = write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(carried_to="m2-01"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", status="cancelled", carried_to="m9-09"),
        "items/m2/meeting.yaml": M2,
        "items/m2/m2-01.yaml": item_yaml("m2-01", aspect=None, carried_from="m1-02"),
    })
    out = run("validate", "--repo", str(root), *TODAY).stdout
    assert "status: 已转入 m2-01 的事项应以 status: cancelled 结束" in out
    assert "carried_to: “m9-09”不是台账中另一事项的编号" in out
    assert "carried_to: 两端不一致：事项 m2-01 的 carried_from 是 m1-02" in out
    assert "carried_from: 两端不一致：事项 m1-02 的 carried_to 是 m9-09" in out


def test_partners_may_name_their_own_owners(run: RunCli, write_ledger: WriteLedger) -> None:
    owners = ("partner_owners:\n  - {unit: 最高检, division: 第一检察厅, person: 李四}\n")
    root = write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(lead="最高法", partners="[最高人民检察院]",
                                         due="2023-11-01") + owners,
    })
    at = ("--repo", str(root), *TODAY)
    assert run("validate", *at).exit_code == 0
    shown = run("show", "m1-01", *at).stdout
    assert "最高人民检察院（第一检察厅 李四）" in shown
    letter = run("notice", "--unit", "最高检", *at).stdout
    assert "最高人民法院（本单位：第一检察厅 李四）" in letter

    wrong = write_ledger({"items/m1/m1-01.yaml": item_yaml(
        lead="最高法", partners="[最高检]") + owners.replace("最高检", "最高法") + (
        "  - {unit: 最高检, person: 甲}\n  - {unit: 最高人民检察院, person: 乙}\n")})
    out = run("validate", *at).stdout
    assert "partner_owners[0].unit: 最高法 不是本事项的配合单位" in out
    assert "partner_owners[2].unit: 配合单位 最高人民检察院 的责任人已写过" in out
    assert wrong == root


def test_words_update_adds_to_a_note_follow_chinese_punctuation(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = ledger(write_ledger)
    at = ("--repo", str(root), *TODAY)
    assert run("update", "m1-01", "--status", "受阻", "--note", "待协调", *at).exit_code == 0
    assert run("update", "m1-01", "--escalate", "--note", "已形成报告", *at).exit_code == 0
    notes = [u["note"] for u in json.loads(run("show", "m1-01", "--format", "json",
                                               *at).stdout)["item"]["updates"]]
    assert notes == ["待协调（状态：推进中 → 受阻）", "已形成报告；已请示报告上级。"]
    english = run("update", "m1-02", "--status", "blocked", "--note", "waiting", "--lang",
                  "en", *at)
    assert english.exit_code == 0
    text = (root / "items/m1/m1-02.yaml").read_text(encoding="utf-8")
    assert "waiting (status: in progress → blocked)" in text


def test_the_dashboard_names_a_partners_owner_however_the_unit_was_written(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    root = write_ledger({
        "units.yaml": UNITS,
        "items/m1/m1-01.yaml": item_yaml(lead="最高法", partners="[最高人民检察院]") + (
            "partner_owners:\n  - {unit: 最高检, division: 第一检察厅}\n"),
    })
    out = tmp_path / "site"
    assert run("site", "--output", str(out), "--repo", str(root), *TODAY).exit_code == 0
    page = next(out.rglob("m1-01.html")).read_text(encoding="utf-8")
    assert "最高人民检察院（第一检察厅）" in page
