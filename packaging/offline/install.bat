@echo off
rem Install huishang @VERSION@ from the wheels beside this script, with no network:
rem   install.bat [DIR]      (DIR: default, a huishang folder beside this script)
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
set "TARGET=%~1"
if "%TARGET%"=="" set "TARGET=%HERE%huishang"
set "PY=py -@PYTHON@"
%PY% -c "import sys" >nul 2>&1
if errorlevel 1 set "PY=python"
%PY% -c "import sys; sys.exit(sys.version_info[:2] != (@PYTHON_TUPLE@))" >nul 2>&1
if errorlevel 1 goto nopython
%PY% -m venv "%TARGET%"
if errorlevel 1 goto failed
rem the bundle alone: no index, and no pip configuration of this machine
set "PIP_CONFIG_FILE=nul"
set "PIP_FIND_LINKS="
set "PIP_CONSTRAINT="
set "PIP_REQUIREMENT="
set "PIP_PREFIX="
set "PIP_TARGET="
set "PIP_USER="
"%TARGET%\Scripts\python.exe" -m pip install --quiet --no-index --find-links "%HERE%wheels" "huishang==@VERSION@"
if errorlevel 1 goto failed
echo huishang @VERSION@ 已安装到 %TARGET%
echo 运行 Run:    "%TARGET%\Scripts\huishang.exe" list --overdue
echo 检查 Check:  "%TARGET%\Scripts\huishang.exe" doctor
echo 加入 PATH:   set "PATH=%TARGET%\Scripts;%%PATH%%"
exit /b 0
:nopython
echo 需要 Python @PYTHON@（64 位），安装时勾选 Add python.exe to PATH；见 安装说明.txt
echo Python @PYTHON@ (64-bit) is needed; see 安装说明.txt
exit /b 1
:failed
echo 安装未完成，请将以上信息发给信息技术部门 / The install did not finish: see the messages above
exit /b 1
