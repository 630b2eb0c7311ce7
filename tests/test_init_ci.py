"""`init --ci`: the CI file of the office's forge, run on the branch `init` made."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import RunCli

from huishang.edit.ci import FORGES, ci_text


@pytest.fixture
def office_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git configuration of this test's own (the real one stays untouched); its path."""
    config = tmp_path / "office.gitconfig"
    config.write_text("[user]\n\tname = 张三\n\temail = zhang@court.example.cn\n",
                      encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


@pytest.fixture
def old_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `git` first on PATH that refuses --initial-branch, as git before 2.28 does."""
    real = shutil.which("git")
    assert real is not None
    folder = tmp_path / "old-git"
    folder.mkdir()
    wrapper = folder / "git"
    wrapper.write_text(
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --initial-branch*)\n"
        "  echo \"error: unknown option \\`$a'\" >&2; exit 129;; esac; done\n"
        f"exec {shlex.quote(real)} \"$@\"\n", encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def _branch(root: Path) -> str:
    return subprocess.run(["git", "-C", str(root), "symbolic-ref", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()


def _written_ci(root: Path) -> list[str]:
    return sorted(rel for rel in FORGES.values() if (root / rel).exists())


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_init_writes_the_ci_file_of_the_forge_asked_for(run: RunCli, tmp_path: Path,
                                                       office_git: Path, forge: str) -> None:
    target = tmp_path / "台账"
    result = run("init", str(target), "--ci", forge)
    assert result.exit_code == 0, result.output
    assert _written_ci(target) == [FORGES[forge]]
    assert (target / FORGES[forge]).read_text(encoding="utf-8") == ci_text(forge, "main")
    assert f"已创建 {FORGES[forge]}" in result.stdout
    assert "init --ci" not in result.stdout  # no hint when the file is written


def test_init_writes_no_ci_unless_asked_and_says_how(run: RunCli, tmp_path: Path,
                                                    office_git: Path) -> None:
    target = tmp_path / "台账"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert _written_ci(target) == []
    assert "未写入 CI 配置" in result.stdout
    assert f"cd {shlex.quote(str(target))} && huishang init --ci gitlab（或 github、gitea）" in result.stdout
    english = run("init", str(tmp_path / "ledger"), "--lang", "en")
    assert "no CI file written" in english.stdout


def test_init_ci_on_a_ledger_adds_only_its_ci_file(run: RunCli, tmp_path: Path,
                                                  office_git: Path) -> None:
    target = tmp_path / "台账"
    assert run("init", str(target)).exit_code == 0
    settings = (target / "huishang.yaml").read_bytes()
    added = run("init", str(target), "--ci", "gitlab")
    assert added.exit_code == 0, added.output
    assert added.stdout == "已创建 .gitlab-ci.yml\n"
    assert _written_ci(target) == [".gitlab-ci.yml"]
    assert (target / "huishang.yaml").read_bytes() == settings
    again = run("init", str(target), "--ci", "gitlab")
    assert (again.exit_code, again.stdout) == (0, "保留已有的 .gitlab-ci.yml\n")
    refused = run("init", str(target))
    assert refused.exit_code == 1 and "已有台账" in refused.stderr


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_the_branch_is_main_when_the_office_names_none(run: RunCli, tmp_path: Path,
                                                      office_git: Path, forge: str) -> None:
    target = tmp_path / "台账"
    assert run("init", str(target), "--ci", forge).exit_code == 0
    assert _branch(target) == "main"
    on = yaml.safe_load((target / FORGES[forge]).read_text(encoding="utf-8"))[True]
    assert on["push"]["branches"] == ["main"]


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_the_branch_is_the_offices_default_and_the_ci_runs_on_it(
        run: RunCli, tmp_path: Path, office_git: Path, forge: str) -> None:
    with office_git.open("a", encoding="utf-8") as config:
        config.write("[init]\n\tdefaultBranch = 主干\n")
    target = tmp_path / "台账"
    assert run("init", str(target), "--ci", forge).exit_code == 0
    assert _branch(target) == "主干"
    text = (target / FORGES[forge]).read_text(encoding="utf-8")
    assert yaml.safe_load(text)[True]["push"]["branches"] == ["主干"]
    assert text == ci_text(forge, "主干")


@pytest.mark.parametrize("default", [None, "主干"])
def test_init_works_with_a_git_older_than_2_28(run: RunCli, tmp_path: Path, office_git: Path,
                                              old_git: None, default: str | None) -> None:
    if default is not None:
        with office_git.open("a", encoding="utf-8") as config:
            config.write(f"[init]\n\tdefaultBranch = {default}\n")
    target = tmp_path / "台账"
    result = run("init", str(target), "--ci", "github")
    assert result.exit_code == 0, result.output
    assert _branch(target) == (default or "main")


def test_gitlab_runs_on_the_projects_default_branch(run: RunCli, tmp_path: Path,
                                                   office_git: Path) -> None:
    target = tmp_path / "台账"
    assert run("init", str(target), "--ci", "gitlab").exit_code == 0
    rules = yaml.safe_load((target / ".gitlab-ci.yml").read_text(encoding="utf-8"))[
        "huishang"]["rules"]
    # GitLab knows which branch is the default: the one first pushed, which init named
    assert {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"} in rules


def test_a_branch_of_a_repository_already_there_is_kept(run: RunCli, tmp_path: Path,
                                                        office_git: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(repo)], check=True)
    assert run("init", str(repo), "--ci", "github").exit_code == 0
    text = (repo / FORGES["github"]).read_text(encoding="utf-8")
    assert yaml.safe_load(text)[True]["push"]["branches"] == ["trunk"]
