#!/usr/bin/env bash
# Make sure the Debian packages named as arguments are installed (apt-get, when missing): fonts for
# Arabic and Chinese in PDFs, LibreOffice and poppler-utils for the tests that read documents back.
# Where installing is impossible (no root or no apt-get), say so and carry on: the tests that need
# them then skip, except under CI=true, where this fails.
set -euo pipefail

missing=()
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's ${missing[*]} with apt-get." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi
echo "Missing Debian packages that cannot be installed here (needs root and apt-get): ${missing[*]}." >&2
if [[ "${CI:-}" == "true" ]]; then
    exit 1
fi
echo "PDFs may lack Arabic or Chinese glyphs, and the tests that need these packages will be skipped." >&2
