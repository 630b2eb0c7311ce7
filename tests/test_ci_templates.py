"""The CI templates: valid for their forge, time-limited, and installing only what the office pins."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from huishang.edit.ci import FORGES, ci_text, integration_files

ROOT = Path(__file__).resolve().parent.parent
# check-jsonschema's own copies of the forges' schemas: no download
SCHEMAS = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci",
           "gitea": "vendor.github-workflows"}  # Gitea Actions reads GitHub's syntax


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           str(path)], capture_output=True, text=True, check=False, timeout=60)


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_every_template_is_valid_for_its_forge(forge: str, tmp_path: Path) -> None:
    path = tmp_path / f"{forge}.yml"
    path.write_text(ci_text(forge, "main"), encoding="utf-8")
    done = _check_jsonschema(SCHEMAS[forge], path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(ci_text("github", "main").replace("contents: read", "contents: readd"),
                    encoding="utf-8")
    assert _check_jsonschema(SCHEMAS["github"], path).returncode == 1


def test_the_shipped_templates_are_the_ones_init_writes() -> None:
    for rel, text in integration_files().items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, rel
    assert sorted(p.parent.name for p in (ROOT / "integrations").glob("*/*")) == sorted(FORGES)


def _jobs(forge: str) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(ci_text(forge, "main"))
    return {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v} \
        if forge == "gitlab" else data["jobs"]


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_every_job_has_a_time_limit_and_an_image_or_runner_the_office_names(forge: str) -> None:
    for name, job in _jobs(forge).items():
        if forge == "gitlab":
            assert job["timeout"] == "15 minutes", name
            assert job["image"] == "$HUISHANG_IMAGE", name
        else:
            assert job["timeout-minutes"] == 15, name
            where = job["container"]["image"] if forge == "gitea" else job["runs-on"]
            assert re.fullmatch(r"\$\{\{ vars\.HUISHANG_\w+ \|\| '[^']+' \}\}", where), name


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_actions_templates_ask_only_to_read(forge: str) -> None:
    data = yaml.safe_load(ci_text(forge, "main"))
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())


# --- what the install step does -------------------------------------------------------------

SHA = "0123456789abcdef0123456789abcdef01234567"


def _install_script(forge: str) -> str:
    data = yaml.safe_load(ci_text(forge, "main"))
    if forge == "gitlab":
        return data["huishang"]["script"][0]
    steps = data["jobs"]["ledger"]["steps"]
    return next(s["run"] for s in steps if s.get("name") == "install huishang")


def _run_install(forge: str, tmp_path: Path, wheels: tuple[str, ...] = (),
                 **env: str) -> tuple[int, str, str]:
    """Run a template's install step with a `pip` that only records what it was asked."""
    work = tmp_path / "ledger"
    (work / ".huishang/wheels").mkdir(parents=True, exist_ok=True)
    for name in wheels:
        (work / ".huishang/wheels" / name).write_bytes(b"")
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "pip").write_text('#!/bin/sh\necho "pip $*" >> "$PIP_LOG"\n')
    (fake / "pip").chmod(0o755)
    log = tmp_path / "pip.log"
    log.write_text("")
    clean = {k: v for k, v in os.environ.items() if k not in ("HUISHANG_PACKAGE", "PIP_INDEX_URL")}
    shell = ["bash", "-e", "-o", "pipefail", "-c"] if forge == "gitlab" else ["sh", "-e", "-c"]
    done = subprocess.run([*shell, _install_script(forge)], cwd=work, capture_output=True,
                          text=True, check=False, env={
                              **clean, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
                              "PIP_LOG": str(log), **env})
    return done.returncode, log.read_text(), done.stderr


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_nothing_pinned_fails_saying_how_to_pin(forge: str, tmp_path: Path) -> None:
    code, pip, err = _run_install(forge, tmp_path)
    assert (code, pip) == (1, "")
    assert ".huishang/wheels/" in err and "HUISHANG_PACKAGE=huishang==" in err
    assert "未指定 huishang 的安装来源" in err


@pytest.mark.parametrize("package, index", [
    ("huishang", "https://pypi.example.cn/simple"),   # a bare name, whatever the index
    ("huishang>=0.9", "https://pypi.example.cn/simple"),  # a range is no pin
    ("huishang==0.9.0", ""),                           # a pin, but on the public index
    ("git+https://git.example.cn/tools/huishang.git@main", ""),  # a branch moves
    (f"git+https://git.example.cn/tools/huishang.git@{SHA[:12]}", ""),  # a short id may clash
    (f"huishang==0.9.0; pip install evil @{SHA}", "https://pypi.example.cn/simple"),
])
def test_a_package_that_is_not_pinned_is_refused(package: str, index: str,
                                                 tmp_path: Path) -> None:
    code, pip, _ = _run_install("github", tmp_path, HUISHANG_PACKAGE=package, PIP_INDEX_URL=index)
    assert (code, pip) == (1, "")


