-- Shared by the wrk scripts: the machine-readable line with the figures the harness
-- reports (requests/s, latency percentiles in ms, errors), reading id files, and numbering
-- wrk's threads for API clients that post JSON.
local M = {}

function M.done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end

-- The lines of a file (lead and rep ids written by the harness).
function M.lines(path)
  local out = {}
  for line in io.lines(path) do out[#out + 1] = line end
  return out
end

-- As the script's setup(): numbers wrk's threads 1, 2, ... (each thread's "id").
local threads = 0
function M.setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

-- For a thread's init(): seeds math.random apart from the other threads', and sends the
-- harness's API token (WRK_TOKEN) with JSON bodies.
function M.json_client()
  math.randomseed(os.time() * 1000 + (wrk.thread:get("id") or 0))
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
  wrk.headers["Content-Type"] = "application/json"
end

return M
