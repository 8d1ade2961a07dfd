#!/usr/bin/env bash
# Sets up, builds and runs every test: unit, store, integration, the official Node.js SDK's live
# signed requests, and the README's curl example. The store conformance suite, the integration
# suite and the SDK tests run against PostgreSQL too: on the database that TEST_POSTGRES_DSN
# names if it is set (set but empty, they are skipped, or fail under CI=true),
# otherwise on the private cluster that scripts/postgres.sh starts on 127.0.0.1, which stays
# running for the next run (`scripts/postgres.sh stop` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
if [ -z "${TEST_POSTGRES_DSN+set}" ]; then
  # Assigned before the export, whose own status would hide a failed start.
  started=$(scripts/postgres.sh start)
  export TEST_POSTGRES_DSN="${started#TEST_POSTGRES_DSN=}"
fi
cd build
ctest -j2 --output-on-failure --timeout 600
