-- ListPublishedApp signed with an access key (SDK-HMAC-SHA256), as the Go SDK sends it. The
-- requests were signed ahead of the run by `wsapp_bench_tool sign`, each with its own X-Sdk-Date
-- inside the 15-minute window; connections take them in turn.
-- Environment: BENCH_LUA_DIR, BENCH_LIST_PATH, BENCH_PROJECT_ID, BENCH_SIGNED (the tool's file:
-- "<X-Sdk-Date>\t<Authorization>" per line).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local summary = require("summary")

local requests = {}
local next_index = 0

function init(args)
  local path = os.getenv("BENCH_LIST_PATH")
  for line in io.lines(os.getenv("BENCH_SIGNED")) do
    local sdk_date, authorization = line:match("^([^\t]+)\t(.+)$")
    local headers = {
      ["Content-Type"] = "application/json",
      ["User-Agent"] = "huaweicloud-usdk-go/3.0",
      ["X-Project-Id"] = os.getenv("BENCH_PROJECT_ID"),
      ["X-Sdk-Date"] = sdk_date,
      ["Authorization"] = authorization,
    }
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function done(run, latency, requests)
  summary.print(run, latency)
end
