#!/usr/bin/env bash
# e2e tests run in Debian's Chromium (browsers cannot be downloaded by Playwright here).
# Installs it on a fresh Debian/Ubuntu machine when we are root; otherwise says what to do.
set -euo pipefail
browser="${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium for the e2e tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "e2e tests need Chromium at $browser: run 'sudo apt-get install -y chromium'," >&2
echo "or set PLAYWRIGHT_CHROMIUM=/path/to/chrome." >&2
exit 1
