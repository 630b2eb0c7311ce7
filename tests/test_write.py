"""Writing the ledger: init, new and update change exactly the intended lines, refuse
cleanly, and never leave a half-written file."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import MEETING, RunCli, WriteLedger, item_yaml

from huishang.edit.splice import Editor, scalar_text
from huishang.ledger.yamlfile import parse_yaml
from huishang.store.files import load_ledger

TODAY = "2024-03-01"

ODD = textwrap.dedent("""\
    # 头部注释：保留
    id: m1-01   # 编号
    title: "带引号的标题"
    aspect: A1
    lead: 最高人民法院
    partners: [最高人民检察院,  司法部]
    owner: {division: 刑一庭, person: 张三}
    due: 2024-06-30   # 期限
    status: in_progress   # 状态
    updates:
    - date: 2023-07-15
      note: >-
        折叠的长文本，
        第二行。
    - {date: 2023-08-01, note: 流式写法}
    # 尾部注释
    notes: 'single'
    """)


def _diff(before: str, after: str) -> list[str]:
    """The +/- lines of a diff, without headers and context."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def odd(write_ledger: WriteLedger) -> Path:
    return write_ledger({"items/m1/m1-01.yaml": ODD})


def _item(root: Path) -> Path:
    return root / "items/m1/m1-01.yaml"


def test_note_adds_only_its_lines(run: RunCli, odd: Path) -> None:
    result = run("update", "m1-01", "--note", "已形成初稿", "--by", "李四", "--repo", str(odd),
                 "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert _diff(ODD, _item(odd).read_text(encoding="utf-8")) == [
        "+- date: 2024-03-01",
        "+  note: 已形成初稿",
        "+  by: 李四",
    ]
    assert result.stdout == "items/m1/m1-01.yaml：进展\n"


