-- GET /api/v1/leads?q=...&limit=50, one search term after another from BENCH_TERMS (one
-- URL-encoded term a line): names, companies, e-mails and numbers as people type them.
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local terms
local i = 0

setup = report.setup

function init(args)
  terms = report.lines(os.getenv("BENCH_TERMS"))
  report.json_client()
  i = (wrk.thread:get("id") or 0) * 7
end

function request()
  i = i % #terms + 1
  return wrk.format(nil, "/api/v1/leads?limit=50&q=" .. terms[i])
end

done = report.done
