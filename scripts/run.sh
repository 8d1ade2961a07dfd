#!/usr/bin/env bash
# Sets up, builds and runs wsappd on its embedded SQLite store with the demo data. Extra
# arguments go to wsappd (for example --listen 0.0.0.0:8080 or --data-dir /var/lib/wsapp).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/wsappd --demo "$@"
