"""Shared fixtures: a CLI runner and a writer of small ledgers in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from huishang.cli import load

# The cache's signing key goes to a folder of this run, never the real home (tests that
# are about the key's place set their own).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="huishang-test-home-")
TESTS = Path(__file__).resolve().parent

app = load()  # every command


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a test left a cache inside the repository's tests/ folder."""
    left = sorted(str(p.relative_to(TESTS)) for p in TESTS.rglob(".huishang-cache"))
    if left:
        print(f"\ntests left caches behind: {left}")
        session.exitstatus = 1

MEETING = """id: m1
title: 测试会议
date: 2023-06-12
parties: [最高人民法院, 最高人民检察院]
level: national
aspects:
  - key: A1
    title: 共同深化落实认罪认罚从宽制度
"""
# a second meeting, after m1: pull requests that add, edit or delete a meeting file
MEETING_2 = """id: m2
title: 第二次会议
date: 2024-01-10
parties: [最高人民法院, 最高人民检察院]
level: national
aspects:
  - key: A1
    title: 共同推动涉案企业合规改革
"""


# A provincial meeting of two units with two aspects: the 填报表 and import tests' ledger.
HN = "2024-03-12-hn"
HN_UNITS = """units:
  - {name: 河南省高级人民法院, short: [省法院]}
  - {name: 河南省人民检察院, short: [省检察院]}
"""
HN_BARE = """id: 2024-03-12-hn
title: 河南省两院第一次工作交流会商会
date: 2024-03-12
parties: [河南省高级人民法院, 河南省人民检察院]
level: provincial
"""
HN_ASPECTS = """aspects:
  - key: A1
    title: 共同提升审判和检察工作质效
  - key: A2
    title: 共同加强技术支撑保障
"""
HN_MEETING = HN_BARE + HN_ASPECTS

# A provincial meeting without aspects: the ledger hostile and misread spreadsheets are
# imported into, in English on a fixed day (HLJ_IMPORT).
HLJ = "2024-09-10-hlj"
HLJ_BARE = """id: 2024-09-10-hlj
title: 第三次工作交流会商会
date: 2024-09-10
parties: [黑龙江省高级人民法院, 黑龙江省人民检察院]
level: provincial
"""
HLJ_IMPORT = ("--meeting", HLJ, "--today", "2024-11-20", "--lang", "en")

def item_yaml(item_id: str = "m1-01", **fields: str) -> str:
    """An item file; keyword arguments replace or add top-level fields (value as written)."""
    base = {"id": item_id, "title": "统一量刑建议审查标准", "aspect": "A1",
            "lead": "最高人民法院", "due": "2023-12-31", "status": "in_progress"}
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items() if value is not None)


WriteLedger = Callable[..., Path]


@pytest.fixture
def write_ledger(tmp_path: Path) -> WriteLedger:
    """Write {relative path: text or bytes} under tmp_path/ledger and return that folder."""

    def write(files: dict[str, str | bytes], with_meeting: bool = True) -> Path:
        root = tmp_path / "ledger"
        root.mkdir(exist_ok=True)
        if with_meeting:
            files = {"items/m1/meeting.yaml": MEETING, **files}
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


@pytest.fixture
def hlj_ledger(write_ledger: WriteLedger) -> Path:
    """A ledger of HLJ's meeting alone, no items."""
    return write_ledger({f"items/{HLJ}/meeting.yaml": HLJ_BARE}, with_meeting=False)


RunCli = Callable[..., Result]


@pytest.fixture
def run() -> RunCli:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


ZHANG = ("张三", "zhang@court.example.cn")
LI = ("李四", "li@spp.example.cn")
WANG = ("王五", "wang@example.cn")
# A registry whose units each have a maintainer above: who may change which items.
MAINTAINED_UNITS = """units:
  - name: 最高人民法院
    short: [最高法]
    maintainers: [zhang@court.example.cn]
  - name: 最高人民检察院
    short: [最高检]
    maintainers: [li@spp.example.cn]
  - name: 司法部
    maintainers: [wang@example.cn]
"""


class Repo:
    """A ledger in a real git repository, committed by chosen authors on chosen dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git("init", "-q", "-b", "main")

    @classmethod
    def proposing(cls, root: Path) -> Repo:
        """The ledger at `root` committed on main (by 张三, 2023-07-01), with the branch
        `change` checked out: where a pull request's commits go."""
        repo = cls(root)
        repo.commit("ledger", ZHANG, "2023-07-01")
        repo.git("checkout", "-q", "-b", "change")
        return repo

    def git(self, *args: str, author: tuple[str, str] = ZHANG, date: str = "2024-01-01") -> str:
        stamp = f"{date}T10:00:00+08:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
               "GIT_COMMITTER_NAME": author[0], "GIT_COMMITTER_EMAIL": author[1],
               "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        return subprocess.run(["git", "-C", str(self.root), *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, author: tuple[str, str] = ZHANG,
               date: str = "2024-01-01") -> None:
        self.git("add", "-A")
        self.git("commit", "-qm", message, author=author, date=date)


def on_a_terminal(args: list[str], env: dict[str, str],
                  stderr: bool = False) -> tuple[int, bytes]:
    """Run `huishang args` with stdout (and stderr, when asked) on a pseudo-terminal; its
    exit code and the bytes it printed there."""
    import pty
    import sys

    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "huishang", *args], stdout=follower,
                          stderr=follower if stderr else subprocess.DEVNULL, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=30)
    os.close(leader)
    return code, b"".join(chunks)
