-- UnpublishApp with 50 ids per request and a token. Every request gets its own block of 50 apps
-- published beforehand (BENCH_BLOCKS: "<group> <id>,...,<id>" per line), so each one that
-- succeeds removes exactly 50 apps. With several wrk threads, thread k of n takes the blocks
-- k+1, k+1+n, ...; the blocks are never reused within a run: once a thread has used up its share
-- it starts over and reports it ("exhausted"), which the count check then shows as well.
-- Environment: BENCH_LUA_DIR, BENCH_PROJECT_ID, BENCH_TOKEN, BENCH_BLOCKS, BENCH_THREADS.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local summary = require("summary")

local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")
local created = 0
local threads = {}

function setup(thread)
  thread:set("thread_index", created)
  created = created + 1
  threads[#threads + 1] = thread
end

local requests = {}
issued = 0
exhausted = 0

function init(args)
  local project = os.getenv("BENCH_PROJECT_ID")
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Auth-Token"] = os.getenv("BENCH_TOKEN"),
  }
  local line_number = 0
  for line in io.lines(os.getenv("BENCH_BLOCKS")) do
    if line_number % thread_count == thread_index then
      local group, ids = line:match("^(%S+) (%S+)$")
      local path = "/v1/" .. project .. "/app-groups/" .. group .. "/apps/batch-unpublish"
      local body = '{"ids":["' .. ids:gsub(",", '","') .. '"]}'
      requests[#requests + 1] = wrk.format("POST", path, headers, body)
    end
    line_number = line_number + 1
  end
end

function request()
  issued = issued + 1
  if issued > #requests then
    exhausted = exhausted + 1
  end
  return requests[(issued - 1) % #requests + 1]
end

function done(run, latency, requests)
  local total_issued, total_exhausted = 0, 0
  for _, thread in ipairs(threads) do
    total_issued = total_issued + thread:get("issued")
    total_exhausted = total_exhausted + thread:get("exhausted")
  end
  summary.print(run, latency, {issued = total_issued, exhausted = total_exhausted})
end
