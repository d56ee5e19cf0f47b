#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the browser test (Playwright drives it; it never downloads a browser).
set -euo pipefail
CHROMIUM="${CAMPUS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser test" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "The browser test needs Chromium at $CHROMIUM: run 'sudo apt-get install chromium' (Debian/Ubuntu)," >&2
echo "or point CAMPUS_CHROMIUM at a Chromium binary." >&2
exit 1
