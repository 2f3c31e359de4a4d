#!/usr/bin/env bash
# Installs Debian packages that are missing (CI may run on a new machine with none of them).
#   scripts/ci/ensure-debian-packages.sh chromium postgresql redis-server
# Already installed packages cost nothing; `apt-get update` runs once, only when something is missing.
set -euo pipefail
missing=()
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
sudo_=""
[ "$(id -u)" -eq 0 ] || sudo_="sudo"
$sudo_ apt-get update -qq
$sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
