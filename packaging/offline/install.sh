#!/bin/sh
# Install huishang @VERSION@ from the wheels beside this script, with no network:
#   sh install.sh [DIR]      (DIR: default, a huishang folder beside this script)
# 离线安装 huishang：在 DIR 中建立虚拟环境，只从本目录的 wheels/ 安装。
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-"$here/huishang"}
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (@PYTHON_TUPLE@))' 2>/dev/null; then
  echo "需要 Python @PYTHON@（本安装包的 wheel 为此版本构建）；可用 PYTHON=/path/to/python@PYTHON@ 指定。" >&2
  echo "Python @PYTHON@ is needed (the wheels are built for it); name it with PYTHON=..." >&2
  exit 1
fi
"$python" -m venv "$target"
# the bundle alone: no index, and no pip configuration of this machine
unset PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIREMENT PIP_PREFIX PIP_TARGET PIP_USER
PIP_CONFIG_FILE=/dev/null "$target/bin/python" -m pip install --quiet --no-index \
  --find-links "$here/wheels" "huishang==@VERSION@"
echo "huishang @VERSION@ 已安装到 $target"
echo "运行 Run:      $target/bin/huishang list --overdue"
echo "加入 PATH:     export PATH=\"$target/bin:\$PATH\""
echo "检查 Check:    $target/bin/huishang doctor"
