"""Which of the documents' fonts this machine has, and the face a missing one is shown in.

Word and LibreOffice print a missing font in a substitute without saying so, so a clerk
learns of it from the printed page. On Linux fontconfig answers both questions (`fc-list`
for what is installed, `fc-match` for what it would use instead); on Windows the fonts
folders are looked in, and a missing font is shown in the first of its usual stand-ins
that is there (the ones Windows ships: 仿宋, 楷体, 黑体, 宋体).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# A font's usual file names on Windows (lower case), and the faces that stand in for it.
WINDOWS_FILES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxbsk.ttf"),
    "仿宋_GB2312": ("fangsong_gb2312.ttf", "仿宋_gb2312.ttf", "simfang_gb2312.ttf"),
    "楷体_GB2312": ("kaiti_gb2312.ttf", "楷体_gb2312.ttf", "simkai_gb2312.ttf"),
    "仿宋": ("simfang.ttf",),
    "楷体": ("simkai.ttf",),
    "黑体": ("simhei.ttf",),
    "宋体": ("simsun.ttc", "simsun.ttf"),
    "Times New Roman": ("times.ttf",),
}
STAND_INS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("宋体",),
    "仿宋_GB2312": ("仿宋", "宋体"),
    "楷体_GB2312": ("楷体", "宋体"),
    "黑体": ("宋体",),
}


@dataclass(frozen=True)
class FontCheck:
    """One font the documents name: installed or not, and what is used instead."""

    name: str
    installed: bool
    instead: str | None = None  # the face used in its place, when one is known


def check_fonts(names: Sequence[str], *, windows: bool | None = None) -> list[FontCheck] | None:
    """Each of `names`, in order; None when this machine gives no way to tell."""
    windows = os.name == "nt" if windows is None else windows
    if windows:
        return _windows(names, _windows_fonts())
    installed = _fc_families()
    if installed is None:
        return None
    return [FontCheck(n, True) if n in installed else FontCheck(n, False, _fc_match(n))
            for n in names]


def _windows_fonts() -> set[str]:
    """The file names (lower case) in the system's and the user's fonts folders."""
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    found: set[str] = set()
    for folder in folders:
        try:
            found |= {entry.name.lower() for entry in os.scandir(folder)}
        except OSError:
            continue
    return found


def _windows(names: Sequence[str], files: set[str]) -> list[FontCheck]:
    def has(name: str) -> bool:
        return any(f in files for f in WINDOWS_FILES.get(name, (f"{name.lower()}.ttf",)))

    checks = []
    for name in names:
        if has(name):
            checks.append(FontCheck(name, True))
        else:
            instead = next((s for s in STAND_INS.get(name, ()) if has(s)), None)
            checks.append(FontCheck(name, False, instead))
    return checks


def _run(args: list[str]) -> str | None:
    try:
        done = subprocess.run(args, capture_output=True, encoding="utf-8", errors="replace",
                              check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _fc_families() -> set[str] | None:
    """Every family name fontconfig knows (each font lists its names in several languages)."""
    listed = _run(["fc-list", ":", "family"])
    if listed is None:
        return None
    return {name.strip() for line in listed.splitlines() for name in line.split(",")
            if name.strip()}


def _fc_match(name: str) -> str | None:
    """The family fontconfig puts in place of `name` for Chinese text."""
    matched = _run(["fc-match", "-f", "%{family[0]}", f"{name}:lang=zh-cn"])
    return matched.strip() or None if matched is not None else None
