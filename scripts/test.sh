#!/usr/bin/env bash
# Sets up, builds and runs every test: unit, store, integration, the official Node.js SDK's live
# signed requests, and the README's curl example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
ctest -j2 --output-on-failure --timeout 600
