"""The offline bundle: every wheel the target platform needs, installed with no network."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from conftest import MEETING, item_yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "packaging" / "offline-bundle"


def _script() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("offline_bundle", str(SCRIPT))
    spec = importlib.util.spec_from_loader("offline_bundle", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _wheel(folder: Path, name: str, version: str, requires: list[str]) -> None:
    """A wheel that holds only its METADATA: enough for the resolver to read."""
    dist = f"{name}-{version}"
    with zipfile.ZipFile(folder / f"{dist}-py3-none-any.whl", "w") as zf:
        zf.writestr(f"{dist}.dist-info/METADATA", "Metadata-Version: 2.1\n"
                    f"Name: {name}\nVersion: {version}\n"
                    + "".join(f"Requires-Dist: {r}\n" for r in requires))


@pytest.mark.parametrize("platform, wanted", [
    ("win_amd64", ["colorama", "shellingham"]),
    ("manylinux2014_x86_64", ["shellingham", "uvloop"]),
    ("manylinux2014_aarch64", ["shellingham"]),
])
def test_requirements_are_read_for_the_target_not_this_machine(
        tmp_path: Path, platform: str, wanted: list[str]) -> None:
    bundle = _script()
    _wheel(tmp_path, "typer", "0.28.0", [
        "shellingham>=1.3.0", 'colorama; platform_system == "Windows"',
        'uvloop; sys_platform == "linux" and platform_machine == "x86_64"',
        'rich>=13; python_version < "3.8"', 'pytest; extra == "test"'])
    found = bundle.missing(tmp_path, bundle.target_environment(platform, "3.11"))
    assert sorted(r.name for r in found) == wanted
    _wheel(tmp_path, "shellingham", "1.5.4", [])
    found = bundle.missing(tmp_path, bundle.target_environment(platform, "3.11"))
    assert "shellingham" not in [r.name for r in found]


def test_an_unknown_platform_is_refused() -> None:
    with pytest.raises(SystemExit, match="unknown platform linux_x86"):
        _script().target_environment("linux_x86", "3.11")


def _index_reachable() -> str | None:
    """Why the package index cannot be reached, or None when it can."""
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    try:
        with urllib.request.urlopen(f"{index}/pip/", timeout=15):
            return None
    except OSError as exc:
        return f"the package index {index} is unreachable ({exc}); the bundle is built from it"


def _no_network(tmp_path: Path) -> list[str]:
    """The command prefix that runs a program with no network: unshare -n (as root), else
    in a user namespace of its own."""
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        if subprocess.run([*prefix, "true"], capture_output=True, check=False).returncode == 0:
            return prefix
    pytest.fail("unshare -n is not permitted here: the bundle cannot be tried without network")


def test_a_failing_pip_is_a_message_and_leaves_no_zip(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_NO_INDEX"] = "1"  # huishang's build backend cannot be installed
    out = tmp_path / "dist"
    built = subprocess.run([sys.executable, str(SCRIPT), "--platform", "manylinux2014_x86_64",
                            "--python", "3.11", "-o", str(out)], capture_output=True,
                           text=True, check=False, timeout=600, env=env)
    assert built.returncode == 1
    assert "offline-bundle: pip wheel failed" in built.stderr
    assert "Traceback" not in built.stderr.split("offline-bundle:")[-1]
    assert not out.exists() or not any(out.iterdir())


def test_the_linux_bundle_installs_and_runs_with_no_network(tmp_path: Path) -> None:
    why = _index_reachable()
    if why is not None and os.environ.get("HUISHANG_REQUIRE_INDEX") == "1":  # set by .ci/run
        pytest.fail(f"{why} (HUISHANG_REQUIRE_INDEX=1)")
    if why is not None:
        pytest.skip(why)
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    built = subprocess.run([sys.executable, str(SCRIPT), "--platform", "manylinux2014_x86_64",
                            "--python", python, "-o", str(tmp_path / "dist")],
                           capture_output=True, text=True, check=False, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    from huishang import __version__

    name = f"huishang-offline-{__version__}-manylinux2014_x86_64"
    archive = tmp_path / "dist" / f"{name}.zip"
    assert built.stdout.strip() == str(archive)
    assert list((tmp_path / "dist").iterdir()) == [archive]  # no .part left beside it
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "unpacked")
    assert {f"{name}/install.sh", f"{name}/install.bat", f"{name}/安装说明.txt",
            f"{name}/wheels/huishang-{__version__}-py3-none-any.whl"} <= set(names)
    assert any("/wheels/pydantic_core-" in n and "manylinux" in n for n in names)
    assert not any("colorama" in n for n in names)  # Windows only
    folder = tmp_path / "unpacked" / name
    (folder / "install.sh").chmod(0o755)  # zipfile does not restore modes
    guide = (folder / "安装说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide  # Notepad reads it
    assert f"Python {python}（64 位）" in guide.decode("utf-8-sig")
    batch = (folder / "install.bat").read_bytes()
    assert b"\r\n" in batch and b"\n" not in batch.replace(b"\r\n", b"")
    assert f'"huishang=={__version__}"'.encode() in batch

    offline = _no_network(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {"PYTHON": sys.executable,
            "HUISHANG_CACHE_DIR": str(tmp_path / "cache")}
    target = tmp_path / "已安装"
    installed = subprocess.run([*offline, "sh", str(folder / "install.sh"), str(target)],
                               capture_output=True, text=True, check=False, env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"{target}/bin/huishang list --overdue" in installed.stdout

    ledger = tmp_path / "ledger"
    (ledger / "items/m1").mkdir(parents=True)
    (ledger / "items/m1/meeting.yaml").write_text(MEETING, encoding="utf-8")
    (ledger / "items/m1/m1-01.yaml").write_text(item_yaml(), encoding="utf-8")
    (ledger / "items/m1/m1-02.yaml").write_text(item_yaml("m1-02", due="2025-01-01"),
                                                encoding="utf-8")
    listed = subprocess.run([*offline, str(target / "bin" / "huishang"), "list", "--overdue",
                             "--format", "csv", "--columns", "id,overdue_days",
                             "--repo", str(ledger), "--today", "2024-03-01"],
                            capture_output=True, text=True, check=False, env=env, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.lstrip("\ufeff").splitlines()[1:] == ["m1-01,61"]
