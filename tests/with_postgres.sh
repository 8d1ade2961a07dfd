#!/usr/bin/env bash
# Runs a test command against the PostgreSQL server that TEST_POSTGRES_DSN names (scripts/test.sh
# starts one on loopback and sets it).
#
#   tests/with_postgres.sh [--fresh-schema] COMMAND [ARGS...]
#
# --fresh-schema creates an empty schema with a new name and exports WSAPP_STORE as a DSN whose
# sessions see only that schema, so that a wsappd the command starts (which reads WSAPP_STORE
# when --store is not given) runs on PostgreSQL with a database of its own.
#
# Without TEST_POSTGRES_DSN the command is skipped (exit 77, which ctest reports as skipped), or
# fails under CI=true, where every PostgreSQL test must run.
set -euo pipefail

if [ -z "${TEST_POSTGRES_DSN:-}" ]; then
  if [ "${CI:-}" = true ]; then
    echo "TEST_POSTGRES_DSN is not set, and CI=true requires the PostgreSQL tests to run" >&2
    exit 1
  fi
  echo "skipped: TEST_POSTGRES_DSN is not set (scripts/test.sh starts PostgreSQL and sets it)"
  exit 77
fi

if [ "${1:-}" = --fresh-schema ]; then
  shift
  schema="wsapp_test_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  psql "$TEST_POSTGRES_DSN" -v ON_ERROR_STOP=1 -qc "CREATE SCHEMA $schema"
  separator='?'
  if [[ $TEST_POSTGRES_DSN == *\?* ]]; then
    separator='&'
  fi
  export WSAPP_STORE="${TEST_POSTGRES_DSN}${separator}options=-csearch_path%3D${schema}"
fi

exec "$@"
