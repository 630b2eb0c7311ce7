"""What a release promises: a licence, a changelog entry, and the version the README's
pre-commit `rev:` names, tagged."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from huishang import __version__

ROOT = Path(__file__).parent.parent


def test_the_readme_pins_this_version() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: (v[\d.]+)", readme) == [f"v{__version__}"]


def test_the_changelog_has_this_version_first() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+) - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert versions and versions[0] == __version__


def test_the_licence_is_the_one_the_package_declares() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert declared["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_a_checkout_with_tags_has_this_versions_tag() -> None:
    done = subprocess.run(["git", "-C", str(ROOT), "tag", "--list", "v*"], capture_output=True,
                          text=True, check=False)
    tags = done.stdout.split()
    if done.returncode == 0 and tags:  # a checkout without tags cannot tell
        assert f"v{__version__}" in tags
