-- Shared by the load scripts: prints wrk's figures for one run as a single JSON line, prefixed
-- with "BENCH_RESULT ", which bench/run.sh picks out of wrk's output.
local summary = {}

-- extra: a table of further numeric fields from the script (requests issued, ...).
function summary.print(run, latency, extra)
  local errors = run.errors
  local fields = {
    requests = run.requests,
    duration_s = run.duration / 1e6,
    bytes = run.bytes,
    errors_connect = errors.connect,
    errors_read = errors.read,
    errors_write = errors.write,
    errors_status = errors.status,
    errors_timeout = errors.timeout,
    latency_mean_ms = latency.mean / 1000,
    latency_p50_ms = latency:percentile(50) / 1000,
    latency_p90_ms = latency:percentile(90) / 1000,
    latency_p99_ms = latency:percentile(99) / 1000,
    latency_max_ms = latency.max / 1000,
  }
  for key, value in pairs(extra or {}) do
    fields[key] = value
  end
  local parts = {}
  for key, value in pairs(fields) do
    parts[#parts + 1] = string.format('"%s":%.6f', key, value)
  end
  io.write("BENCH_RESULT {" .. table.concat(parts, ",") .. "}\n")
end

return summary
