#!/usr/bin/env bash
# One-command set-up: a Simplified-Chinese font, a virtual environment in .venv,
# and the package with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}

has_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh-cn family | grep -qiE "CJK SC|Sans SC|Serif SC|YaHei|PingFang|SimHei|WenQuanYi"
}

if has_cjk_font; then
    echo "setup: Simplified-Chinese font found"
elif command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "setup: installing fonts-noto-cjk (Debian/Ubuntu)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null
else
    cat >&2 <<'MSG'
setup: 未找到简体中文字体 / no Simplified-Chinese font found.
  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk
  Fedora:        sudo dnf install google-noto-sans-cjk-fonts
  macOS:         PingFang SC ships with the system (or: brew install --cask font-noto-sans-cjk-sc)
  Windows:       Microsoft YaHei ships with the system (or install Noto Sans CJK SC)
  conda:         conda env create -f environment.yml  (installs quarto; add a system CJK font as above)
MSG
fi

"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
.venv/bin/python -m agritargets doctor
