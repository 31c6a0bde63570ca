#!/usr/bin/env bash
# Installs the Debian packages Fidu needs (OCR, office conversion, PDF rendering,
# libGL and GLib for OpenCV, which the second OCR engine (rapidocr-onnxruntime) imports,
# the browser for tests, an IMAP server for tests). Idempotent: does nothing when
# everything is present. Needs root (or sudo) on a Debian/Ubuntu machine.
set -euo pipefail
PKGS=(
  tesseract-ocr tesseract-ocr-fra tesseract-ocr-nld tesseract-ocr-deu tesseract-ocr-eng
  unpaper pngquant ghostscript poppler-utils
  libgl1 libglib2.0-0
  libreoffice-writer-nogui libreoffice-calc-nogui
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  chromium
  dovecot-imapd
  gettext
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Dovecot is only a test peer: it must not run as a system service.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
$SUDO pkill -x dovecot >/dev/null 2>&1 || true
echo "system packages: done"
