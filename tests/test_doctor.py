"""`huishang doctor`: what is missing on a machine, with git, fonts and the rest hidden."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import RunCli, WriteLedger, on_a_terminal

from huishang.output.fonts import FontCheck, check_fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _tools(tmp_path: Path, *names: str) -> str:
    """A PATH holding only these programs (git left out unless named)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for name in names:
        found = shutil.which(name)
        assert found, name
        (folder / name).symlink_to(found)
    return str(folder)


@pytest.fixture
def only_dejavu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fontconfig sees one folder of Latin fonts: no Chinese font at all."""
    if not DEJAVU.is_dir() or shutil.which("fc-list") is None:
        pytest.skip("needs fontconfig and the DejaVu fonts (fonts-dejavu-core)")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{DEJAVU}</dir>"
                    "<include ignore_missing='yes'>/etc/fonts/conf.d</include>"
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
                    encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def _lines(output: str, label: str) -> list[str]:
    return [line.split(None, 1)[1] for line in output.splitlines()
            if line.startswith(label + "  ")]


def test_a_ready_machine_says_what_it_has(run: RunCli, write_ledger: WriteLedger,
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({"huishang.yaml": "lang: zh\n"})
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(tmp_path / "cache"))
    result = run("doctor", "--repo", str(root))
    assert result.exit_code == 0, result.output
    ok = _lines(result.stdout, "正常")
    assert ok[1].startswith("huishang 0.") and ok[2].startswith("git 2.")
    assert f"缓存目录 {tmp_path / 'cache'} 可写" in ok
    assert f"台账 {root}：设置和单位名录可读（0 个单位）" in ok
    assert (tmp_path / "cache").is_dir() and list((tmp_path / "cache").iterdir()) == []


def test_without_git_it_exits_1_and_says_what_to_install(
        run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _tools(tmp_path, "fc-list", "fc-match"))
    monkeypatch.chdir(tmp_path)  # no ledger here: the machine is checked all the same
    result = run("doctor")
    assert result.exit_code == 1
    assert _lines(result.stdout, "缺少") == [
        "未找到 git：修改记录、history、log、check、sync 和 init 均需要它。请安装 Git（Windows："
        "Git for Windows 2.30 或更高版本，https://git-scm.com/download/win，安装时选择将 git "
        "加入 PATH；Linux：apt install git），然后重新打开命令行窗口"]
    assert "当前目录不在台账中，未检查台账（可用 --repo 指定）" in _lines(result.stdout, "正常")
    assert result.stdout.endswith("缺少 1 项，按上面的说明安装后再运行 huishang doctor\n")
    data = json.loads(run("doctor", "--format", "json").stdout)
    assert data["ok"] is False
    assert [c["rule"] for c in data["checks"] if c["level"] == "missing"] == ["doctor.git_missing"]


def test_missing_fonts_are_a_warning_naming_the_face_used_instead(
        run: RunCli, write_ledger: WriteLedger, only_dejavu: None) -> None:
    root = write_ledger({})
    result = run("doctor", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 0, result.output
    warned = _lines(result.stdout, "warning")
    assert warned[:2] == [
        "font 方正小标宋简体 is not installed: documents show and print that text in DejaVu "
        "Sans. Install it, or name an installed font under documents.fonts in huishang.yaml",
        "font 黑体 is not installed: documents show and print that text in DejaVu Sans. "
        "Install it, or name an installed font under documents.fonts in huishang.yaml"]
    assert [w.split()[1] for w in warned] == ["方正小标宋简体", "黑体", "楷体_GB2312",
                                              "仿宋_GB2312", "宋体", "Times", ]
    assert result.stdout.endswith("ready to use; 6 warnings above\n")


def test_the_fonts_a_ledger_chooses_are_the_ones_checked(
        run: RunCli, write_ledger: WriteLedger, only_dejavu: None) -> None:
    root = write_ledger({"huishang.yaml": "documents:\n  fonts:\n    body: DejaVu Serif\n"
                                          "    table: DejaVu Serif\n"})
    data = json.loads(run("doctor", "--repo", str(root), "--format", "json").stdout)
    fonts = {c["name"]: c["level"] for c in data["checks"] if c["check"] == "fonts"}
    assert fonts["DejaVu Serif"] == "ok" and "仿宋_GB2312" not in fonts
    assert fonts["楷体_GB2312"] == "warning"


def test_windows_fonts_are_looked_for_in_the_fonts_folders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    for name in ("SIMFANG.TTF", "simsun.ttc", "simhei.ttf"):
        (windows / "Fonts" / name).write_bytes(b"")
    user = tmp_path / "AppData" / "Local"
    (user / "Microsoft/Windows/Fonts").mkdir(parents=True)
    (user / "Microsoft/Windows/Fonts/KaiTi_GB2312.ttf").write_bytes(b"")
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setenv("LOCALAPPDATA", str(user))
    assert check_fonts(["方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "Arial"],
                       windows=True) == [
        FontCheck("方正小标宋简体", False, "宋体"), FontCheck("黑体", True),
        FontCheck("楷体_GB2312", True), FontCheck("仿宋_GB2312", False, "仿宋"),
        FontCheck("Arial", False, None)]


def test_a_cache_folder_that_cannot_be_written_is_missing(
        run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("HUISHANG_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.chdir(tmp_path)
    result = run("doctor", "--lang", "en")
    assert result.exit_code == 1
    assert _lines(result.stdout, "missing") == [
        f"the cache folder {blocked / 'cache'} cannot be written (Not a directory): set the "
        "environment variable HUISHANG_CACHE_DIR to a folder you can write"]


def test_a_ledger_whose_settings_cannot_be_read_is_missing(run: RunCli,
                                                            write_ledger: WriteLedger) -> None:
    root = write_ledger({"huishang.yaml": "lang: zh\ntimezone: Mars/Base\n"})
    result = run("doctor", "--repo", str(root))
    assert result.exit_code == 1
    assert _lines(result.stdout, "缺少") == [
        f"台账 {root} 的设置或单位名录有 1 处错误（首处 huishang.yaml:2:11）：运行 huishang "
        "validate 查看"]
    missing = run("doctor", "--repo", str(root / "nowhere"))
    assert missing.exit_code == 1
    assert _lines(missing.stdout, "缺少") == [f"台账目录不存在：{root / 'nowhere'}"]


def test_rollup_sources_are_checked_on_this_machine_only(run: RunCli, write_ledger: WriteLedger,
                                                         tmp_path: Path) -> None:
    other = tmp_path / "xj"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    root = write_ledger({"huishang.yaml": (
        "rollup:\n"
        f"  - name: xj\n    url: {other}\n"
        "  - name: hlj\n    url: ../missing.bundle\n"
        "  - name: sft\n    url: https://git.example.invalid/sft/ledger.git\n")})
    result = run("doctor", "--repo", str(root), "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"ok       roll-up source xj: {other} is readable, not synced yet" in lines
    assert ("warning  roll-up source hlj: ../missing.bundle is missing or unreadable; "
            "huishang sync cannot update it") in lines
    assert ("ok       roll-up source sft: https://git.example.invalid/sft/ledger.git (a network "
            "address, not contacted), not synced yet") in lines


def test_a_console_that_cannot_show_chinese_is_a_warning(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "HUISHANG_CACHE_DIR": str(tmp_path)}
    code, shown = on_a_terminal(["doctor", "--lang", "en", "--repo", str(tmp_path)], env)
    text = shown.decode("ascii", errors="replace")
    assert "warning  the console encoding ascii cannot show Chinese" in text
    assert code == 0  # a warning only
