"""The command line through Typer's runner: exit codes and exact output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import RunCli, WriteLedger, item_yaml

from huishang import __version__


def test_version(run: RunCli) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"huishang {__version__}\n"


def test_python_dash_m_runs(write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    done = subprocess.run([sys.executable, "-m", "huishang", "validate", "--lang", "en"],
                          cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "The ledger is valid: 1 meetings, 1 items, no problems.\n"


def test_validate_clean_ledger(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    result = run("validate", "--repo", str(root))
    assert result.exit_code == 0
    assert result.stdout == "台账有效：1 个会议，1 个事项，未发现问题。\n"


def test_validate_finds_the_ledger_by_walking_up(write_ledger: WriteLedger,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 run: RunCli) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(status="no")})
    monkeypatch.chdir(root / "items" / "m1")
    result = run("validate", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "items/m1/m1-01.yaml:6:9: status: 'no' is not allowed; expected one of: "
        "planned, in_progress, blocked, done, cancelled")


def test_validate_json_is_stable(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(due="2023-02-30")})
    result = run("validate", "--repo", str(root), "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "version": 1, "ok": False, "meetings": 1, "items": 0,
        "problems": [{
            "path": "items/m1/m1-01.yaml", "line": 5, "column": 6, "field": "due",
            "rule": "date.invalid", "severity": "error",
            "message": "'2023-02-30' is not a valid date; expected a real date as YYYY-MM-DD, "
                       "e.g. 2023-06-12",
        }],
    }


def test_validate_paths_narrow_the_report(run: RunCli, write_ledger: WriteLedger,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(status="no"),
        "items/m2/meeting.yaml": "id: m2\n",
    })
    monkeypatch.chdir(root)
    result = run("validate", "items/m1/m1-01.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == [
        "items/m1/m1-01.yaml"]
    result = run("validate", "items/m1")
    assert result.exit_code == 1
    assert "items/m2" not in result.stdout
    result = run("validate", "items/m2", "--lang", "en")
    assert result.stdout.startswith("items/m2/meeting.yaml:1:1: date: required field is missing")


def test_validate_paths_missing_or_outside(run: RunCli, write_ledger: WriteLedger,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    monkeypatch.chdir(root)
    result = run("validate", "items/nope.yaml", "../elsewhere.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "../elsewhere.yaml: is outside the ledger repository and is not read",
        "items/nope.yaml: no such path",
    ]


def test_no_ledger_found_is_a_usage_error(run: RunCli, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert "找不到台账" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("bad", ["2024-13-01", "2024年2月30日", "20240101", "tomorrow"])
def test_bad_today_is_a_usage_error(run: RunCli, write_ledger: WriteLedger, bad: str) -> None:
    root = write_ledger({})
    result = run("list", "--repo", str(root), "--today", bad)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_unknown_format_is_a_usage_error(run: RunCli, write_ledger: WriteLedger) -> None:
    result = run("validate", "--repo", str(write_ledger({})), "--format", "xml")
    assert result.exit_code == 2


def _overdue_ids(run: RunCli, root: Path, today: str) -> list[str]:
    result = run("list", "--overdue", "--repo", str(root), "--today", today, "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)["items"]]


def test_overdue_at_the_day_boundary(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml("m1-01", due="2024-03-10"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", due="2024-03-09"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", due="2024-01-01", status="cancelled"),
        "items/m1/m1-04.yaml": item_yaml("m1-04", due="2024-01-01", status="done",
                                         done_on="2024-01-01", evidence="[文号]"),
        "items/m1/m1-05.yaml": item_yaml("m1-05", due=None),
        "items/m1/m1-06.yaml": item_yaml("m1-06", due="2024-02-01", status="blocked"),
    })
    assert _overdue_ids(run, root, "2024-03-09") == ["m1-06"]
    assert _overdue_ids(run, root, "2024-03-10") == ["m1-06", "m1-02"]
    assert _overdue_ids(run, root, "2024-03-11") == ["m1-06", "m1-02", "m1-01"]


def test_list_overdue_json_record(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(
        partners="[最高人民检察院]", owner="{division: 刑一庭, person: 张三}")})
    result = run("list", "--overdue", "--repo", str(root), "--today", "2024-01-05",
                 "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["version"] == 1 and payload["today"] == "2024-01-05"
    assert payload["items"] == [{
        "id": "m1-01", "meeting": "m1", "aspect": "A1", "title": "统一量刑建议审查标准",
        "lead": "最高人民法院", "leads": ["最高人民法院"], "partners": ["最高人民检察院"],
        "owner": {"division": "刑一庭", "person": "张三"}, "due": "2023-12-31",
        "status": "in_progress", "escalated": False, "overdue": True, "overdue_days": 5,
        "days_left": -5, "warning": "red", "warning_reason": "overdue_stale",
        "last_update": None, "path": "items/m1/m1-01.yaml",
    }]


def test_list_overdue_table_exact(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(owner="{division: 刑一庭, person: 张三}"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", due="2024-02-01",
                                         lead="最高人民检察院"),
    })
    result = run("list", "--overdue", "--repo", str(root), "--today", "2024-01-05")
    assert result.exit_code == 0
    assert result.stdout == (
        "逾期事项（截至 2024-01-05）\n"
        "\n"
        " 事项编号   会商事项               牵头单位       责任人        完成时限     落实状态   逾期/剩余   预警\n"
        " " + "─" * 103 + "\n"
        " m1-01      统一量刑建议审查标准   最高人民法院   刑一庭 张三   2023-12-31   推进中     逾期 5 天   红\n"
        "\n"
        "共 1 项\n"
    )


def test_list_in_english_and_empty(run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    result = run("list", "--overdue", "--repo", str(root), "--today", "2023-12-31",
                 "--lang", "en")
    assert result.stdout == "No overdue items as of 2023-12-31.\n"


def test_list_warns_on_stderr_when_files_are_left_out(run: RunCli,
                                                      write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "items/m1/m1-02.yaml": item_yaml("m1-02", status="no")})
    result = run("list", "--overdue", "--repo", str(root), "--today", "2024-01-05",
                 "--lang", "en")
    assert result.exit_code == 0
    assert "m1-01" in result.stdout
    assert result.stderr.startswith("Note: the ledger has 1 problems")


def test_no_colour_codes_in_a_pipe(write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["FORCE_COLOR"] = ""
    done = subprocess.run([sys.executable, "-m", "huishang", "list", "--overdue",
                           "--today", "2024-01-05"], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "m1-01" in done.stdout
    assert "\x1b[" not in done.stdout


COMMANDS = ["validate", "list", "show", "progress", "warnings", "schema", "init", "update", "correct",
            "new meeting", "new item", "new aspect", "history", "log", "check", "bulletin", "export",
            "site", "import", "review", "notice", "sync", "doctor", "score", "remind",
            "unit add", "unit edit", "unit list"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run: RunCli, command: str) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert f"huishang {command}" in result.stdout
    assert "<function>" not in result.stdout  # a parser's name is no placeholder


def test_the_command_list_covers_every_command() -> None:
    from huishang.cli import load

    app = load()

    def names(typer_app: typer.Typer, prefix: str = "") -> set[str]:
        found = {prefix + (c.name or c.callback.__name__) for c in typer_app.registered_commands
                 if c.callback is not None}
        for group in typer_app.registered_groups:
            assert group.typer_instance is not None
            found |= names(group.typer_instance, f"{prefix}{group.name} ")
        return found

    assert names(app) == set(COMMANDS)


def test_a_run_loads_the_module_of_its_command() -> None:
    """`huishang X` imports only X's module: the map from commands to modules must hold."""
    from huishang.cli import COMMANDS as MODULES

    assert set(MODULES) == {c.split()[0] for c in COMMANDS}
    script = ("import sys, typer.main; from huishang.cli import load; "
              "print(' '.join(sorted(typer.main.get_command(load(sys.argv[1])).commands)))")
    for module in set(MODULES.values()):
        mine = sorted(c for c, m in MODULES.items() if m == module)
        done = subprocess.run([sys.executable, "-c", script, mine[0]], capture_output=True,
                              text=True, check=True)
        assert done.stdout.split() == mine


