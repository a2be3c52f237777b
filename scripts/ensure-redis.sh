#!/usr/bin/env bash
# Make sure Debian's redis-server is installed for the shared-cache tests (tests/test_shared_cache.py starts
# and stops its own server on loopback). Installs it with apt-get when missing. Where that is impossible
# (no root), say so and carry on: those tests then skip, except under CI=true, where they fail.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
    exit 0
fi
if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-server is not installed: installing Debian's redis-server with apt-get." >&2
    apt-get update -qq
    # The package's own service is not wanted: the tests start a private server on a spare port.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
    if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
    exit 0
fi
echo "redis-server is missing and cannot be installed here (needs root and apt-get): sudo apt-get install redis-server." >&2
if [[ "${CI:-}" == "true" ]]; then
    exit 1
fi
echo "The shared-cache tests will be skipped." >&2
