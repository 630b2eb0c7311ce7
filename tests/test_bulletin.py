"""The monthly bulletin and the calendar export, on a ledger whose git history tells a known
story; every figure is counted by hand from that story."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import LI, ZHANG, Repo, RunCli, WriteLedger, item_yaml

from huishang.git.timeline import build
from huishang.reports.bulletin import Bulletin, compute
from huishang.store.files import load_ledger

MEETING = ("id: m1\ntitle: 测试会议\ndate: 2024-04-01\nparties: [最高人民法院, 最高人民检察院]\n"
           "level: national\n")


def _item(item_id: str, lead: str, due: str, status: str = "planned", extra: str = "") -> str:
    return item_yaml(item_id, aspect=None, lead=lead, due=due, status=status) + extra


@pytest.fixture
def story(tmp_path: Path) -> Repo:
    """April: three items. May: an update. June: a deadline moves, an item is added, one closes.
    July: an update that June must not see."""
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", _item("m1-01", "最高人民法院", "2024-05-31", "in_progress"))
    repo.write("items/m1/m1-02.yaml", _item("m1-02", "最高人民检察院", "2024-06-15"))
    repo.write("items/m1/m1-03.yaml", _item("m1-03", "最高人民检察院", "2024-07-31"))
    repo.commit("meeting", ZHANG, "2024-04-05")
    first = "updates:\n  - date: 2024-05-10\n    note: 起草中\n"
    repo.write("items/m1/m1-01.yaml",
               _item("m1-01", "最高人民法院", "2024-05-31", "in_progress", first))
    repo.commit("m1-01 progress", LI, "2024-05-10")
    moved = first + "  - date: 2024-06-03\n    note: 等待会签\n"
    repo.write("items/m1/m1-01.yaml",
               _item("m1-01", "最高人民法院", "2024-06-30", "in_progress", moved))
    repo.commit("m1-01 due moved", ZHANG, "2024-06-03")
    repo.write("items/m1/m1-04.yaml", _item("m1-04", "司法部", "2024-06-20"))
    repo.commit("m1-04 added", LI, "2024-06-10")
    repo.write("items/m1/m1-01.yaml", _item(
        "m1-01", "最高人民法院", "2024-06-30", "done",
        moved + "  - date: 2024-06-25\n    note: 已印发\ndone_on: 2024-06-25\nevidence: [法〔2024〕9号]\n"))
    repo.commit("m1-01 done", ZHANG, "2024-06-25")
    repo.write("items/m1/m1-02.yaml", _item("m1-02", "最高人民检察院", "2024-06-15", "planned",
                                            "updates:\n  - date: 2024-07-02\n    note: 七月\n"))
    repo.commit("m1-02 july", LI, "2024-07-02")
    return repo


def test_figures_equal_the_hand_count(story: Repo) -> None:
    ledger = load_ledger(story.root)
    b = compute(ledger, build(ledger), "2024-06", dt.date(2024, 7, 15))
    assert b.from_git and b.end == dt.date(2024, 6, 30)
    f = b.figures
    assert (f.in_force, f.done, f.new, f.overdue) == (3, 1, 1, 2)
    assert f.colours == {"red": 2, "orange": 1, "yellow": 0}  # m1-03: 90 days unstarted
    p = b.previous
    assert (p.in_force, p.done, p.new, p.overdue) == (3, 0, 0, 0)
    # 31 May: m1-01 is due that day; m1-02 and m1-03 have waited 60 days since the meeting
    assert p.colours == {"red": 0, "orange": 2, "yellow": 1}
    assert [(i.id, leads) for i, leads in b.closed] == [("m1-01", ("最高人民法院",))]
    assert [i.id for i, _ in b.new] == ["m1-04"]
    assert [(m.item_id, m.before, m.after, m.reason, m.author, m.day) for m in b.moves] == [
        ("m1-01", "2024-05-31", "2024-06-30", "等待会签", "张三", "2024-06-03")]
    assert [(x.alert.colour, x.item.id, x.overdue_days) for x in b.flagged] == [
        ("red", "m1-02", 15), ("red", "m1-04", 10), ("orange", "m1-03", 0)]
    assert _silent(b) == [("最高人民检察院", ["m1-02", "m1-03"]), ("司法部", ["m1-04"])]
    units = {u.unit: (u.total, u.done, u.overdue, u.colours["red"]) for u in b.units}
    assert units == {"最高人民法院": (1, 1, 0, 0), "最高人民检察院": (2, 0, 1, 1),
                     "司法部": (1, 0, 1, 1)}


def _silent(b: Bulletin) -> list[tuple[str, list[str]]]:
    return [(quiet.unit, [item.id for item in quiet.items]) for quiet in b.silent]


def test_current_month_counts_up_to_today(story: Repo) -> None:
    ledger = load_ledger(story.root)
    b = compute(ledger, build(ledger), "2024-07", dt.date(2024, 7, 2))
    assert b.end == dt.date(2024, 7, 2)
    # the procuratorate reported on m1-02 on 2 July, not on m1-03
    assert _silent(b) == [("司法部", ["m1-04"]), ("最高人民检察院", ["m1-03"])]


def test_markdown_bulletin(run: RunCli, story: Repo) -> None:
    result = run("bulletin", "--month", "2024-06", "--repo", str(story.root),
                 "--today", "2024-07-15")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "**会商事项落实情况通报**"
    assert "# 2024年6月会商议定事项落实进展情况" in lines  # not the masthead again
    assert "本期通报2024年6月1日至2024年6月30日会商事项落实情况。" in lines
    assert ("截至2024年6月30日，台账共有会商事项4项，其中已办结1项、推进中0项、受阻0项、"
            "未启动3项、已终止0项。") in lines
    assert ("本月新增事项1项，办结1项；在办事项3项，其中逾期2项，红色预警2项、橙色预警1项、"
            "黄色预警0项。") in lines
    assert "与上月相比，在办事项持平，逾期事项增加2项，红色、橙色预警事项增加1项。" in lines
    assert "| 在办事项 | 3 | 3 | 0 |" in lines
    assert "| 本月办结 | 1 | 0 | +1 |" in lines
    assert ("| 1 | 统一量刑建议审查标准 | 2024.05.31 | 2024.06.30 | 等待会签 | 张三 "
            "| 2024.06.03 |") in lines
    assert "| 1 | 统一量刑建议审查标准 | 最高人民法院 | 2024.06.25 | 法〔2024〕9号 |" in lines
    assert ("| 最高人民检察院 | 2 | 第2项“统一量刑建议审查标准”；第3项“统一量刑建议审查标准” |"
            in lines)  # a silent unit, with its silent items
    assert "| 2 | 统一量刑建议审查标准 | 最高人民检察院 | 未启动 | 本月无新进展 |" in lines
    assert "## 十二、下一步工作" in lines
    # a document a leader reads: no ids, no git, dates as 年月日
    assert "m1-0" not in result.stdout and "git" not in result.stdout
    assert "2024-06" not in result.stdout


def test_html_bulletin_is_a_page(run: RunCli, story: Repo, tmp_path: Path) -> None:
    out = tmp_path / "通报.html"
    result = run("bulletin", "--month", "2024-06", "--format", "html", "-o", str(out),
                 "--repo", str(story.root), "--today", "2024-07-15", "--lang", "en")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    parser = Collect()
    parser.feed(page)
    assert parser.tags.count("table") == 9 and parser.tags.count("h2") == 12
    assert "Progress on the agreed items in 2024-06" in parser.text
    assert "http" not in page  # nothing is fetched from another host


def test_without_history_it_says_so(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="done", done_on="2024-06-10",
                                                          evidence="[x]")})
    result = run("bulletin", "--month", "2024-06", "--repo", str(root), "--today", "2024-07-01")
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("*本期数据依据现有台账统计，无历史记录")
    assert "| 本月办结 | 1 | 0 | +1 |" in lines


def test_bad_or_future_month(run: RunCli, story: Repo) -> None:
    assert run("bulletin", "--month", "2024-13", "--repo", str(story.root)).exit_code == 2
    result = run("bulletin", "--month", "2030-01", "--repo", str(story.root),
                 "--today", "2024-07-01")
    assert result.exit_code == 2


def test_ics_parses_with_a_standard_library(run: RunCli, story: Repo, tmp_path: Path) -> None:
    import icalendar

    out = tmp_path / "deadlines.ics"
    result = run("export", "--ics", "-o", str(out), "--repo", str(story.root),
                 "--today", "2024-07-15")
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends in CRLF
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["m1-02@huishang", "m1-03@huishang", "m1-04@huishang"]
    event = events["m1-03@huishang"]
    assert event["DTSTART"].dt == dt.date(2024, 7, 31)
    assert str(event["SUMMARY"]) == "【会商事项】统一量刑建议审查标准"
    assert "牵头单位：最高人民检察院" in str(event["DESCRIPTION"])
    assert "状态：未启动" in str(event["DESCRIPTION"])  # the status in words, not its key

    result = run("export", "--ics", "-o", str(out), "--repo", str(story.root),
                 "--today", "2024-07-15", "--lang", "en")
    event = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(
        out.read_bytes()).walk("VEVENT")}["m1-03@huishang"]
    assert str(event["SUMMARY"]) == "[Agreed item] 统一量刑建议审查标准"
    assert str(event["DESCRIPTION"]).splitlines() == ["Lead unit: 最高人民检察院", "Status: planned"]


def test_ics_folds_long_lines_without_breaking_characters(run: RunCli,
                                                         write_ledger: WriteLedger,
                                                         tmp_path: Path) -> None:
    import icalendar

    title = "很长的事项名称，" * 12 + "; 含分号, 逗号"
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(title=f"'{title}'")})
    out = tmp_path / "x.ics"
    run("export", "--ics", "-o", str(out), "--repo", str(root), "--today", "2023-01-01")
    raw = out.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n"))  # it did fold
    event = next(iter(icalendar.Calendar.from_ical(raw).walk("VEVENT")))
    assert str(event["SUMMARY"]) == f"【会商事项】{title}"


def test_export_needs_a_format(run: RunCli, story: Repo) -> None:
    assert run("export", "--repo", str(story.root)).exit_code == 2


@pytest.mark.parametrize("command", [
    ["bulletin", "--month", "2024-06"],
    ["log", "--since", "2024-01-01", "--until", "2024-12-31"],
    ["site", "-o", "{out}"],
])
def test_history_is_read_in_one_pass(run: RunCli, story: Repo, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch,
                                     command: list[str]) -> None:
    """One `git log` and at most one `git cat-file`, however many items and commits (one
    here: the store of blobs already read starts empty)."""
    import subprocess

    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "empty-store"))
    real = subprocess.run
    calls: list[str] = []

    def counting(argv: list[str], *args: object, **kwargs: object) -> object:
        if argv[0] == "git":
            calls.append(next(a for a in argv[3:] if not a.startswith("-")
                              and a != "core.quotepath=off"))
        return real(argv, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    args = [a.replace("{out}", str(tmp_path / "site")) for a in command]
    result = run(*args, "--repo", str(story.root), "--today", "2024-07-15")
    assert result.exit_code == 0, result.output
    assert calls.count("log") == 1
    assert calls.count("cat-file") == 1
    # plus rev-parse checks, the bulletin's one `status` for uncommitted edits and the
    # `ls-files` and `diff-files` that tell which items' files are committed unchanged
    # (their latest version is the record loaded), never one process per file
    assert len(calls) <= 7


@pytest.fixture
def late(tmp_path: Path) -> Repo:
    """August's feedback: 司法部 reports on 30 August, committed on 3 September; an item
    closed on 29 August is committed on 2 September; 最高人民检察院's item is blocked in
    August and another cancelled, each with its reason."""
    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("items/m1/meeting.yaml", MEETING)
    repo.write("items/m1/m1-01.yaml", _item("m1-01", "司法部", "2024-12-31", "in_progress"))
    repo.write("items/m1/m1-02.yaml", _item("m1-02", "最高人民法院", "2024-12-31", "in_progress"))
    repo.write("items/m1/m1-03.yaml", _item("m1-03", "最高人民检察院", "2024-12-31"))
    repo.write("items/m1/m1-04.yaml", _item("m1-04", "最高人民检察院", "2024-12-31"))
    repo.commit("meeting", ZHANG, "2024-04-05")
    repo.write("items/m1/m1-03.yaml", _item(
        "m1-03", "最高人民检察院", "2024-12-31", "blocked",
        "escalated: true\nupdates:\n  - date: 2024-08-12\n    note: 待上级明确口径\n"))
    repo.write("items/m1/m1-04.yaml", _item(
        "m1-04", "最高人民检察院", "2024-12-31", "cancelled",
        "updates:\n  - date: 2024-08-20\n    note: 已由新司法解释涵盖，不再推进\n"))
    repo.commit("august", ZHANG, "2024-08-20")
    repo.write("items/m1/m1-02.yaml", _item(
        "m1-02", "最高人民法院", "2024-12-31", "done",
        "updates:\n  - date: 2024-08-29\n    note: 已印发\ndone_on: 2024-08-29\n"
        "evidence: [法〔2024〕12号]\n"))
    repo.commit("m1-02 closed late", LI, "2024-09-02")
    repo.write("items/m1/m1-01.yaml", _item(
        "m1-01", "司法部", "2024-12-31", "in_progress",
        "updates:\n  - date: 2024-08-30\n    note: 完成调研\n  - date: 2024-09-03\n"
        "    note: 九月进展\n"))
    repo.commit("m1-01 late feedback", LI, "2024-09-03")
    return repo


def test_feedback_dated_in_the_month_counts_when_committed_later(late: Repo) -> None:
    ledger = load_ledger(late.root)
    b = compute(ledger, build(ledger), "2024-08", dt.date(2024, 9, 5))
    assert b.as_of == dt.date(2024, 9, 5) and b.late == 2
    assert [i.id for i, _ in b.closed] == ["m1-02"]
    assert b.figures.done == 1
    assert b.silent == []  # 司法部 reported on 30 August
    progress = {n.item.id: [(u.date, u.note) for u in n.notes] for n in b.progress}
    assert progress["m1-01"] == [(dt.date(2024, 8, 30), "完成调研")]  # not September's note
    assert [(n.item.id, [u.note for u in n.notes]) for n in b.blocked] == [
        ("m1-03", ["待上级明确口径"])]
    assert [(n.item.id, [u.note for u in n.notes]) for n in b.cancelled] == [
        ("m1-04", ["已由新司法解释涵盖，不再推进"])]

    # made on 1 September, nothing committed later is known: the old answer
    early = compute(ledger, build(ledger), "2024-08", dt.date(2024, 9, 5),
                    as_of=dt.date(2024, 9, 1))
    assert early.late == 0 and early.closed == []
    assert _silent(early) == [("司法部", ["m1-01"]), ("最高人民法院", ["m1-02"])]


def test_bulletin_says_how_feedback_was_counted_and_warns_of_uncommitted_edits(
        run: RunCli, late: Repo) -> None:
    late.write("items/m1/m1-01.yaml", _item("m1-01", "司法部", "2024-12-31", "blocked"))
    result = run("bulletin", "--month", "2024-08", "--repo", str(late.root),
                 "--today", "2024-09-05")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "本月反馈以2024年9月5日前报送的为准，其中月后补报2条。" in lines
    assert "| 3 | 统一量刑建议审查标准 | 最高人民检察院 | 受阻、已请示报告 | 待上级明确口径 |" in lines
    assert "| 4 | 统一量刑建议审查标准 | 最高人民检察院 | 已由新司法解释涵盖，不再推进 |" in lines
    assert "注意：1 个事项文件有尚未提交的修改，本期通报未计入：items/m1/m1-01.yaml" in result.stderr
    assert "注意" not in result.stdout


def test_silence_is_judged_item_by_item(run: RunCli, write_ledger: WriteLedger) -> None:
    """The court reported on one item; its silent items still show, by unit, each named
    by its number in the minutes, whoever owns them."""
    note = "updates:\n  - date: 2024-06-12\n    note: 已起草\n"
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(due="2024-12-31", owner="{division: 刑一庭}") + note,
        "items/m1/m1-02.yaml": item_yaml("m1-02", due="2024-12-31",
                                         owner="{division: 研究室, person: 王五}"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", due="2024-12-31",
                                         owner="{division: 研究室, person: 王五}"),
    })
    result = run("bulletin", "--month", "2024-06", "--repo", str(root), "--today", "2024-07-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    silent = lines[lines.index("## 十、未反馈单位"):]
    assert ("| 最高人民法院 | 2 | 第2项“统一量刑建议审查标准”；第3项“统一量刑建议审查标准” |"
            in silent)
    assert not any("第1项" in line or "王五" in line for line in silent)


def test_the_bulletin_names_the_best_and_worst_units_by_each_rate(run: RunCli,
                                                                  story: Repo) -> None:
    """June's bulletin scores the year to June: the court closed m1-01 by its deadline and
    reported in May and June (2 of the 3 months since the meeting on 1 April); the
    procuratorate and the ministry let m1-02 and m1-04 pass their deadlines and reported
    nothing (the July note is later)."""
    result = run("bulletin", "--month", "2024-06", "--repo", str(story.root), "--today",
                 "2024-07-15")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index("## 十一、考评情况")
    assert lines[at + 1:at + 8] == [
        "",
        "2024年1月1日至2024年6月30日，各牵头单位考评情况如下。",
        "",
        "按期办结率最高的是最高人民法院（100%），最低的是司法部、最高人民检察院（0%）。",
        "",
        "反馈及时率最高的是最高人民法院（67%），最低的是司法部、最高人民检察院（0%）。",
        "",
    ]


def test_the_score_section_says_when_one_unit_or_every_unit_alike_is_rated() -> None:
    from huishang.reports.bulletin_score import score_section
    from huishang.views.score import Period, UnitScore

    period = Period("2024", dt.date(2024, 1, 1), dt.date(2024, 8, 31))
    alone = UnitScore("最高人民法院", due=2, on_time=2, months=4, reported=1, overdue=0,
                      overdue_days=0, closed=2, open=1)
    alike = UnitScore("司法部", due=0, on_time=0, months=4, reported=1, overdue=0,
                      overdue_days=0, closed=0, open=1)
    silent = UnitScore("最高人民检察院", due=0, on_time=0, months=0, reported=0, overdue=0,
                       overdue_days=0, closed=0, open=0)
    section = score_section(period, [alone, alike, silent], "zh")
    assert section.text[1:] == ["按期办结率仅最高人民法院有可计算的事项，为100%。",
                                "反馈及时率各单位均为25%。"]
    assert score_section(period, [silent], "zh").text == ["无。"]
