#!/usr/bin/env bash
# Installs everything wsapp builds and tests with: Debian packages through apt-get, and the npm
# packages of the SDK tests. Idempotent; quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config ca-certificates curl
  libboost-dev nlohmann-json3-dev libsqlite3-dev libpq-dev libssl-dev libspdlog-dev libfmt-dev
  libjemalloc-dev
  libcli11-dev libgtest-dev libgmock-dev
  postgresql-15
)
# Node.js runs the official SDK's live tests; use the machine's own if it has one.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

# npm ci only when the lock file changed since the last install.
lock=tests/sdk/package-lock.json
stamp=tests/sdk/node_modules/.wsapp-lock-sha256
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing the SDK test packages from $lock"
  (cd tests/sdk && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
