#!/usr/bin/env bash
# Install everything cchc-extract needs on Debian 12 (run as root, or with sudo available):
# tesseract with the Vietnamese model, fonts, chromium (the audit report's browser test), Python venv in
# .venv, and the package with its dev tools.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(python3 python3-venv python3-pip tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng fonts-dejavu-core chromium)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
log=.venv/setup-pip.log
if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[dev]"; } >"$log" 2>&1; then
  tail -n 40 "$log"; echo "setup: pip install failed (full log: $log)"; exit 1
fi
echo "setup: ready ($(.venv/bin/python --version), $(tesseract --version 2>&1 | head -1), langs: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' '))"
