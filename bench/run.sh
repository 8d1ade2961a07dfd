#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds wsappd and the bench programs in Release (build-bench/), installs wrk when missing, then
# measures on this machine, in this one run: the two references (a minimal Beast server, and
# UnpublishApp's unit of work run serially in-process), UnpublishApp / ListPublishedApp (token) /
# ListPublishedApp (AK/SK) against wsappd at 16, 64 and 256 connections, a profile of each, the
# cost curve at 10^3, 10^5 and 10^6 published apps, then the storage ceiling, UnpublishApp and
# ListPublishedApp (token) again on a PostgreSQL backend: a private cluster with durable commits,
# started for the run and stopped at its end. Writes build-bench/bench/report.md.
# bench/README.md describes the method.
#
# Settings (environment): BENCH_DURATION seconds per load run (10), BENCH_SERVER_CPU and
# BENCH_LOAD_CPU the cores for the server and for wrk (0 and 1), BENCH_PROFILE=0 to skip the
# profiles, BENCH_COST_CURVE=0 to skip the cost curve, BENCH_POSTGRES=0 to skip the PostgreSQL
# phase, BENCH_PG_PORT the bench cluster's port (55433; the tests' cluster keeps 55432),
# BENCH_SERVER_ARGS extra flags for wsappd (for example --threads 8).
set -euo pipefail

# As root, the benchmark runs in a session of its own at a raised scheduling priority
# (BENCH_NICE, default -10; 0 turns it off): on a machine shared with other work, the kernel's
# autogroup scheduling otherwise gives every session an equal share of a core, whatever the
# processes' own nice values. The report still shows how busy each core was, and with what.
bench_nice=${BENCH_NICE:--10}
[ "$(id -u)" -eq 0 ] || bench_nice=0
if [ "$bench_nice" != 0 ] && [ -z "${BENCH_OWN_SESSION:-}" ]; then
  BENCH_OWN_SESSION=1 setsid --wait bash "$0" "$@" &
  session=$!
  # The new session has no terminal: pass an interrupt on to all of it.
  trap 'kill -TERM -- "-$session" 2>/dev/null' INT TERM
  status=0
  wait "$session" || status=$?
  exit "$status"
fi
if [ "$bench_nice" != 0 ] && [ -w "/proc/$$/autogroup" ]; then
  echo "$bench_nice" >"/proc/$$/autogroup"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-bench
work=$build/bench/run
results=$work/results.jsonl
duration=${BENCH_DURATION:-10}
server_cpu=${BENCH_SERVER_CPU:-0}
load_cpu=${BENCH_LOAD_CPU:-1}
connection_counts=(16 64 256)
profile_connections=64
profile_seconds=5

# Fixed credentials of the benchmark's account, given to the seeding tool and wsappd alike.
export WSAPP_ROOT_PASSWORD='Bench-Passw0rd-1'
export WSAPP_ROOT_ACCESS_KEY='WSAPPBENCHAK00000001'
export WSAPP_ROOT_SECRET_KEY='wsappBenchSecretKey000000000000000000001'
export WSAPP_PROJECT_ID='0b1e0c4a5e7d4c3f9a6b8d2e1f0a9c7b'
project=$WSAPP_PROJECT_ID

started_at=$(date +%s)
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
log() { echo "bench: $*" >&2; }

# --- Set-up ---------------------------------------------------------------------------------

install_missing_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v perf >/dev/null 2>&1 || [ "${BENCH_PROFILE:-1}" = 0 ] || missing+=(linux-perf)
  [ "${#missing[@]}" -eq 0 ] && return
  local sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  log "installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
}

build_programs() {
  log "building in Release into $build"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DWSAPP_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" -j2 --target wsappd wsapp_bench_minimal_server \
    wsapp_bench_store_ceiling wsapp_bench_tool wsapp_bench_probe >/dev/null
}

# --- Processes ------------------------------------------------------------------------------

# Runs a command on one core.
pinned() {
  local core=$1
  shift
  taskset -c "$core" "$@"
}

server_pid=
server_log=

# Starts a server command pinned to the server core; waits for its port file.
# Usage: start_server NAME LOGFILE COMMAND...
start_server() {
  local name=$1
  server_log=$2
  shift 2
  rm -f "$work/$name.port"
  # Not through pinned(): a function would run in a subshell, and $! would not be the server.
  taskset -c "$server_cpu" "$@" --port-file "$work/$name.port" 2>>"$server_log" &
  server_pid=$!
  for _ in $(seq 200); do
    [ -s "$work/$name.port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { log "$name exited at start"; tail "$server_log"; exit 1; }
    sleep 0.1
  done
  server_port=$(cat "$work/$name.port")
  log "$name serving on port $server_port (pid $server_pid, core $server_cpu)"
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  local status=0
  wait "$server_pid" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 143 ] || log "server exited with status $status"
  server_pid=
}

