#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
#
# Builds wsappd and the bench programs in Release (build-bench/), installs wrk when missing, then
# measures on this machine, in this one run: the two references (a minimal Beast server, and
# UnpublishApp's unit of work run serially in-process), UnpublishApp / ListPublishedApp (token) /
# ListPublishedApp (AK/SK) against wsappd at 16, 64 and 256 connections, a profile of each, and
# the cost curve at 10^3, 10^5 and 10^6 published apps. Writes build-bench/bench/report.md.
# bench/README.md describes the method.
#
# Settings (environment): BENCH_DURATION seconds per load run (10), BENCH_SERVER_CPU and
# BENCH_LOAD_CPU the cores for the server and for wrk (0 and 1), BENCH_PROFILE=0 to skip the
# profiles, BENCH_COST_CURVE=0 to skip the cost curve.
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
}
trap cleanup EXIT

# User plus system CPU seconds the process has used so far.
cpu_seconds() {
  awk -v ticks="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / ticks }' "/proc/$1/stat"
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
  local cpu_before wall_before server_core_before load_core_before
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
\"rss_kib\":$(proc_status_kib "$server_pid" VmRSS),\"wrk\":$wrk_json${extra:+,$extra}}" >>"$results"
}

# Profiles the server on-CPU while wrk loads it; keeps the hottest symbols.
# Usage: profile_run SCENARIO SCRIPT
profile_run() {
  [ "${BENCH_PROFILE:-1}" = 0 ] && return
  local scenario=$1 script=$2 data=$work/logs/$1.perf.data
  log "profiling $scenario"
  # DWARF unwinding: the Release build has no frame pointers, and the inclusive times need stacks.
  perf record -q -F 499 --call-graph dwarf,8192 -p "$server_pid" -o "$data" \
    -- sleep "$profile_seconds" >/dev/null 2>&1 &
  local perf_pid=$!
  BENCH_LUA_DIR="$root/bench/wrk" pinned "$load_cpu" wrk -t1 -c"$profile_connections" \
    -d"${profile_seconds}s" --timeout 10s -s "$root/bench/wrk/$script" \
    "http://127.0.0.1:$server_port/" >"$work/logs/$scenario.profile.wrk.txt"
  wait "$perf_pid" || true
  perf report -i "$data" --no-children --sort dso,symbol -g none --percent-limit 0.8 --stdio \
    2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 >"$work/logs/$scenario.profile.txt" || true
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

# --- Phases ---------------------------------------------------------------------------------

# The ceiling's pool: 500 units per second of the run, about twice what this machine's disk
# commits; running out is reported.
phase_storage_ceiling() {
  local data=$work/ceiling-data groups=$((duration * 25))
  log "storage ceiling: seeding $((groups * 20)) blocks of 50 apps"
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix ceiling \
    --groups "$groups" --apps-per-group 1000 --blocks-out "$work/ceiling.blocks" \
    >>"$work/logs/seed.jsonl"
  log "storage ceiling: UnpublishApp's unit of work, serial, in-process"
  local core_before wall_before json
  core_before=$(core_busy_seconds "$server_cpu")
  wall_before=$(date +%s.%N)
  pinned "$server_cpu" "$build/bench/wsapp_bench_store_ceiling" --data-dir "$data" \
    --blocks "$work/ceiling.blocks" --max-seconds "$duration" >"$work/logs/ceiling.json"
  json=$(cat "$work/logs/ceiling.json")
  echo "{\"kind\":\"ceiling\",\
\"wall_s\":$(awk -v from="$wall_before" -v to="$(date +%s.%N)" 'BEGIN { print to - from }'),\
\"server_core_busy_s\":$(awk "BEGIN { print $(core_busy_seconds "$server_cpu") - $core_before }"),\
\"result\":$json}" >>"$results"
  ceiling_units_per_second=$(echo "$json" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["units_per_second"]))')
  rm -rf "$data"
}

# Sends the minimal server the very bytes the token-authenticated list sent to wsappd.
phase_minimal_server() {
  start_server minimal "$work/logs/minimal.log" "$build/bench/wsapp_bench_minimal_server"
  for connections in "${connection_counts[@]}"; do
    run_wrk minimal "$connections" "$duration" list.lua
  done
  profile_run minimal list.lua
  stop_server
}

# Seeds one pool of blocks for an UnpublishApp run: enough for twice the storage ceiling's
# rate over the run, plus one block per connection in flight at the end.
seed_unpublish_pool() {
  local name=$1 connections=$2 seconds=$3 data=$4
  local blocks=$((ceiling_units_per_second * seconds * 2 + connections))
  local groups=$(((blocks + 19) / 20))
  "$build/bench/wsapp_bench_tool" seed --data-dir "$data" --name-prefix "$name" \
    --groups "$groups" --apps-per-group 1000 --groups-out "$work/$name.groups" \
    --blocks-out "$work/$name.blocks" >>"$work/logs/seed.jsonl"
}

apps_in_groups() {
  "$build/bench/wsapp_bench_tool" count --data-dir "$1" --groups-file "$2" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["listed_groups_apps"])'
}

run_unpublish() {
  local connections=$1 data=$2
  local pool=unpublish-c$connections
  export BENCH_BLOCKS=$work/$pool.blocks BENCH_THREADS=1
  local before after mark end_mark successes
  before=$(apps_in_groups "$data" "$work/$pool.groups")
  mark=$(log_mark)
  run_wrk unpublish "$connections" "$duration" unpublish.lua "\"accounting\":__ACCOUNTING__"
  wait_quiet_log
  end_mark=$(log_mark)
  after=$(apps_in_groups "$data" "$work/$pool.groups")
  successes=$(sed -n "$((mark + 1)),${end_mark}p" "$server_log" |
    grep -c 'route=UnpublishApp status=200' || true)
  local accounting="{\"apps_before\":$before,\"apps_after\":$after,\
\"apps_removed\":$((before - after)),\"server_successes\":$successes,\
\"log_first_line\":$((mark + 1)),\"log_last_line\":$end_mark}"
  sed -i "\$s/__ACCOUNTING__/$accounting/" "$results"
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

  start_server wsappd "$work/logs/wsappd.log" "$build/wsappd" --data-dir "$data" \
    --listen 127.0.0.1:0
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
    run_unpublish "$connections" "$data"
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

# --- Main -----------------------------------------------------------------------------------

install_missing_tools
build_programs
rm -rf "$work"
mkdir -p "$work/logs"
: >"$results"
build_seconds=$(($(date +%s) - started_at))

phase_storage_ceiling
phase_wsappd
phase_minimal_server
phase_cost_curve

total_seconds=$(($(date +%s) - started_at))
echo "{\"kind\":\"run\",\"build_s\":$build_seconds,\"total_s\":$total_seconds,\
\"duration_s\":$duration,\"server_cpu\":$server_cpu,\"load_cpu\":$load_cpu,\"nice\":$bench_nice,\
\"loadavg_start\":\"$loadavg_start\",\"loadavg_end\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >>"$results"
python3 "$root/bench/report.py" --results "$results" --logs "$work/logs" --root "$root" \
  --out "$build/bench/report.md"
log "report: $build/bench/report.md (${total_seconds}s)"
