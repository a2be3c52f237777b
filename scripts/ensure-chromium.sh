#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the browser tests (Playwright never downloads one here).
# Installs it with apt-get when missing. Where that is impossible (no root), say so and carry on: the
# browser tests then skip, except under CI=true, where they fail.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
    exit 0
fi
if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is not installed: installing Debian's chromium with apt-get." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    exit 0
fi
echo "Chromium is missing and cannot be installed here (needs root and apt-get): sudo apt-get install chromium." >&2
if [[ "${CI:-}" == "true" ]]; then
    exit 1
fi
echo "The browser tests will be skipped." >&2