cleanup() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
  [ -z "${is_pg_started:-}" ] || stop_bench_postgres
}
trap cleanup EXIT

# User plus system CPU seconds the process has used so far.
cpu_seconds() {
  awk -v ticks="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / ticks }' "/proc/$1/stat"
}

# The postmaster of the bench's PostgreSQL cluster while it runs; empty otherwise.
db_pid=

# CPU seconds the PostgreSQL cluster (the postmaster and its live children: sessions, WAL writer,
# checkpointer, ...) has used so far.
db_cpu_seconds() {
  local pid
  {
    # The postmaster's own time and that of the children it has reaped (sessions that ended).
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$db_pid/stat"
    # A child may exit between listing and reading; it then counts for nothing.
    for pid in $(pgrep -P "$db_pid"); do
      awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
    done
  } | awk -v ticks="$(getconf CLK_TCK)" '{ sum += $1 } END { printf "%.2f", sum / ticks }'
}

# Seconds the core has been busy so far, whoever ran on it (user, nice, system, irq, softirq).
core_busy_seconds() {
  awk -v cpu="cpu$1" -v ticks="$(getconf CLK_TCK)" \
    '$1 == cpu { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / ticks }' /proc/stat
}

proc_status_kib() {
  awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"
}

project_token() {
  curl -sS -D - -o /dev/null -X POST "http://127.0.0.1:$1/v3/auth/tokens" \
    -H 'Content-Type: application/json' \
    -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"name":"wsapp"},
         "name":"wsapp","password":"'"$WSAPP_ROOT_PASSWORD"'"}}},
         "scope":{"project":{"id":"'"$project"'"}}}}' |
    tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
}

# --- Load runs ------------------------------------------------------------------------------

