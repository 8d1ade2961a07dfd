-- ListPublishedApp with a token: the same GET on every connection, a page of 10.
-- Environment: BENCH_LUA_DIR (this folder), BENCH_LIST_PATH (path and query), BENCH_TOKEN.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local summary = require("summary")

wrk.method = "GET"
wrk.path = os.getenv("BENCH_LIST_PATH")
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"

function done(run, latency, requests)
  summary.print(run, latency)
end
