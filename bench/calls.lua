-- POST /api/v1/calls (or, with WRK_BATCH=n, /api/v1/calls/batch with n calls) for
-- random leads of the benchmark data set, by random reps, with the seeds' outcome mix
-- (WRK_CONNECTED=0: no call connects, so none moves its lead, as in pgbench_calls.sql).
-- WRK_OWN_LEADS=n: each of wrk's n threads (one connection each) dials its own share of
-- the leads, as dialers working their own lists do; otherwise all draw from all leads.
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local lines = report.lines

local leads, reps
local batch = tonumber(os.getenv("WRK_BATCH") or "0")
local outcomes = { "no_answer", "no_answer", "busy", "voicemail", "rejected", "no_answer" }
local intents = { "clear", "unclear", "unclear", "none", "none" }
local connected = tonumber(os.getenv("WRK_CONNECTED") or "0.38")

setup = report.setup

function init(args)
  leads = lines(os.getenv("BENCH_LEADS"))
  local shares = tonumber(os.getenv("WRK_OWN_LEADS") or "0")
  if shares > 1 then
    local mine, share = {}, (wrk.thread:get("id") or 1) - 1
    for i = 1, #leads do
      if i % shares == share then mine[#mine + 1] = leads[i] end
    end
    leads = mine
  end
  reps = lines(os.getenv("BENCH_REPS"))
  report.json_client()
  wrk.method = "POST"
end

local function call()
  local lead = leads[math.random(#leads)]
  local rep = reps[math.random(#reps)]
  -- About 38% of dials connect (seed 000), or WRK_CONNECTED's share.
  if math.random() < connected then
    return string.format(
      '{"lead_id":"%s","rep_id":"%s","outcome":"connected","intent":"%s","talk_seconds":%d}',
      lead, rep, intents[math.random(#intents)], math.random(20, 400))
  end
  return string.format('{"lead_id":"%s","rep_id":"%s","outcome":"%s","ring_seconds":%d}',
    lead, rep, outcomes[math.random(#outcomes)], math.random(5, 45))
end

function request()
  if batch > 0 then
    local items = {}
    for i = 1, batch do items[i] = call() end
    return wrk.format(nil, "/api/v1/calls/batch", nil, '{"calls":[' .. table.concat(items, ",") .. "]}")
  end
  return wrk.format(nil, "/api/v1/calls", nil, call())
end

done = report.done
