#!/usr/bin/env bash
# Installs the Debian packages that tests need (a browser, database servers...). Each feature lists its own in
# scripts/system-packages.d/*.txt (one package a line, # comments). Installs only what is missing: a package counts
# as present when dpkg has it or when a command of its name is on the PATH (npm comes with NodeSource's nodejs).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=$(cat scripts/system-packages.d/*.txt 2>/dev/null | sed 's/#.*//' | xargs || true)
[ -n "$packages" ] || exit 0
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || command -v "$p" >/dev/null || echo "$p"; done \
          | xargs || true)
[ -n "$missing" ] || { echo ">> system packages present: $packages"; exit 0; }
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
echo ">> installing system packages: $missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
