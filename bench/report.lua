-- Shared by the wrk scripts: the machine-readable line with the figures the harness
-- reports (requests/s, latency percentiles in ms, errors), and reading id files.
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

return M
