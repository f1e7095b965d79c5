#!/usr/bin/env bash
# One-command set-up (`make setup`): system packages, a virtual environment in .venv with the
# package and its test tools, and Quarto. Safe to run again; each step is skipped when done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
say() { echo "setup: $*"; }

# --------------------------------------------------------------------------- system packages
# fonts-noto-cjk: Simplified-Chinese glyphs for matplotlib and typst (Noto Sans CJK SC);
# poppler-utils: pdffonts/pdftotext/pdftoppm, the tests' PDF checks; chromium: the tests' HTML check;
# fonts-wqy-microhei: a second Simplified-Chinese sans, for the browser test that hides Noto (a
# reader's PC without it) and checks the report's font stack still draws Simplified Chinese.
missing=()
command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh-cn family | grep -qi "Noto Sans CJK SC" || missing+=(fonts-noto-cjk fontconfig)
command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh-cn family | grep -qi "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -eq 0 ]; then
    say "system packages present (CJK font, poppler-utils, Chromium)"
elif command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    say "installing ${missing[*]} (Debian/Ubuntu)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
    cat >&2 <<'MSG'
setup: 请安装以下系统软件 / please install these system packages:
  简体中文字体 Simplified-Chinese font: Noto Sans CJK SC
      Fedora: sudo dnf install google-noto-sans-cjk-fonts · macOS: brew install --cask font-noto-sans-cjk-sc
      (Windows/macOS ship Microsoft YaHei / PingFang SC, which the maps can use; the PDF wants Noto Sans CJK SC)
  poppler (pdffonts, pdftotext) and Chromium or Chrome, for the tests
      Fedora: sudo dnf install poppler-utils chromium · macOS: brew install poppler; Chrome from google.com
MSG
fi

# --------------------------------------------------------------------------- Python
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

# --------------------------------------------------------------------------- Quarto
# Found the way the package finds it (agritargets.documents.quarto): PATH, .venv/bin, the offline kit's prefix.
have_quarto() { .venv/bin/python -c "import sys; from agritargets.documents.quarto import find_quarto; sys.exit(find_quarto() is None)"; }
reaches() { .venv/bin/python -c "import socket, sys; socket.create_connection((sys.argv[1], 443), timeout=5)" "$1" 2>/dev/null; }

find_kit() {  # the offline build kit (../shared/quarto/install.sh) beside this checkout or above it
    local dir
    dir=$(pwd)
    while [ "$dir" != "/" ]; do
        [ -f "$dir/../shared/quarto/install.sh" ] && { echo "$dir/../shared/quarto/install.sh"; return 0; }
        [ -f "$dir/shared/quarto/install.sh" ] && { echo "$dir/shared/quarto/install.sh"; return 0; }
        dir=$(dirname "$dir")
    done
    return 1
}

if have_quarto; then
    say "Quarto found"
else
    if reaches github.com; then
        # PyPI quarto-cli downloads the official Quarto release from GitHub while it installs.
        say "installing Quarto from PyPI (quarto-cli)"
        timeout 900 .venv/bin/python -m pip install --quiet quarto-cli || say "pip install quarto-cli failed"
    else
        say "github.com is not reachable: PyPI quarto-cli cannot fetch Quarto here"
    fi
    if ! have_quarto && kit=$(find_kit); then
        say "installing Quarto from the offline kit $kit"
        bash "$kit" >/dev/null
    fi
    if ! have_quarto; then
        .venv/bin/python -c "from agritargets.documents.quarto import HOW_TO_INSTALL; print(HOW_TO_INSTALL)" >&2
        exit 1
    fi
fi

.venv/bin/python -m agritargets doctor