def test_a_bug_exits_3_without_a_traceback(run: RunCli, write_ledger: WriteLedger,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import huishang.ledger.load

    def broken(root: Path, **_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(huishang.ledger.load, "load_ledger", broken)
    result = run("validate", "--repo", str(write_ledger({})))
    assert result.exit_code == 3
    assert result.stderr.startswith("huishang: 内部错误：RuntimeError: boom\n")
    assert "Traceback" not in result.output
    result = run("validate", "--repo", str(write_ledger({})), "--lang", "en")
    assert result.stderr.startswith("huishang: internal error: RuntimeError: boom\n")


def test_help_keeps_angle_bracket_placeholders(run: RunCli) -> None:
    """Help is Markdown: a bare <date> is taken for an HTML tag and vanishes."""
    result = run("new", "meeting", "--help")
    assert "items/<date>-<slug>/meeting.yaml" in result.stdout
    assert "-/meeting.yaml" not in result.stdout


def _english(args: list[str]) -> list[str]:
    """--lang en before the last option, so that a missing value stays missing."""
    at = 1 if len(args) == 1 else len(args) - (1 if args[-1].startswith("--") else 0)
    return [*args[:at], "--lang", "en", *args[at:]]


USAGE_MISTAKES = [
    (["show"], "缺少参数 ID", "missing argument ID"),
    (["show", "a", "b"], "多余的参数：b", "unexpected extra arguments: b"),
    (["list", "--bogus"], "没有选项 --bogus", "no such option: --bogus"),
    (["lst"], "没有命令 'lst'（是否要用：'list'）", "no such command 'lst' (did you mean 'list'?)"),
    (["list", "--format", "xx"], "--format 的值无效：'xx' 不是可选值之一",
     "invalid value for --format: 'xx' is not one of"),
    (["new", "item", "--meeting", "m", "--title", "t", "--lead", "l", "--number", "0"],
     "--number 的值无效：0 不在允许范围", "invalid value for --number: 0 is not in the range"),
    (["list", "--due-within"], "选项 '--due-within' 需要一个值",
     "option '--due-within' needs a value"),
]


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_MISTAKES,
                         ids=[" ".join(a) for a, _, _ in USAGE_MISTAKES])
def test_usage_errors_speak_the_run_language(run: RunCli, args: list[str], zh: str,
                                             en: str) -> None:
    chinese = run(*args)
    assert chinese.exit_code == 2
    assert zh in chinese.stderr and "用法错误" in chinese.stderr
    english = run(*_english(args))
    assert english.exit_code == 2
    assert en in english.stderr, english.stderr


@pytest.mark.parametrize("command", [["list"], ["warnings"], ["progress"], ["show", "m1-01"]])
def test_force_color_colours_a_pipe_and_an_empty_no_color_is_unset(
        write_ledger: WriteLedger, command: list[str]) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}

    def coloured(**env: str) -> bool:
        done = subprocess.run([sys.executable, "-m", "huishang", *command, "--today",
                               "2024-01-05"], cwd=root, env={**base, **env},
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return "\x1b[" in done.stdout

    assert coloured(FORCE_COLOR="1")
    assert coloured(FORCE_COLOR="1", NO_COLOR="")  # set but empty: as if unset
    assert not coloured(FORCE_COLOR="1", NO_COLOR="1")
    assert not coloured()


def _complete(words: str) -> list[str]:
    env = {**os.environ, "_HUISHANG_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    done = subprocess.run([sys.executable, "-c", "from huishang.cli import main; main()"],
                          env=env, capture_output=True, text=True, check=False)
    return done.stdout.split()


def test_shell_completion_offers_commands_options_and_choices() -> None:
    assert _complete("huishang li") == ["list"]
    assert _complete("huishang new ") == ["meeting", "item", "aspect"]
    assert "in_progress" in _complete("huishang list --status ")
    shown = subprocess.run([sys.executable, "-m", "huishang", "--show-completion", "bash"],
                           capture_output=True, text=True, check=False)
    assert shown.returncode == 0 and "_HUISHANG_COMPLETE" in shown.stdout
