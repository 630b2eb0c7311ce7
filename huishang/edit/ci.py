"""The CI files `init --ci` writes, one per forge, each installing only the huishang pinned.

A bare `pip install huishang` would fetch whatever a public index holds under that name:
whoever registers it has their code run in every ledger's CI (dependency confusion). So
every template installs from a wheel committed to the ledger, or from an explicit pin the
office sets, and otherwise stops with a message saying how to set one.
"""

from __future__ import annotations

import textwrap

from huishang.edit.splice import scalar_text

# Where each forge reads its CI file from, in the ledger repository.
FORGES: dict[str, str] = {
    "github": ".github/workflows/huishang.yml",
    "gitlab": ".gitlab-ci.yml",
    "gitea": ".gitea/workflows/huishang.yml",
}

# The one install step of every template (POSIX sh; bash on the Windows runner). A pin is a
# 40-hex commit of a git URL, or `huishang==VERSION` from an index the office names.
INSTALL = """\
# huishang only as this ledger pins it (see the top of this file), never a bare name
[ -n "${PIP_INDEX_URL:-}" ] || unset PIP_INDEX_URL
wheel=""
for found in .huishang/wheels/huishang-*.whl; do
  if [ -f "$found" ] && [ -n "$wheel" ]; then
    echo "huishang: .huishang/wheels/ 中只能保留一个 huishang 安装包" >&2
    echo "huishang: keep one huishang wheel in .huishang/wheels/" >&2
    exit 1
  fi
  if [ -f "$found" ]; then wheel="$found"; fi
done
pinned_git='^git\\+[^ ]+@[0-9a-f]{40}$'
pinned_version='^huishang==[0-9][0-9A-Za-z.+!-]*$'
if [ -n "$wheel" ]; then
  pip install --find-links .huishang/wheels "$wheel"
elif printf '%s\\n' "${HUISHANG_PACKAGE:-}" | grep -Eq "$pinned_git"; then
  pip install "$HUISHANG_PACKAGE"
elif printf '%s\\n' "${HUISHANG_PACKAGE:-}" | grep -Eq "$pinned_version" \\
    && [ -n "${PIP_INDEX_URL:-}" ]; then
  pip install "$HUISHANG_PACKAGE"
else
  echo "huishang: 未指定 huishang 的安装来源。请将 wheel 安装包提交到 .huishang/wheels/，" >&2
  echo "  或设 HUISHANG_PACKAGE=huishang==版本号（并设 PIP_INDEX_URL 为本单位软件源），" >&2
  echo "  或 HUISHANG_PACKAGE=git+https://本单位代码库/huishang.git@40位提交号。" >&2
  echo "huishang: no pinned source for huishang. Commit its wheel to .huishang/wheels/, or set" >&2
  echo "  HUISHANG_PACKAGE=huishang==VERSION (with PIP_INDEX_URL set to your own index), or" >&2
  echo "  HUISHANG_PACKAGE=git+https://your-forge/huishang.git@<40-hex commit>." >&2
  exit 1
fi
"""

# What every template says first: where huishang comes from, and how to point it home.
SOURCES = """\
# huishang is installed only from what this ledger pins, never a bare name from a public
# index (anyone may register it there):
#   1. a wheel committed to this repository: .huishang/wheels/huishang-<version>-py3-none-any.whl
#      (the one in the offline bundle; see the README, 离线安装); or
#   2. the variable HUISHANG_PACKAGE: huishang==<version>, with PIP_INDEX_URL set to your
#      organisation's own package index; or git+https://<your forge>/huishang.git@<commit>
#      with the full 40-hex commit.
# Without either the job fails and says so.
"""

GITHUB = """\
# huishang: validate the ledger on every push to @BRANCH@, and check the rules of the process on
# every pull request (退回补正: a change that breaks them fails here, each problem annotated).
@SOURCES@\
# Set the repository variable HUISHANG_RUNNER (HUISHANG_WINDOWS_RUNNER) to your runners' label.
name: huishang
on:
  pull_request:
  push:
    branches: [@BRANCH@]
permissions:
  contents: read                # reads the ledger; writes nothing back
jobs:
  ledger:
    runs-on: ${{ vars.HUISHANG_RUNNER || 'ubuntu-latest' }}
    timeout-minutes: 15
    env:
      # each file's results, kept between runs by what the file is (its git blob), outside
      # the checkout: a pull request can never write them
      HUISHANG_CACHE_DIR: ${{ runner.temp }}/huishang-cache
      HUISHANG_PACKAGE: ${{ vars.HUISHANG_PACKAGE }}
      PIP_INDEX_URL: ${{ vars.PIP_INDEX_URL }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0        # check --base needs the merge base with the base branch
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - uses: actions/cache@v4
        with:
          path: ${{ runner.temp }}/huishang-cache
          key: huishang-${{ github.sha }}
          restore-keys: huishang-
      - name: install huishang
        run: |
@INSTALL@
      # validates the ledger, and keeps its state for the pull requests that start here
      - if: github.event_name != 'pull_request'
        run: huishang check --base HEAD
      # check validates the whole ledger too: one load, not two
      - if: github.event_name == 'pull_request'
        env:
          BASE: ${{ github.base_ref }}
        run: huishang check --base "origin/$BASE"
  windows:                      # offices on Windows: the same ledger read there, in Chinese
    runs-on: ${{ vars.HUISHANG_WINDOWS_RUNNER || 'windows-latest' }}
    timeout-minutes: 15
    env:
      HUISHANG_PACKAGE: ${{ vars.HUISHANG_PACKAGE }}
      PIP_INDEX_URL: ${{ vars.PIP_INDEX_URL }}
    defaults:
      run:
        shell: bash
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: install huishang
        run: |
@INSTALL@
      - run: huishang validate
      - run: huishang list --overdue --format csv > overdue.csv
      - run: huishang progress --no-pager
"""