@pytest.mark.parametrize("forge", sorted(FORGES))
@pytest.mark.parametrize("package, index", [
    ("huishang==0.9.0", "https://pypi.example.cn/simple"),
    (f"git+https://git.example.cn/tools/huishang.git@{SHA}", ""),
])
def test_a_pinned_package_is_installed(forge: str, package: str, index: str,
                                       tmp_path: Path) -> None:
    code, pip, err = _run_install(forge, tmp_path, HUISHANG_PACKAGE=package, PIP_INDEX_URL=index)
    assert (code, pip, err) == (0, f"pip install {package}\n", "")


@pytest.mark.parametrize("forge", sorted(FORGES))
def test_a_wheel_kept_in_the_ledger_comes_first(forge: str, tmp_path: Path) -> None:
    wheel = "huishang-0.9.0-py3-none-any.whl"
    code, pip, _ = _run_install(forge, tmp_path, (wheel, "typer-0.28.0-py3-none-any.whl"),
                                HUISHANG_PACKAGE="huishang==0.8.0", PIP_INDEX_URL="")
    assert (code, pip) == (0, f"pip install --find-links .huishang/wheels "
                              f".huishang/wheels/{wheel}\n")


def test_two_wheels_of_huishang_are_refused(tmp_path: Path) -> None:
    code, pip, err = _run_install("github", tmp_path, ("huishang-0.9.0-py3-none-any.whl",
                                                       "huishang-0.10.0-py3-none-any.whl"))
    assert (code, pip) == (1, "")
    assert "keep one huishang wheel" in err


# --- no bare names anywhere in CI -----------------------------------------------------------

PINNED_GIT = re.compile(r"git\+\S+@[0-9a-f]{40}")
# options of `pip install` whose value follows them
WITH_VALUE = {"-r", "--requirement", "-c", "--constraint", "-f", "--find-links", "-i",
              "--index-url", "--extra-index-url", "-e", "--editable", "-t", "--target",
              "--platform", "--python-version", "--only-binary", "--no-binary"}
CHECKED_VARIABLES = {"$wheel", "$HUISHANG_PACKAGE"}  # the templates check these before use


def unpinned(text: str) -> list[str]:
    """Every requirement that a `pip install` in `text` would fetch by a bare name."""
    joined = re.sub(r"\\\n\s*", " ", text)
    found = []
    for match in re.finditer(r"\bpip3?\s+install\b([^\n;&|#]*)", joined):
        words = shlex.split(match.group(1).replace('"', "").replace("'", ""))
        skip = False
        for word in words:
            if skip:
                skip = False
                continue
            if word.startswith("-"):
                skip = word in WITH_VALUE
                continue
            ok = (word.startswith((".", "/")) or word in CHECKED_VARIABLES
                  or word.endswith(".whl") or bool(PINNED_GIT.fullmatch(word))
                  or bool(re.fullmatch(r"[A-Za-z0-9._\[\],-]+==[^\s,;]+", word)))
            if not ok:
                found.append(word)
    return found


def test_the_check_finds_the_old_default_name() -> None:
    assert unpinned('- run: pip install "${HUISHANG_PACKAGE:-huishang}"') == [
        "${HUISHANG_PACKAGE:-huishang}"]
    assert unpinned("python -m pip install -q --upgrade pip") == ["pip"]
    assert unpinned("pip install -q -e '.[dev]' && pip install huishang==1.0") == []


def _ci_files() -> list[Path]:
    places = [ROOT / ".ci", ROOT / ".github", ROOT / ".gitea", ROOT / "integrations"]
    files = [p for place in places if place.is_dir() for p in place.rglob("*") if p.is_file()]
    return files + [p for p in [ROOT / ".gitlab-ci.yml"] if p.is_file()]


def test_no_ci_file_installs_a_bare_package_name() -> None:
    files = _ci_files()
    assert {ROOT / ".ci/run", ROOT / "integrations/github/huishang.yml"} <= set(files)
    found = {str(p.relative_to(ROOT)): unpinned(p.read_text(encoding="utf-8")) for p in files}
    found |= {f"init --ci {forge}": unpinned(ci_text(forge, "main")) for forge in FORGES}
    assert {where: names for where, names in found.items() if names} == {}