# Runs wrk pinned to the load core against the running server and appends one result line.
# Usage: run_wrk SCENARIO CONNECTIONS SECONDS SCRIPT [EXTRA_JSON]
run_wrk() {
  local scenario=$1 connections=$2 seconds=$3 script=$4 extra=${5:-}
  local output=$work/logs/$scenario-c$connections.wrk.txt
  log "$scenario at $connections connections for ${seconds}s"
  echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null || true
  local cpu_before wall_before server_core_before load_core_before db_before=0
  [ -z "$db_pid" ] || db_before=$(db_cpu_seconds)
  cpu_before=$(cpu_seconds "$server_pid")
  server_core_before=$(core_busy_seconds "$server_cpu")
  load_core_before=$(core_busy_seconds "$load_cpu")
  wall_before=$(date +%s.%N)
  local TIMEFORMAT='%U %S'
  { time BENCH_LUA_DIR="$root/bench/wrk" pinned "$load_cpu" wrk -t1 -c"$connections" \
      -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/$script" \
      "http://127.0.0.1:$server_port/" >"$output"; } 2>"$output.time"
  local wall cpu_after
  wall=$(awk -v from="$wall_before" -v to="$(date +%s.%N)" 'BEGIN { printf "%.3f", to - from }')
  cpu_after=$(cpu_seconds "$server_pid")
  local db_cpu=
  [ -z "$db_pid" ] || db_cpu="\"db_cpu_s\":$(awk "BEGIN { print $(db_cpu_seconds) - $db_before }"),"
  local server_core_busy load_core_busy
  server_core_busy=$(awk "BEGIN { print $(core_busy_seconds "$server_cpu") - $server_core_before }")
  load_core_busy=$(awk "BEGIN { print $(core_busy_seconds "$load_cpu") - $load_core_before }")
  local wrk_json
  wrk_json=$(sed -n 's/^BENCH_RESULT //p' "$output")
  [ -n "$wrk_json" ] || { log "wrk gave no result"; cat "$output"; exit 1; }
  echo "{\"kind\":\"load\",\"scenario\":\"$scenario\",\"connections\":$connections,\
\"wall_s\":$wall,\"server_cpu_s\":$(awk "BEGIN { print $cpu_after - $cpu_before }"),\
\"load_cpu_s\":$(tail -1 "$output.time" | awk '{ print $1 + $2 }'),\
\"server_core_busy_s\":$server_core_busy,\"load_core_busy_s\":$load_core_busy,\
\"peak_rss_kib\":$(proc_status_kib "$server_pid" VmHWM),\
\"rss_kib\":$(proc_status_kib "$server_pid" VmRSS),$db_cpu\"wrk\":$wrk_json${extra:+,$extra}}" \
    >>"$results"
}

# Profiles the server on-CPU while wrk loads it; keeps the hottest symbols. With `core`, samples
# everything on the server's core instead (wsappd and the PostgreSQL sessions serving it), and
# names each symbol's process.
# Usage: profile_run SCENARIO SCRIPT [core]
profile_run() {
  [ "${BENCH_PROFILE:-1}" = 0 ] && return
  local scenario=$1 script=$2 data=$work/logs/$1.perf.data
  local perf_target=(-p "$server_pid") self_sort=dso,symbol
  if [ "${3:-}" = core ]; then
    perf_target=(-C "$server_cpu")
    self_sort=comm,dso,symbol
  fi
  log "profiling $scenario"
  # DWARF unwinding: the Release build has no frame pointers, and the inclusive times need stacks.
  perf record -q -F 499 --call-graph dwarf,8192 "${perf_target[@]}" -o "$data" \
    -- sleep "$profile_seconds" >/dev/null 2>&1 &
  local perf_pid=$!
  BENCH_LUA_DIR="$root/bench/wrk" pinned "$load_cpu" wrk -t1 -c"$profile_connections" \
    -d"${profile_seconds}s" --timeout 10s -s "$root/bench/wrk/$script" \
    "http://127.0.0.1:$server_port/" >"$work/logs/$scenario.profile.wrk.txt"
  wait "$perf_pid" || true
  perf report -i "$data" --no-children --sort "$self_sort" -g none --percent-limit 0.8 --stdio \
    2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 >"$work/logs/$scenario.profile.txt" || true
  if [ "${3:-}" = core ]; then
    perf report -i "$data" --no-children --sort comm -g none --stdio 2>/dev/null |
      grep -v '^#' | grep -v '^$' | head -8 >"$work/logs/$scenario.profile-processes.txt" || true
  fi
  # Inclusive time of the server's own functions: where each request's CPU goes.
  perf report -i "$data" --children --sort symbol -g none --percent-limit 1 --stdio 2>/dev/null |
    grep -E '\[\.\] wsapp::' | head -30 >"$work/logs/$scenario.profile-inclusive.txt" || true
  rm -f "$data"
}

# Lines in the server log so far; the access lines of a run are those after this mark.
log_mark() { wc -l <"$server_log"; }

# Waits until the server has answered what was in flight when wrk stopped.
wait_quiet_log() {
  local last=-1 now
  now=$(log_mark)
  while [ "$now" != "$last" ]; do
    last=$now
    sleep 0.5
    now=$(log_mark)
  done
}

# --- PostgreSQL -----------------------------------------------------------------------------

# The bench's own cluster: not the tests' one (scripts/postgres.sh's default directory and port),
# which runs without fsync. Fresh at every run, on the disk that holds the SQLite data.
pg_dir=$build/bench/pg
pg_port=${BENCH_PG_PORT:-55433}
pg_dsn_base=
is_pg_started=

# scripts/postgres.sh on the bench's cluster, pinned to the server's core: the database works
# for the server there, as SQLite does inside wsappd.
bench_postgres() {
  WSAPP_PG_DIR=$pg_dir WSAPP_PG_PORT=$pg_port taskset -c "$server_cpu" \
    "$root/scripts/postgres.sh" "$@"
}

# psql as the cluster's superuser over its socket, as scripts/postgres.sh connects.
# Usage: pg_admin DATABASE [PSQL_ARGS...]
pg_admin() {
  local database=$1
  shift
  local as_owner=()
  [ "$(id -u)" -eq 0 ] && as_owner=(runuser -u postgres --)
  (
    unset "${!PG@}"
    cd / && "${as_owner[@]}" psql -X -q -At -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$pg_port" \
      -d "$database" "$@"
  )
}

# Starts a fresh cluster with durable commits (fsync, synchronous_commit and full_page_writes on,
# PostgreSQL's defaults, which the tests' settings turn off) and pg_stat_statements, which
# counts the statements each request makes; creates the ceiling's and the server's databases.
start_bench_postgres() {
  bench_postgres stop 2>/dev/null || true # a cluster an interrupted run left behind
  rm -rf "$pg_dir"
  is_pg_started=1
  local line
  line=$(bench_postgres start 2>>"$work/logs/postgres-script.log")
  pg_dsn_base=${line#TEST_POSTGRES_DSN=}
  pg_dsn_base=${pg_dsn_base%/*}
  # ALTER SYSTEM's file is read after the script's settings, so these win.
  pg_admin postgres >/dev/null <<'EOF'
ALTER SYSTEM SET fsync = on;
ALTER SYSTEM SET synchronous_commit = on;
ALTER SYSTEM SET full_page_writes = on;
ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';
EOF
  bench_postgres stop 2>>"$work/logs/postgres-script.log"
  bench_postgres start >/dev/null 2>>"$work/logs/postgres-script.log"
  db_pid=$(head -1 "$pg_dir/data/postmaster.pid")
  if [ "$(pg_admin postgres -c 'SHOW fsync')" != on ] ||
    [ "$(pg_admin postgres -c 'SHOW synchronous_commit')" != on ]; then
    log "the bench cluster does not commit durably"
    exit 1
  fi
  local database
  for database in wsapp_ceiling wsapp_server; do
    pg_admin postgres -c "CREATE DATABASE $database OWNER wsapp"
    pg_admin "$database" -c "CREATE EXTENSION pg_stat_statements"
  done
  prioritize_postgres
  echo "{\"kind\":\"postgres\",\"settings\":$(pg_admin postgres <<'EOF'
SELECT jsonb_object_agg(name, setting || COALESCE(unit, '')) FROM pg_settings
WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes',
  'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'wal_level',
  'max_wal_size', 'checkpoint_timeout')
EOF
)}" >>"$results"
}

stop_bench_postgres() {
  cp "$pg_dir/postgres.log" "$work/logs/postgres.log" 2>/dev/null || true
  bench_postgres stop 2>>"$work/logs/postgres-script.log" || true
  db_pid=
  is_pg_started=
  rm -rf "$pg_dir"
}

# Gives the cluster's processes the benchmark's scheduling priority. Every PostgreSQL process
# leads a session of its own, so each gets its own autogroup at nice 0, whatever the
# benchmark's; new sessions (the server's pool grows under load) are caught at the next call.
prioritize_postgres() {
  [ -n "$db_pid" ] && [ "$bench_nice" != 0 ] || return 0
  local pid
  for pid in "$db_pid" $(pgrep -P "$db_pid"); do
    echo "$bench_nice" >"/proc/$pid/autogroup" 2>/dev/null || true
  done
}

# After seeding: the planner's statistics as autovacuum would leave them once it has caught up
# (without them, a page of the list sorts the whole group: about 1 ms instead of 0.02 ms), and
# what seeding left in shared buffers and the WAL written out, so that the measured runs do not
# pay for it.
# Usage: settle_postgres DATABASE
settle_postgres() {
  pg_admin "$1" -c 'VACUUM (ANALYZE)'
  pg_admin "$1" -c CHECKPOINT
}

# wsappd's store counters (/metrics): "<conflict retries> <retries exhausted>".
store_counters() {
  curl -sS "http://127.0.0.1:$server_port/metrics" | awk '
    $1 == "wsapp_store_conflict_retries_total" { retries = $2 }
    $1 == "wsapp_store_retries_exhausted_total" { exhausted = $2 }
    END { print retries + 0, exhausted + 0 }'
}

counters_before=

# Before a measured run on PostgreSQL: statement counters from zero, priorities set, wsappd's
# retry counters noted.
# Usage: pg_run_begin DATABASE
pg_run_begin() {
  [ -n "$db_pid" ] || return 0
  prioritize_postgres
  counters_before=
  [ -z "$server_pid" ] || counters_before=$(store_counters)
  pg_admin "$1" -c 'SELECT pg_stat_statements_reset()' >/dev/null
}

# The statements the database ran since pg_run_begin, as JSON: how many (BEGIN and COMMIT
# count: each is a round trip), the time spent executing them, the WAL they wrote, and the most
# frequent ones.
# Usage: pg_statement_stats DATABASE
pg_statement_stats() {
  pg_admin "$1" <<'EOF'
WITH s AS (
  SELECT * FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND query NOT LIKE '%pg_stat_statements%')
SELECT jsonb_build_object(
  'calls', COALESCE(sum(calls), 0),
  'exec_ms', COALESCE(round(sum(total_exec_time)::numeric, 1), 0),
  'wal_bytes', COALESCE(sum(wal_bytes), 0),
  'top', (SELECT jsonb_agg(t ORDER BY calls DESC, query) FROM (
    SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 80) AS query, calls,
      round(mean_exec_time::numeric, 4) AS mean_ms
    FROM s ORDER BY calls DESC, query LIMIT 10) t))
FROM s
EOF
}

# What the server answered in a run (its access lines after MARK, by status; other routes
# apart) and the statements it made, as JSON.
# Usage: pg_run_stats MARK ROUTE
pg_run_stats() {
  local mark=$1 route=$2 statuses
  statuses=$(sed -n "$((mark + 1)),\$p" "$server_log" | { grep ' msg=access ' || true; } |
    awk -v route="route=$route " '
      { for (i = 1; i <= NF; ++i) if ($i ~ /^status=/) status = substr($i, 8) }
      { key = index($0, route) ? status : "other_route_" status; count[key]++ }
      END {
        separator = ""
        printf "{"
        for (key in count) { printf "%s\"%s\":%d", separator, key, count[key]; separator = "," }
        printf "}"
      }')
  local retries exhausted retries_before exhausted_before
  read -r retries exhausted <<<"$(store_counters)"
  read -r retries_before exhausted_before <<<"$counters_before"
  echo "{\"statuses\":$statuses,\"conflict_retries\":$((retries - retries_before)),\
\"retries_exhausted\":$((exhausted - exhausted_before)),\
\"statements\":$(pg_statement_stats wsapp_server)}"
}

# Adds "KEY": JSON to the last result line.
amend_last_result() {
  python3 - "$results" "$1" "$2" <<'EOF'
import json, sys
path, key, value = sys.argv[1:]
with open(path) as results:
    lines = results.read().splitlines()
record = json.loads(lines[-1])
record[key] = json.loads(value)
lines[-1] = json.dumps(record)
with open(path, "w") as results:
    results.write("\n".join(lines) + "\n")
EOF
}

# --- Phases ---------------------------------------------------------------------------------

# Seeds the ceiling's pool and runs it; appends one result line and sets
# last_ceiling_units_per_second. The pool: 500 units per second of the run, about twice what
# this machine's disk commits; running out is reported.
# Usage: storage_ceiling NAME DATA_DIR STORE_URL BACKEND
storage_ceiling() {
  local name=$1 data=$2 store=$3 backend=$4 groups=$((duration * 25))
  log "storage ceiling ($backend): seeding $((groups * 20)) blocks of 50 apps"
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --store "$store" --name-prefix ceiling \
    --groups "$groups" --apps-per-group 1000 --blocks-out "$work/$name.blocks" \
    >>"$work/logs/seed.jsonl"
  [ -z "$db_pid" ] || settle_postgres wsapp_ceiling
  log "storage ceiling ($backend): UnpublishApp's unit of work, serial, in-process"
  pg_run_begin wsapp_ceiling
  local core_before wall_before json db_before=0 db_fields=
  [ -z "$db_pid" ] || db_before=$(db_cpu_seconds)
  core_before=$(core_busy_seconds "$server_cpu")
  wall_before=$(date +%s.%N)
  pinned "$server_cpu" "$build/bench/wsapp_bench_store_ceiling" --data-dir "$data" \
    --store "$store" --blocks "$work/$name.blocks" --max-seconds "$duration" \
    >"$work/logs/$name.json"
  local wall core_busy
  wall=$(awk -v from="$wall_before" -v to="$(date +%s.%N)" 'BEGIN { print to - from }')
  core_busy=$(awk "BEGIN { print $(core_busy_seconds "$server_cpu") - $core_before }")
  json=$(cat "$work/logs/$name.json")
  if [ -n "$db_pid" ]; then
    # Until the postmaster has reaped the ceiling's session, its time is nowhere to be read.
    sleep 0.5
    db_fields="\"db_cpu_s\":$(awk "BEGIN { print $(db_cpu_seconds) - $db_before }"),\
\"postgres\":{\"statements\":$(pg_statement_stats wsapp_ceiling)},"
  fi
  echo "{\"kind\":\"ceiling\",\"backend\":\"$backend\",\"wall_s\":$wall,\
\"server_core_busy_s\":$core_busy,$db_fields\"result\":$json}" >>"$results"
  last_ceiling_units_per_second=$(echo "$json" |
    python3 -c 'import json,sys; print(int(json.load(sys.stdin)["units_per_second"]))')
  rm -rf "$data"
}

phase_storage_ceiling() {
  storage_ceiling ceiling "$work/ceiling-data" sqlite: sqlite
  ceiling_units_per_second=$last_ceiling_units_per_second
}

# Sends the minimal server the very bytes the token-authenticated list sent to wsappd, first
# answered with `200 {}`, then with a body as large as the list's reply. Runs after phase_wsappd.
phase_minimal_server() {
  start_server minimal "$work/logs/minimal.log" "$build/bench/wsapp_bench_minimal_server"
  for connections in "${connection_counts[@]}"; do
    run_wrk minimal "$connections" "$duration" list.lua
  done
  profile_run minimal list.lua
  stop_server

  # The same server answering a body as large as the list's reply: what sending those bytes
  # costs alone (a diagnostic reference; the targets stay against `200 {}`).
  local body_bytes
  body_bytes=$(python3 - "$results" <<'PY'
import json, sys
sizes = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("kind") == "load" and r["scenario"] in ("minimal", "list-token"):
        sizes.setdefault(r["scenario"], []).append(r["wrk"]["bytes"] / r["wrk"]["requests"])
mean = lambda v: sum(v) / len(v)
# The minimal reply's body is `{}`: the rest of its bytes are the status line and headers.
print(round(mean(sizes["list-token"]) - mean(sizes["minimal"]) + 2))
PY
)
  log "minimal server answering ${body_bytes}-byte bodies (the list's reply size)"
  start_server minimal-sized "$work/logs/minimal-sized.log" \
    "$build/bench/wsapp_bench_minimal_server" --body-bytes "$body_bytes"
  for connections in "${connection_counts[@]}"; do
    run_wrk minimal-sized "$connections" "$duration" list.lua
  done
  stop_server
}

# Seeds one pool of blocks for an UnpublishApp run: enough for twice the storage ceiling's
# rate over the run, plus one block per connection in flight at the end.
# Usage: seed_unpublish_pool NAME CONNECTIONS SECONDS DATA_DIR [STORE_URL CEILING_UNITS_PER_S]
seed_unpublish_pool() {
  local name=$1 connections=$2 seconds=$3 data=$4 store=${5:-sqlite:}
  local rate=${6:-$ceiling_units_per_second}
  local blocks=$((rate * seconds * 2 + connections))
  local groups=$(((blocks + 19) / 20))
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --store "$store" --name-prefix "$name" \
    --groups "$groups" --apps-per-group 1000 --groups-out "$work/$name.groups" \
    --blocks-out "$work/$name.blocks" >>"$work/logs/seed.jsonl"
}

# Usage: apps_in_groups DATA_DIR GROUPS_FILE [STORE_URL]
apps_in_groups() {
  "$build/bench/wsapp_bench_tool" count --data-dir "$1" --groups-file "$2" \
    --store "${3:-sqlite:}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["listed_groups_apps"])'
}

# One UnpublishApp run on the pool SCENARIO-cCONNECTIONS, with its accounting.
# Usage: run_unpublish SCENARIO CONNECTIONS DATA_DIR [STORE_URL]
# The server's group-commit counters (SQLite; 0 on PostgreSQL) as "COMMITS UNITS".
group_commit_counts() {
  curl -sS "http://127.0.0.1:$server_port/metrics" | awk '
    $1 == "wsapp_store_group_commits_total" { commits = $2 }
    $1 == "wsapp_store_group_committed_units_total" { units = $2 }
    END { print commits + 0, units + 0 }'
}

run_unpublish() {
  local scenario=$1 connections=$2 data=$3 store=${4:-sqlite:}
  local pool=$scenario-c$connections
  export BENCH_BLOCKS=$work/$pool.blocks BENCH_THREADS=1
  local before after mark end_mark successes commits_before commits_after
  before=$(apps_in_groups "$data" "$work/$pool.groups" "$store")
  commits_before=$(group_commit_counts)
  mark=$(log_mark)
  pg_run_begin wsapp_server
  run_wrk "$scenario" "$connections" "$duration" unpublish.lua "\"accounting\":__ACCOUNTING__"
  wait_quiet_log
  end_mark=$(log_mark)
  # Before counting, which makes statements of its own.
  local pg_stats=
  [ -z "$db_pid" ] || pg_stats=$(pg_run_stats "$mark" UnpublishApp)
  after=$(apps_in_groups "$data" "$work/$pool.groups" "$store")
  commits_after=$(group_commit_counts)
  successes=$(sed -n "$((mark + 1)),${end_mark}p" "$server_log" |
    grep -c 'route=UnpublishApp status=200' || true)
  local accounting="{\"apps_before\":$before,\"apps_after\":$after,\
\"apps_removed\":$((before - after)),\"server_successes\":$successes,\
\"group_commits\":$((${commits_after% *} - ${commits_before% *})),\
\"group_committed_units\":$((${commits_after#* } - ${commits_before#* })),\
\"log_first_line\":$((mark + 1)),\"log_last_line\":$end_mark}"
  sed -i "\$s/__ACCOUNTING__/$accounting/" "$results"
  [ -z "$pg_stats" ] || amend_last_result postgres "$pg_stats"
}

phase_wsappd() {
  local data=$work/wsappd-data
  log "seeding: the list group (1,000 apps) and one pool of blocks per UnpublishApp run"
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix list --groups 1 \
    --apps-per-group 1000 --groups-out "$work/list.groups" >>"$work/logs/seed.jsonl"
  for connections in "${connection_counts[@]}"; do
    seed_unpublish_pool "unpublish-c$connections" "$connections" "$duration" "$data"
  done
  seed_unpublish_pool unpublish-profile "$profile_connections" "$profile_seconds" "$data"
  # The seeding leaves hundreds of MB for the kernel to write back; flushed now, that writeback
  # cannot stall the measured runs' fsyncs and log writes (one run stalled for seconds so).
  sync

  # shellcheck disable=SC2086 # BENCH_SERVER_ARGS is a list of flags
  start_server wsappd "$work/logs/wsappd.log" "$build/wsappd" --data-dir "$data" \
    --listen 127.0.0.1:0 ${BENCH_SERVER_ARGS:-}
  export BENCH_TOKEN BENCH_PROJECT_ID=$project
  BENCH_TOKEN=$(project_token "$server_port")
  [ -n "$BENCH_TOKEN" ] || { log "no token"; exit 1; }
  local list_target="/v1/$project/app-groups/$(cat "$work/list.groups")/apps?limit=10&offset=0"
  export BENCH_LIST_PATH=$list_target BENCH_SIGNED=$work/signed.txt

  for connections in "${connection_counts[@]}"; do
    run_wrk list-token "$connections" "$duration" list.lua
  done
  for connections in "${connection_counts[@]}"; do
    "$build/bench/wsapp_bench_tool" sign --access-key "$WSAPP_ROOT_ACCESS_KEY" \
      --secret-key "$WSAPP_ROOT_SECRET_KEY" --project-id "$project" --target "$list_target" \
      --count 256 --out "$BENCH_SIGNED"
    run_wrk list-aksk "$connections" "$duration" list_signed.lua
  done
  for connections in "${connection_counts[@]}"; do
    run_unpublish unpublish "$connections" "$data"
  done

  profile_run list-token list.lua
  "$build/bench/wsapp_bench_tool" sign --access-key "$WSAPP_ROOT_ACCESS_KEY" \
    --secret-key "$WSAPP_ROOT_SECRET_KEY" --project-id "$project" --target "$list_target" \
    --count 256 --out "$BENCH_SIGNED"
  profile_run list-aksk list_signed.lua
  export BENCH_BLOCKS=$work/unpublish-profile.blocks
  profile_run unpublish unpublish.lua
  stop_server
  rm -rf "$data"
}

# One cost-curve level: seed up to `target` apps in the project, then probe serially.
cost_level() {
  local target=$1 data=$2 have=$3
  local filler_groups=$(((target - have) / 1000))
  if [ "$filler_groups" -gt 0 ]; then
    log "cost curve: seeding $((filler_groups * 1000)) more apps"
    "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix "filler-$target" \
      --groups "$filler_groups" --apps-per-group 1000 >>"$work/logs/seed.jsonl"
  fi
  local count_json probe_json
  count_json=$("$build/bench/wsapp_bench_tool" count --data-dir "$data")
  log "cost curve at $target apps: probing"
  probe_json=$(pinned "$load_cpu" "$build/bench/wsapp_bench_probe" --port "$server_port" --token "$BENCH_TOKEN" \
    --project-id "$project" --list-group "$(cat "$work/curve-list.groups")" \
    --churn-group "$(cat "$work/curve-churn.groups")" --list-requests 2000 \
    --unpublish-requests 200)
  echo "{\"kind\":\"curve\",\"level\":$target,\"count\":$count_json,\"probe\":$probe_json,\
\"rss_kib\":$(proc_status_kib "$server_pid" VmRSS),\
\"peak_rss_kib\":$(proc_status_kib "$server_pid" VmHWM),\
\"db_bytes\":$(du -cb "$data"/wsapp.db* | tail -1 | cut -f1)}" >>"$results"
}

phase_cost_curve() {
  [ "${BENCH_COST_CURVE:-1}" = 0 ] && return
  local data=$work/curve-data
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix list --groups 1 \
    --apps-per-group 1000 --groups-out "$work/curve-list.groups" >>"$work/logs/seed.jsonl"
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix churn --groups 1 \
    --apps-per-group 0 --groups-out "$work/curve-churn.groups" >>"$work/logs/seed.jsonl"
  start_server wsappd-curve "$work/logs/wsappd-curve.log" "$build/wsappd" --data-dir "$data" \
    --listen 127.0.0.1:0
  BENCH_TOKEN=$(project_token "$server_port")
  cost_level 1000 "$data" 1000
  cost_level 100000 "$data" 1000
  cost_level 1000000 "$data" 100000
  stop_server
  rm -rf "$data"
}

# The storage ceiling, ListPublishedApp (token) and UnpublishApp again, on PostgreSQL: the
# list group and the pools are seeded into the server's database, and wsappd runs on it with
# its defaults, pinned like the SQLite one. The pools are sized from the PostgreSQL ceiling.
phase_postgres() {
  [ "${BENCH_POSTGRES:-1}" = 0 ] && return
  log "PostgreSQL: a fresh cluster with durable commits on 127.0.0.1:$pg_port"
  start_bench_postgres
  storage_ceiling pg-ceiling "$work/pg-ceiling-data" "$pg_dsn_base/wsapp_ceiling" postgresql
  pg_admin postgres -c 'DROP DATABASE wsapp_ceiling'
  local pg_ceiling=$last_ceiling_units_per_second
  local data=$work/pg-wsappd-data store=$pg_dsn_base/wsapp_server

  log "PostgreSQL: seeding the list group and the UnpublishApp pools"
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --store "$store" --name-prefix list \
    --groups 1 --apps-per-group 1000 --groups-out "$work/pg-list.groups" >>"$work/logs/seed.jsonl"
  for connections in "${connection_counts[@]}"; do
    seed_unpublish_pool "pg-unpublish-c$connections" "$connections" "$duration" "$data" \
      "$store" "$pg_ceiling"
  done
  seed_unpublish_pool pg-unpublish-profile "$profile_connections" "$profile_seconds" "$data" \
    "$store" "$pg_ceiling"
  settle_postgres wsapp_server
  sync

  # shellcheck disable=SC2086 # BENCH_SERVER_ARGS is a list of flags
  start_server wsappd-pg "$work/logs/wsappd-pg.log" "$build/wsappd" --data-dir "$data" \
    --store "$store" --listen 127.0.0.1:0 ${BENCH_SERVER_ARGS:-}
  export BENCH_TOKEN BENCH_PROJECT_ID=$project
  BENCH_TOKEN=$(project_token "$server_port")
  [ -n "$BENCH_TOKEN" ] || { log "no token"; exit 1; }
  local list_group
  list_group=$(cat "$work/pg-list.groups")
  export BENCH_LIST_PATH="/v1/$project/app-groups/$list_group/apps?limit=10&offset=0"
  local mark
  for connections in "${connection_counts[@]}"; do
    mark=$(log_mark)
    pg_run_begin wsapp_server
    run_wrk pg-list-token "$connections" "$duration" list.lua
    wait_quiet_log
    amend_last_result postgres "$(pg_run_stats "$mark" ListPublishedApp)"
  done
  for connections in "${connection_counts[@]}"; do
    run_unpublish pg-unpublish "$connections" "$data" "$store"
  done

  prioritize_postgres
  profile_run pg-list-token list.lua core
  export BENCH_BLOCKS=$work/pg-unpublish-profile.blocks
  profile_run pg-unpublish unpublish.lua core
  stop_server
  stop_bench_postgres
  rm -rf "$data"
}

# --- Main -----------------------------------------------------------------------------------

install_missing_tools
# The code this run measures, taken as it is built: other work in the checkout may move HEAD
# before the report is written.
revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
changed=$(git -C "$root" status --porcelain -- src migrations CMakeLists.txt bench 2>/dev/null ||
  true)
[ -z "$changed" ] || revision="$revision (with uncommitted changes)"
build_programs
rm -rf "$work"
mkdir -p "$work/logs"
: >"$results"
build_seconds=$(($(date +%s) - started_at))

phase_storage_ceiling
phase_wsappd
phase_minimal_server
phase_cost_curve
phase_postgres

total_seconds=$(($(date +%s) - started_at))
echo "{\"kind\":\"run\",\"build_s\":$build_seconds,\"total_s\":$total_seconds,\
\"revision\":\"$revision\",\"duration_s\":$duration,\"server_cpu\":$server_cpu,\
\"load_cpu\":$load_cpu,\"nice\":$bench_nice,\
\"loadavg_start\":\"$loadavg_start\",\"loadavg_end\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >>"$results"
python3 "$root/bench/report.py" --results "$results" --logs "$work/logs" --root "$root" \
  --out "$build/bench/report.md"
log "report: $build/bench/report.md (${total_seconds}s)"