GITLAB = """\
# huishang: validate the ledger on the default branch, and check the rules of the process on
# every merge request.
@SOURCES@\
# The image comes from the variable HUISHANG_IMAGE: set it (Settings → CI/CD → Variables) to
# your own registry's copy, e.g. registry.example.cn/python:3.12; it needs git.
variables:
  HUISHANG_IMAGE: python:3.12
huishang:
  image: $HUISHANG_IMAGE
  timeout: 15 minutes
  variables:
    GIT_DEPTH: "0"              # check --base needs the merge base with the target branch
    # each file's results, kept between runs by what the file is (its git blob); huishang
    # reads them outside the checkout, where no change can write them
    HUISHANG_CACHE_DIR: /tmp/huishang-cache
  cache:                        # GitLab keeps only folders inside the checkout: this one is
    key: huishang               # moved out before huishang runs and back after
    paths: [.huishang-ci-cache/]
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - |
@INSTALL@
    - |
      # a folder of that name that the change itself brings is never taken for the cache
      if [ -d .huishang-ci-cache ] && [ -z "$(git ls-files .huishang-ci-cache)" ]; then
        mv .huishang-ci-cache "$HUISHANG_CACHE_DIR"
      fi
    - |
      if [ -n "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" ]; then
        git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
        huishang check --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"  # validates too
      else
        huishang check --base HEAD  # validates, and keeps the state merge requests start from
      fi
  after_script:
    - rm -rf .huishang-ci-cache
    - if [ -d /tmp/huishang-cache ]; then mv /tmp/huishang-cache .huishang-ci-cache; fi
"""

GITEA = """\
# huishang for Gitea Actions: validate the ledger on every push to @BRANCH@, and check the rules
# of the process on every pull request.
@SOURCES@\
# The job runs in the image named by the variable HUISHANG_IMAGE (default: the image Gitea's
# runner uses for ubuntu-latest); point it at your registry's copy. It needs git, node (for
# actions/checkout) and Python 3.11 or later. Gitea fetches actions/checkout from its
# DEFAULT_ACTIONS_URL: on an intranet, mirror it on your Gitea and set DEFAULT_ACTIONS_URL=self.
name: huishang
on:
  pull_request:
  push:
    branches: [@BRANCH@]
permissions:
  contents: read                # reads the ledger; writes nothing back
jobs:
  ledger:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    container:
      image: ${{ vars.HUISHANG_IMAGE || 'gitea/runner-images:ubuntu-latest' }}
    env:
      HUISHANG_CACHE_DIR: /tmp/huishang-cache
      HUISHANG_PACKAGE: ${{ vars.HUISHANG_PACKAGE }}
      PIP_INDEX_URL: ${{ vars.PIP_INDEX_URL }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0        # check --base needs the merge base with the base branch
      - name: a Python environment of its own (the image's Python may refuse global installs)
        run: |
          python3 -m venv /tmp/huishang-venv
          echo /tmp/huishang-venv/bin >> "$GITHUB_PATH"
      - name: install huishang
        run: |
@INSTALL@
      - if: github.event_name != 'pull_request'
        run: huishang check --base HEAD
      - if: github.event_name == 'pull_request'
        env:
          BASE: ${{ github.base_ref }}
        run: huishang check --base "origin/$BASE"
"""

_TEMPLATES = {"github": (GITHUB, 10), "gitlab": (GITLAB, 6), "gitea": (GITEA, 10)}


def ci_text(forge: str, branch: str) -> str:
    """The CI file of `forge` for a ledger whose main branch is `branch`."""
    template, indent = _TEMPLATES[forge]
    return (template.replace("@SOURCES@", SOURCES)
            .replace("@INSTALL@\n", textwrap.indent(INSTALL, " " * indent))
            .replace("[@BRANCH@]", f"[{scalar_text(branch, flow=True)}]")
            .replace("@BRANCH@", branch))


def integration_files() -> dict[str, str]:
    """The CI templates shipped under integrations/ in huishang's own repository."""
    return {f"integrations/{forge}/{FORGES[forge].rsplit('/', 1)[-1]}": ci_text(forge, "main")
            for forge in FORGES}