def test_status_done_changes_the_value_and_adds_the_proof(run: RunCli, odd: Path) -> None:
    result = run("update", "m1-01", "--status", "done", "--evidence", "法〔2024〕1号",
                 "--repo", str(odd), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert _diff(ODD, _item(odd).read_text(encoding="utf-8")) == [
        "-status: in_progress   # 状态",
        "+status: done   # 状态",
        "+- date: 2024-03-01",
        "+  note: （状态：推进中 → 已办结）",
        "+done_on: 2024-03-01",
        "+evidence:",
        "+  - 法〔2024〕1号",
    ]
    assert load_ledger(odd).problems == []


def test_deadline_change_keeps_comment_and_records_the_reason(run: RunCli, odd: Path) -> None:
    result = run("update", "m1-01", "--due", "2024-09-30", "--reason", "待修法进程明确",
                 "--repo", str(odd), "--today", TODAY, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert _diff(ODD, _item(odd).read_text(encoding="utf-8")) == [
        "-due: 2024-06-30   # 期限",
        "+due: 2024-09-30   # 期限",
        "+- date: 2024-03-01",
        "+  note: 待修法进程明确",
        "+  changes:",
        "+  - {field: due, before: 2024-06-30, after: 2024-09-30, reason: 待修法进程明确}",
    ]


def test_crlf_and_bom_are_kept(run: RunCli, write_ledger: WriteLedger) -> None:
    body = item_yaml(evidence="[a,  b]", due="").replace("\n", "\r\n")
    root = write_ledger({"items/m1/m1-01.yaml": b"\xef\xbb\xbf" + body.encode()})
    result = run("update", "m1-01", "--note", "进展", "--due", "2024-05-01", "--reason", "r",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    raw = _item(root).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line still ends in CRLF
    text = raw.decode("utf-8-sig")
    assert "due: 2024-05-01\r\n" in text
    assert "evidence: [a,  b]\r\n" in text
    # the new list goes where the field order puts it: after status, before evidence
    assert text.endswith("status: in_progress\r\nupdates:\r\n  - date: 2024-03-01\r\n"
                         "    note: 进展\r\n    changes:\r\n"
                         "    - {field: due, after: 2024-05-01, reason: r}\r\n"
                         "evidence: [a,  b]\r\n")


def test_flow_lists_get_flow_entries(run: RunCli, write_ledger: WriteLedger) -> None:
    before = item_yaml(status="blocked", evidence="[甲,  乙]", updates="[]")
    root = write_ledger({"items/m1/m1-01.yaml": before})
    result = run("update", "m1-01", "--status", "done", "--evidence", "丙, 丁", "--repo",
                 str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert _diff(before, _item(root).read_text(encoding="utf-8")) == [
        "-status: blocked", "-evidence: [甲,  乙]", "-updates: []",
        "+status: done", '+evidence: [甲,  乙, "丙, 丁"]',
        "+updates: [{date: 2024-03-01, note: （状态：受阻 → 已办结）}]",
        "+done_on: 2024-03-01",
    ]


def test_reopening_removes_done_on(run: RunCli, write_ledger: WriteLedger) -> None:
    before = item_yaml(status="done", done_on="2024-01-10", evidence="[文号]")
    root = write_ledger({"items/m1/m1-01.yaml": before})
    result = run("update", "m1-01", "--status", "in_progress", "--repo", str(root),
                 "--today", TODAY)
    assert result.exit_code == 1
    assert "重新打开" in result.stderr
    result = run("update", "m1-01", "--status", "in_progress", "--note", "依据被撤回",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    after = _item(root).read_text(encoding="utf-8")
    assert "done_on" not in after
    assert load_ledger(root).problems == []


REFUSED = [
    (["--status", "done"], "没有办结依据不能销号"),
    (["--status", "cancelled"], "终止事项必须说明理由"),
    (["--status", "planned"], "不能从推进中直接改为未启动；可改为：受阻、已办结、已终止"),
    (["--status", "in_progress"], "状态已是"),
    (["--due", "2024-09-30"], "调整完成时限必须说明理由"),
    (["--reason", "x"], "--reason"),
    (["--done-on", "2024-01-01"], "--done-on"),
    (["--note", "x", "--date", "2023-06-11"], "早于会议日期 2023-06-12"),
    (["--note", "x", "--date", "2024-03-02"], "晚于今天"),
    (["--by", "张三"], "--by"),
    ([], "没有要更新的内容"),
]


@pytest.mark.parametrize(("args", "why"), REFUSED, ids=[" ".join(a) or "nothing" for a, _ in
                                                         REFUSED])
def test_refused_updates_leave_the_file_identical(run: RunCli, odd: Path, args: list[str],
                                                  why: str) -> None:
    before = _item(odd).read_bytes()
    result = run("update", "m1-01", *args, "--repo", str(odd), "--today", TODAY)
    assert result.exit_code in (1, 2)
    assert why in result.stderr
    assert "Traceback" not in result.output
    assert _item(odd).read_bytes() == before
    assert sorted(p.name for p in _item(odd).parent.iterdir()) == ["m1-01.yaml", "meeting.yaml"]


def test_an_invalid_file_is_not_edited(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2024-02-30")})
    before = _item(root).read_bytes()
    result = run("update", "m1-01", "--note", "x", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == "huishang: items/m1/m1-01.yaml 有错误，请先运行 huishang validate\n"
    assert _item(root).read_bytes() == before


def test_dry_run_prints_the_diff_and_writes_nothing(run: RunCli, odd: Path) -> None:
    before = _item(odd).read_bytes()
    result = run("update", "m1-01", "--note", "草拟中", "--repo", str(odd), "--today", TODAY,
                 "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["--- a/items/m1/m1-01.yaml",
                                              "+++ b/items/m1/m1-01.yaml"]
    assert "+- date: 2024-03-01" in result.stdout.splitlines()
    assert _item(odd).read_bytes() == before


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "书记员", "GIT_AUTHOR_EMAIL": "clerk@example.cn",
           "GIT_COMMITTER_NAME": "书记员", "GIT_COMMITTER_EMAIL": "clerk@example.cn"}
    return subprocess.run(["git", "-C", str(root), *args], env=env, capture_output=True,
                          text=True, check=True).stdout


def test_commit_records_what_changed(run: RunCli, odd: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in (("GIT_AUTHOR_NAME", "书记员"), ("GIT_AUTHOR_EMAIL", "clerk@example.cn"),
                       ("GIT_COMMITTER_NAME", "书记员"),
                       ("GIT_COMMITTER_EMAIL", "clerk@example.cn")):
        monkeypatch.setenv(key, value)
    _git(odd, "init", "-q")
    _git(odd, "add", "-A")
    _git(odd, "commit", "-qm", "start")
    (odd / "stray.txt").write_text("staged but not ours\n", encoding="utf-8")
    _git(odd, "add", "stray.txt")
    result = run("update", "m1-01", "--status", "done", "--evidence", "文号", "--repo",
                 str(odd), "--today", TODAY, "--commit")
    assert result.exit_code == 0, result.output
    assert _git(odd, "log", "-1", "--format=%s").strip() == (
        "更新 m1-01：状态 推进中 → 已办结；办结依据 +1")
    assert _git(odd, "show", "--name-only", "--format=", "HEAD").split() == [
        "items/m1/m1-01.yaml"]
    assert _git(odd, "status", "--porcelain").strip() == "A  stray.txt"


def test_commit_outside_git_is_a_clear_error(run: RunCli, odd: Path) -> None:
    result = run("update", "m1-01", "--note", "x", "--repo", str(odd), "--today", TODAY,
                 "--commit")
    assert result.exit_code == 1
    assert result.stderr.startswith("huishang: git rev-parse 失败：")  # git's words follow
    assert "Traceback" not in result.output


KILL_SCRIPT = """
import os, signal, sys
real_fsync = os.fsync
def fsync_then_die(fd):
    real_fsync(fd)
    # die after the item's temp file is written, before the rename
    if "m1-01.yaml" in os.readlink(f"/proc/self/fd/{fd}"):
        os.kill(os.getpid(), signal.SIGKILL)
os.fsync = fsync_then_die
from huishang.cli import main
sys.argv = ["huishang"] + sys.argv[1:]
main()
"""


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*.tmp"))


def test_killed_half_way_leaves_the_old_file_and_the_next_write_cleans_up(
        run: RunCli, odd: Path) -> None:
    before = _item(odd).read_bytes()
    done = subprocess.run([sys.executable, "-c", KILL_SCRIPT, "update", "m1-01", "--note", "x",
                           "--repo", str(odd), "--today", TODAY], capture_output=True,
                          check=False)
    assert done.returncode == -9
    assert _item(odd).read_bytes() == before
    assert len(_leftovers(odd)) == 1  # the temp file the kill interrupted
    # Recognised for what it is: a warning that does not fail validation.
    found = load_ledger(odd).problems
    assert [(p.code, p.severity) for p in found] == [("file.leftover_write", "warning")]
    assert run("validate", "--repo", str(odd)).exit_code == 0
    # The next write removes it.
    assert run("update", "m1-01", "--note", "再次", "--repo", str(odd),
               "--today", TODAY).exit_code == 0
    assert _leftovers(odd) == []
    assert load_ledger(odd).problems == []


def test_init_creates_a_valid_ledger_and_refuses_twice(run: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "台账"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    for rel in ("huishang.yaml", "units.yaml", ".gitignore", ".pre-commit-config.yaml",
                "schemas/item.schema.json"):
        assert (target / rel).is_file(), rel
    assert (target / "items").is_dir()
    assert load_ledger(target).problems == []
    settings = (target / "huishang.yaml").read_bytes()
    result = run("init", str(target))
    assert result.exit_code == 1
    assert "已有台账" in result.stderr
    assert (target / "huishang.yaml").read_bytes() == settings


def test_init_adds_to_an_existing_gitignore(run: RunCli, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.bak", encoding="utf-8")
    assert run("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.bak\n.huishang-cache/\n"


def test_new_meeting_and_items(run: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    assert run("init", str(root)).exit_code == 0
    result = run("new", "meeting", "--date", "2023-06-12", "--slug", "fa-jian", "--title",
                 "“两院”会商会", "--parties", "最高人民法院、最高人民检察院", "--level",
                 "national", "--sequence", "1", "--repo", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == "2023-06-12-fa-jian\n"
    text = (root / "items/2023-06-12-fa-jian/meeting.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/meeting.schema.json\n")
    ids = []
    for title in ("统一量刑建议", "合规改革: 第二项"):
        result = run("new", "item", "--meeting", "2023-06-12-fa-jian", "--title", title,
                     "--lead", "最高人民法院", "--partner", "最高人民检察院", "--due",
                     "2024-06-30", "--owner-division", "刑一庭", "--repo", str(root))
        assert result.exit_code == 0, result.output
        ids.append(result.stdout.strip())
    assert ids == ["2023-06-12-fa-jian-01", "2023-06-12-fa-jian-02"]
    ledger = load_ledger(root)
    assert ledger.problems == []
    assert [e.record.title for e in ledger.items] == ["统一量刑建议", "合规改革: 第二项"]


def test_new_item_takes_the_next_number_after_gaps(run: RunCli,
                                                   write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-07.yaml": item_yaml("m1-07")})
    result = run("new", "item", "--meeting", "m1", "--title", "t", "--lead", "x",
                 "--repo", str(root))
    assert result.stdout == "m1-08\n"


@pytest.mark.parametrize(("args", "why", "code"), [
    (["--meeting", "nope", "--title", "t", "--lead", "x"], "没有会议 nope", 1),
    (["--meeting", "m1", "--title", "t", "--lead", "x", "--aspect", "A9"], "A9", 1),
    (["--meeting", "m1", "--title", " ", "--lead", "x"], "--title 不能为空白", 2),
])
def test_new_item_refusals_write_nothing(run: RunCli, write_ledger: WriteLedger,
                                         args: list[str], why: str, code: int) -> None:
    root = write_ledger({})
    result = run("new", "item", *args, "--repo", str(root))
    assert result.exit_code == code
    assert why in result.stderr
    assert sorted(p.name for p in (root / "items/m1").iterdir()) == ["meeting.yaml"]


def test_new_meeting_refuses_a_bad_slug_and_an_existing_meeting(run: RunCli,
                                                                write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    common = ["--title", "t", "--parties", "a", "--level", "national", "--repo", str(root)]
    result = run("new", "meeting", "--date", "2024-01-01", "--slug", "Bad Slug", *common)
    assert result.exit_code == 1
    assert result.stderr.startswith("items/2024-01-01-Bad Slug/meeting.yaml:2:5: id: 编号")
    assert not (root / "items/2024-01-01-Bad Slug").exists()
    (root / "items/2024-01-01-x").mkdir()
    (root / "items/2024-01-01-x/其他.txt").write_text("x", encoding="utf-8")
    result = run("new", "meeting", "--date", "2024-01-01", "--slug", "x", *common)
    assert result.exit_code == 1 and "已存在" in result.stderr
    # An empty folder (an interrupted run's) is taken over instead.
    (root / "items/2024-01-01-y").mkdir()
    result = run("new", "meeting", "--date", "2024-01-01", "--slug", "y", *common)
    assert result.exit_code == 0, result.stderr


TRICKY = ["no", "yes", "10:00", "1.10", "2024-01-01", "true", "null", "~", "", " lead",
          "trail ", "- dash", "#hash", "a #b", "a: b", "a:", "[x]", "{x}", "'q'", '"q"',
          "多行\n文本", "tab\there", "*star", "&amp", "!bang", "%pct", "@at", "`tick`",
          "| pipe", "> gt", "? q", "中文，标点：全角", "0x1F", "1e3", ".inf", "a, b", "é"]


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("flow", [False, True])
def test_scalar_text_reads_back_exactly(value: str, flow: bool) -> None:
    text = f"k: [{scalar_text(value, flow=True)}]\n" if flow else \
        f"k: {scalar_text(value)}\n"
    doc, problems = parse_yaml(text, "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data["k"] == ([value] if flow else value)


def test_editor_inserts_new_fields_in_their_place() -> None:
    editor = Editor("id: x\ntitle: t\nlead: l\nstatus: planned\nnotes: n\n")
    editor.set_value("due", dt.date(2024, 1, 2))
    editor.set_value("escalated", True)
    assert editor.result() == ("id: x\ntitle: t\nlead: l\ndue: 2024-01-02\nstatus: planned\n"
                               "escalated: true\nnotes: n\n")


def test_editor_handles_a_file_without_final_newline() -> None:
    editor = Editor("id: x\nstatus: planned")
    editor.append("updates", {"date": dt.date(2024, 1, 2), "note": "n"})
    assert editor.result() == ("id: x\nstatus: planned\nupdates:\n  - date: 2024-01-02\n"
                               "    note: n\n")


def test_meeting_fixture_is_untouched_by_item_edits(run: RunCli, odd: Path) -> None:
    assert run("update", "m1-01", "--note", "x", "--repo", str(odd),
               "--today", TODAY).exit_code == 0
    assert (odd / "items/m1/meeting.yaml").read_text(encoding="utf-8") == MEETING


@pytest.mark.parametrize("command", [["bulletin", "--month", "2024-01", "-o"],
                                     ["export", "--ics", "-o"], ["site", "-o"]])
def test_writing_into_a_missing_folder_is_a_clear_error(run: RunCli, odd: Path, tmp_path: Path,
                                                        command: list[str]) -> None:
    target = tmp_path / "no" / "such" / "x.out"
    result = run(*command, str(target), "--repo", str(odd), "--today", TODAY)
    if command[0] == "site":  # a site folder is created, parents included
        assert result.exit_code == 0
        return
    assert result.exit_code == 1
    assert str(target.parent) in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.output


def test_create_exclusive_never_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    from huishang.edit.atomic import create_exclusive

    path = tmp_path / "key"
    create_exclusive(path, b"first", mode=0o600)
    with pytest.raises(FileExistsError):
        create_exclusive(path, b"second")
    assert path.read_bytes() == b"first"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key"]


def test_concurrent_updates_are_all_kept(write_ledger: WriteLedger, tmp_path: Path) -> None:
    """Twenty writers at once on one item: each succeeds, and every update is in the file."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "home")}
    writers = [subprocess.Popen(
        [sys.executable, "-m", "huishang", "update", "m1-01", "--note", f"第{n}次并发进展",
         "--repo", str(root), "--today", TODAY], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True) for n in range(20)]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    results = [(w.returncode, err) for w, err in zip(writers, errors, strict=True)]
    assert [code for code, _ in results] == [0] * 20, results
    text = _item(root).read_text(encoding="utf-8")
    assert sorted(n for n in range(20) if f"note: 第{n}次并发进展\n" in text) == list(range(20))
    assert text.count("- date:") == 20
    check = subprocess.run([sys.executable, "-m", "huishang", "validate", "--repo", str(root)],
                           env=env, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("style", ["|", ">"])
def test_a_file_ending_in_a_block_without_a_line_break_can_be_updated(
        run: RunCli, write_ledger: WriteLedger, style: str) -> None:
    text = item_yaml() + f"updates:\n  - date: 2024-01-02\n    note: {style}\n      第一行\n      第二行"
    root = write_ledger({"items/m1/m1-01.yaml": text})
    result = run("update", "m1-01", "--note", "新进展", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    after = _item(root).read_text(encoding="utf-8")
    assert after == text.replace(f"note: {style}\n", f"note: {style}-\n") + (
        "\n  - date: 2024-03-01\n    note: 新进展\n")
    import yaml

    notes = [u["note"] for u in yaml.safe_load(after)["updates"]]
    expected = "第一行\n第二行" if style == "|" else "第一行 第二行"
    assert notes == [expected, "新进展"]  # the old note's value did not change


@pytest.mark.parametrize(("args", "option"), [
    (["--note", "含\u2028行分隔符"], "--note"),
    (["--note", "a", "--by", "张\x1b[2J三"], "--by"),
    (["--status", "done", "--evidence", "文号\u2029"], "--evidence"),
    (["--due", "2024-09-30", "--reason", "原因\x07"], "--reason"),
])
def test_text_a_file_may_not_hold_is_refused_before_writing(
        run: RunCli, write_ledger: WriteLedger, args: list[str], option: str) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    before = _item(root).read_bytes()
    result = run("update", "m1-01", *args, "--repo", str(root), "--today", TODAY, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"huishang: {option} holds a character ledger files may "
                                    "not hold, U+")
    assert _item(root).read_bytes() == before


def test_new_item_refuses_a_line_separator_in_its_title(run: RunCli,
                                                        write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    result = run("new", "item", "--meeting", "m1", "--title", "标题\u2028", "--lead", "最高人民法院",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 2
    assert "--title" in result.stderr and "U+2028" in result.stderr
    assert sorted(p.name for p in (root / "items/m1").iterdir()) == ["meeting.yaml"]


def test_several_entries_of_a_new_list_make_one_list(run: RunCli,
                                                     write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    result = run("update", "m1-01", "--status", "done", "--evidence", "法〔2024〕1号",
                 "--evidence", "法〔2024〕2号", "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert load_ledger(root).items[0].record.evidence == ["法〔2024〕1号", "法〔2024〕2号"]


def test_a_block_scalar_ending_the_file_takes_several_new_lines(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()
                         + "updates:\n- date: 2023-07-01\n  note: |\n    第一行\n    第二行"})
    result = run("update", "m1-01", "--note", "进展\r\n第二行", "--evidence", "文号",
                 "--repo", str(root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    item = load_ledger(root).items[0].record
    assert [u.note for u in item.updates] == ["第一行\n第二行", "进展\n第二行"]
    assert item.evidence == ["文号"]
