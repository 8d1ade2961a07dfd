#!/usr/bin/env bash
# Starts or stops the private PostgreSQL 15 cluster that the store tests run against.
#
#   scripts/postgres.sh start   creates the cluster once, starts it unless it is running, makes
#                               sure the role `wsapp` (password `wsapp`, may create databases)
#                               and its database `wsapp_test` exist, and prints
#                               TEST_POSTGRES_DSN=postgresql://... as the only line on stdout.
#   scripts/postgres.sh stop    stops the cluster (fast mode) if it is running.
#
# WSAPP_PG_DIR (default /tmp/wsapp-postgres) holds the data directory, the Unix socket and the
# server log (postgres.log). WSAPP_PG_PORT (default 55432) is its TCP port, on 127.0.0.1 only.
# Run as root, the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
# Everything but the DSN line goes to stderr, so `dsn=$(scripts/postgres.sh start)` works.
set -euo pipefail

# The caller's libpq settings (PGHOST, PGUSER, PGDATABASE, ...) must not redirect this script's
# own connections.
unset "${!PG@}"

bin=/usr/lib/postgresql/15/bin
port=${WSAPP_PG_PORT:-55432}
start_timeout_seconds=60

exec 3>&1 1>&2

fail() {
  echo "postgres: $*"
  exit 1
}

# Runs a command as the user who owns the cluster. The working directory is `/` because the
# PostgreSQL programs refuse to start from a directory their user cannot read.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Makes the cluster's directory, owned by the cluster's user, and resolves it to an absolute path
# (the programs run from `/`).
prepare_dir() {
  mkdir -p "$pg_dir"
  pg_dir=$(cd "$pg_dir" && pwd -P)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$pg_dir"
  fi
  chmod 700 "$pg_dir"
  if ! as_owner test -w "$pg_dir"; then
    fail "$pg_dir is not writable by $(as_owner id -un); set WSAPP_PG_DIR elsewhere"
  fi
  data=$pg_dir/data
  log=$pg_dir/postgres.log
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# The C locale compares text byte by byte, as SQLite does, and the same on every machine. Local
# connections (the socket, in a directory only the owner can enter) authenticate by the OS user,
# TCP ones by password.
create_cluster() {
  echo "postgres: creating a cluster in $data"
  as_owner "$bin/initdb" -D "$data" --encoding=UTF8 --locale=C --auth-local=peer \
    --auth-host=scram-sha-256 --no-sync >/dev/null
  echo "include 'wsapp.conf'" | as_owner tee -a "$data/postgresql.conf" >/dev/null
}

# Rewritten at every start, so that a changed WSAPP_PG_PORT takes effect. The cluster holds
# throwaway test data only, hence no fsync.
write_settings() {
  as_owner tee "$data/wsapp.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pg_dir'
max_connections = 200
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

# The server outlives this script, so it must not inherit any descriptor beyond stderr: holding
# the caller's pipe (fd 3 here, which `$(scripts/postgres.sh start)` reads to its end) would make
# the caller wait for the server to exit, and holding fd 9 would keep the lock.
start_server() {
  (
    local fd
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then
        exec {fd}>&-
      fi
    done
    as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t "$start_timeout_seconds" start >/dev/null
  )
}

show_log_and_fail() {
  echo "postgres: $1; the end of $log:"
  tail -n 40 "$log" || true
  exit 1
}

wait_until_ready() {
  local deadline=$((SECONDS + start_timeout_seconds))
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -t 2; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log_and_fail "no connections on 127.0.0.1:$port after ${start_timeout_seconds}s"
    fi
    sleep 0.5
  done
}

# As the cluster's superuser, over the socket. Idempotent: the role and the database are created
# when missing, and the role's rights and password are set again either way.
ensure_role_and_database() {
  as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$port" \
    -U "$(as_owner id -un)" -d postgres >/dev/null <<'EOF'
SELECT 'CREATE ROLE wsapp' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wsapp')
\gexec
ALTER ROLE wsapp LOGIN CREATEDB PASSWORD 'wsapp';
SELECT 'CREATE DATABASE wsapp_test OWNER wsapp'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'wsapp_test')
\gexec
ALTER DATABASE wsapp_test OWNER TO wsapp;
EOF
}

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    create_cluster
  fi
  if ! is_running; then
    write_settings
    echo "postgres: starting on 127.0.0.1:$port (log $log)"
    if ! start_server; then
      show_log_and_fail "the server did not start"
    fi
  fi
  wait_until_ready
  ensure_role_and_database
  echo "TEST_POSTGRES_DSN=postgresql://wsapp:wsapp@127.0.0.1:$port/wsapp_test" >&3
}

stop() {
  if ! is_running; then
    echo "postgres: not running ($data)"
    return
  fi
  as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  echo "postgres: stopped ($data)"
}

command=${1:-}
case "$command" in
  start | stop) ;;
  *) fail "usage: $0 start|stop" ;;
esac
if [ ! -x "$bin/pg_ctl" ]; then
  fail "PostgreSQL 15 is not installed in $bin (scripts/setup.sh installs it)"
fi
pg_dir=${WSAPP_PG_DIR:-/tmp/wsapp-postgres}
if [ "$command" = stop ] && [ ! -d "$pg_dir" ]; then
  echo "postgres: not running (no $pg_dir)"
  exit 0
fi
prepare_dir
# Two runs at once (two test runs sharing the cluster) take turns.
exec 9>"$pg_dir/.lock"
flock 9
"$command"
