#!/usr/bin/env bash
# Install Debian's chromium for the headless-browser tests of kg/render (tests/render/).
#
# Idempotent: does nothing when /usr/bin/chromium is already there. Playwright's own browser
# download is not used because it fetches a browser build from outside the package registries,
# which fails on these machines and on CI; Debian's package installs through apt like anything else.
#
# Usage: bash scripts/install-chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "chromium already installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "error: $CHROMIUM is missing and installing it needs root." >&2
    echo "       run as root:  apt-get update && apt-get install -y chromium" >&2
    echo "       (or: sudo bash $0)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-dejavu-core

if [ ! -x "$CHROMIUM" ]; then
    echo "error: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
