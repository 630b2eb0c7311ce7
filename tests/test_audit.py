"""Git as the audit trail, against real temporary repositories with several authors and
dated commits: history, log, check --base and GitHub annotations."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import LI, ZHANG, Repo, RunCli, WriteLedger, item_yaml

ITEM = item_yaml(due="2024-06-30", status="planned")


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"items/m1/m1-01.yaml": ITEM, "items/m1/m1-02.yaml":
                         item_yaml("m1-02", status="done", done_on="2023-12-01",
                                   evidence="[文号]")})
    r = Repo(root)
    r.commit("meeting and items", ZHANG, "2023-07-01")
    r.write("items/m1/m1-01.yaml", ITEM.replace("status: planned", "status: in_progress")
            + "updates:\n  - date: 2024-01-10\n    note: 已召开专题会议\n")
    r.commit("m1-01 started", LI, "2024-01-10")
    r.write("items/m1/m1-01.yaml", ITEM.replace("status: planned", "status: in_progress")
            .replace("due: 2024-06-30", "due: 2024-09-30")
            + "updates:\n  - date: 2024-01-10\n    note: 已召开专题会议\n"
            "  - date: 2024-02-01\n    note: 需与修法进程衔接\n")
    r.commit("m1-01 due moved", ZHANG, "2024-02-01")
    return r


def test_history_in_words(run: RunCli, repo: Repo) -> None:
    result = run("history", "m1-01", "--repo", str(repo.root), "--today", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "m1-01  统一量刑建议审查标准",
        "2023-07-01  " + repo.git("rev-list", "--reverse", "HEAD").split()[0][:9]
        + "  张三 <zhang@court.example.cn>  meeting and items",
        "    · 新建事项：统一量刑建议审查标准",
        "2024-01-10  " + repo.git("rev-parse", "HEAD~1")[:9]
        + "  李四 <li@spp.example.cn>  m1-01 started",
        "    · 状态：未启动 → 推进中",
        "    · 新增进展 2024-01-10：已召开专题会议",
        "2024-02-01  " + repo.git("rev-parse", "HEAD")[:9]
        + "  张三 <zhang@court.example.cn>  m1-01 due moved",
        "    · 完成时限：2024-06-30 → 2024-09-30（理由：需与修法进程衔接）",  # the reason once
    ]


def test_history_follows_renames_and_gives_json(run: RunCli, repo: Repo) -> None:
    repo.git("mv", "items/m1/m1-01.yaml", "items/m1/m1-09.yaml")
    repo.write("items/m1/m1-09.yaml",
               (repo.root / "items/m1/m1-09.yaml").read_text().replace("id: m1-01", "id: m1-09"))
    repo.commit("renumber", LI, "2024-02-10")
    result = run("history", "m1-09", "--repo", str(repo.root), "--format", "json")
    payload = json.loads(result.stdout)
    assert [c["author"] for c in payload["commits"]] == ["张三", "李四", "张三", "李四"]
    assert payload["commits"][-1]["events"][0] == {
        "kind": "renamed", "before": "items/m1/m1-01.yaml", "after": "items/m1/m1-09.yaml",
        "detail": ""}
    assert payload["commits"][2]["events"][0] == {
        "kind": "due", "before": "2024-06-30", "after": "2024-09-30",
        "detail": "需与修法进程衔接"}
    assert payload["shallow"] is False


def test_log_groups_a_period_by_item(run: RunCli, repo: Repo) -> None:
    result = run("log", "--since", "2024-01-01", "--until", "2024-01-31", "--repo",
                 str(repo.root), "--format", "json")
    payload = json.loads(result.stdout)
    assert list(payload["items"]) == ["m1-01"]
    assert [s["subject"] for s in payload["items"]["m1-01"]] == ["m1-01 started"]
    result = run("log", "--since", "2023-01-01", "--until", "2024-12-31", "--repo",
                 str(repo.root))
    lines = result.stdout.splitlines()
    assert "m1-01  (3 次修改)" in lines and "m1-02  (1 次修改)" in lines
    result = run("log", "--since", "2025-01-01", "--until", "2025-01-31", "--repo",
                 str(repo.root), "--lang", "en")
    assert result.stdout == "No changes to the ledger from 2025-01-01 to 2025-01-31.\n"


def test_history_says_when_a_clone_is_shallow(run: RunCli, repo: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True)
    result = run("history", "m1-01", "--repo", str(clone), "--lang", "en")
    assert result.exit_code == 0
    assert "shallow clone" in result.stdout.splitlines()[1]


def test_check_passes_a_good_branch(run: RunCli, repo: Repo) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write("items/m1/m1-03.yaml", item_yaml("m1-03"))
    text = (repo.root / "items/m1/m1-01.yaml").read_text()
    repo.write("items/m1/m1-01.yaml", text.replace("status: in_progress", "status: done")
               + "  - date: 2024-02-20\n    note: 已印发\ndone_on: 2024-02-20\nevidence: [文号]\n")
    repo.commit("good change", LI, "2024-02-20")
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout == "检查通过：台账有效，变更符合规则。\n"


def test_check_names_every_broken_rule(run: RunCli, repo: Repo) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    (repo.root / "items/m1/m1-02.yaml").unlink()  # deleted
    repo.write("items/m1/m1-01.yaml", ITEM.replace("status: planned", "status: in_progress")
               .replace("due: 2024-06-30", "due: 2024-12-31")  # moved without a new update
               + "updates:\n  - date: 2024-01-10\n    note: 改写了旧记录\n")  # edited, removed
    repo.write("items/m1/m1-04.yaml", item_yaml("m1-04") +
               "updates:\n  - date: 2023-01-01\n    note: 早于会议\n"
               "  - date: 2024-05-01\n    note: 未来\n")
    repo.commit("bad change", LI, "2024-02-20")
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "text", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "items/m1/m1-01.yaml:5:6: due: the deadline moved from 2024-09-30 to 2024-12-31 "
        "without a record of the move in this change; use huishang update m1-01 --due "
        "2024-12-31 --reason WHY",
        "items/m1/m1-01.yaml:8:3: updates: 1 past progress updates were removed: updates are "
        "append-only",
        "items/m1/m1-01.yaml:8:5: updates[0]: a past progress update was edited: updates are "
        "append-only",
        "items/m1/m1-02.yaml: an item file was deleted: items are never deleted; set status: "
        "cancelled with a reason",
        "items/m1/m1-04.yaml:8:11: updates[0].date: the update is dated 2023-01-01, before the "
        "meeting on 2023-06-12",
        "items/m1/m1-04.yaml:10:11: updates[1].date: the update is dated 2024-05-01, after "
        "today 2024-03-01",
        "Found 6 errors and 0 warnings in 3 files.",
    ]


def test_check_refuses_a_rename_and_a_silent_reopening(run: RunCli, repo: Repo) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("mv", "items/m1/m1-01.yaml", "items/m1/m1-09.yaml")
    repo.write("items/m1/m1-09.yaml",
               (repo.root / "items/m1/m1-09.yaml").read_text().replace("id: m1-01", "id: m1-09"))
    repo.write("items/m1/m1-02.yaml", item_yaml("m1-02", evidence="[文号]"))
    repo.commit("sneaky", LI, "2024-02-20")
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "json")
    rules = [(p["path"], p["rule"]) for p in json.loads(result.stdout)["problems"]]
    assert rules == [("items/m1/m1-02.yaml", "check.reopen_no_reason"),
                     ("items/m1/m1-09.yaml", "check.renamed")]


def test_check_reports_non_maintainers(run: RunCli, repo: Repo) -> None:
    repo.write("units.yaml", "units:\n  - {name: 最高人民法院, maintainers: "
               "[zhang@court.example.cn]}\n  - {name: 最高人民检察院}\n")
    repo.write("huishang.yaml", "ownership: error\n")
    repo.commit("registry", ZHANG, "2024-02-02")
    base = repo.git("rev-parse", "HEAD").strip()
    text = (repo.root / "items/m1/m1-01.yaml").read_text()
    repo.write("items/m1/m1-01.yaml", text + "  - date: 2024-02-03\n    note: 张三的进展\n")
    repo.commit("by the maintainer", ZHANG, "2024-02-03")
    text = (repo.root / "items/m1/m1-01.yaml").read_text()
    repo.write("items/m1/m1-01.yaml", text + "  - date: 2024-02-04\n    note: 李四的进展\n")
    repo.commit("by someone else", LI, "2024-02-04")
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["rule"], p["severity"]) for p in problems] == [("check.not_maintainer", "error")]
    assert "li@spp.example.cn" in problems[0]["message"]
    assert "最高人民法院" in problems[0]["message"]


def test_check_with_an_unknown_base_is_a_usage_error(run: RunCli, repo: Repo) -> None:
    result = run("check", "--base", "no-such-branch", "--repo", str(repo.root))
    assert result.exit_code == 2
    assert "no-such-branch" in result.stderr
    result = run("check", "--base", "--output=/tmp/x", "--repo", str(repo.root))
    assert result.exit_code == 2


def test_github_annotations_are_escaped(run: RunCli, write_ledger: WriteLedger,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # a hostile value that is echoed in its error message
    hostile = '"x%0A::error::fake\\n::warning file=x::injected"'
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status=hostile),
                         "items/m1/m1,x:1.yml": "id: x\n"})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("validate", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # the full text report follows the annotations, with command processing stopped around
    # it under a token nobody can guess (a new one on every run)
    stop = lines.index(next(line for line in lines if line.startswith("::stop-commands::")))
    token = lines[stop].removeprefix("::stop-commands::")
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    assert lines[-1] == f"::{token}::"
    again = run("validate", "--repo", str(root), "--lang", "en").stdout
    assert token not in again
    annotations = lines[:stop]
    assert annotations == [
        "::error file=items/m1/m1%2Cx%3A1.yml,line=1,col=1,title=file.bad_suffix::"
        "the file name must end in .yaml (rename it to m1,x:1.yaml)",
        "::error file=items/m1/m1-01.yaml,line=6,col=9,title=value.choice::status: "
        "'x%250A::error::fake\\n::warning file=x::injected' is not allowed; expected one of: "
        "planned, in_progress, blocked, done, cancelled",
    ]
    assert lines[stop + 1].startswith("items/m1/m1,x:1.yml:1:1:")
    assert lines[-2] == "Found 2 errors and 0 warnings in 2 files."
    assert not any(line.startswith("::warning") for line in lines)


def test_annotation_escaping_is_exact() -> None:
    from huishang.ledger.problems import problem
    from huishang.output.problem_formats import problems_github

    p = problem("items/a,b:c.yaml", (3, 7), "title", "yaml.empty")
    text = problems_github([p], "en")
    assert text.startswith("::error file=items/a%2Cb%3Ac.yaml,line=3,col=7,title=yaml.empty::title: ")
    from huishang.output.escape import github_data

    assert github_data("50%\r\n::error::x") == "50%25%0D%0A::error::x"


def test_check_refuses_an_id_changed_inside_the_file(run: RunCli, repo: Repo) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    text = (repo.root / "items/m1/m1-02.yaml").read_text()
    repo.write("items/m1/m1-02.yaml", text.replace("id: m1-02", "id: m1-22"))
    repo.commit("new id, same file", LI, "2024-02-20")
    result = run("check", "--base", base, "--repo", str(repo.root), "--today", "2024-03-01",
                 "--format", "json")
    rules = [(p["path"], p["rule"]) for p in json.loads(result.stdout)["problems"]]
    # the process rule (ids never change) and validate's rule (id equals the file name)
    assert rules == [("items/m1/m1-02.yaml", "check.id_changed"),
                     ("items/m1/m1-02.yaml", "id.file_mismatch")]


def test_shipped_integrations_match_what_init_writes() -> None:
    from huishang.edit.ci import integration_files

    root = Path(__file__).parent.parent
    for rel, text in integration_files().items():
        assert (root / rel).read_text(encoding="utf-8") == text, rel


def test_pre_commit_hook_checks_the_whole_ledger() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert hooks == [{
        "id": "huishang-validate", "name": "huishang validate",
        "description": "Check every file of the ledger and the rules between files.",
        "entry": "huishang validate", "language": "python", "pass_filenames": False,
        "files": "^(items/|units\\.yaml$|huishang\\.yaml$)",
    }]


def test_update_changes_compare_position_by_position() -> None:
    from huishang.git.updates import compare_updates

    same = compare_updates(["a", "b"], ["a", "b", "c"])
    assert (same.edited, same.removed, same.added, same.first_added) == ([], [], ["c"], 2)
    edited = compare_updates(["a", "b", "c"], ["a", "x"])
    assert (edited.edited, edited.removed, edited.added) == ([1], ["c"], [])
