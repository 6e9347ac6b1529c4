-- A working team's mix at a steady pace: per connection one request every
-- WRK_INTERVAL_MS, of which half log a call (with its stage side effects), and the
-- rest read the lead list, a lead, the queue's metrics and the dashboard figures.
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local lines = report.lines

local leads, reps
local interval = tonumber(os.getenv("WRK_INTERVAL_MS") or "100")

setup = report.setup

function init(args)
  leads = lines(os.getenv("BENCH_LEADS"))
  reps = lines(os.getenv("BENCH_REPS"))
  report.json_client()
end

function delay()
  return interval
end

local reads = {
  function() return "/api/v1/leads?limit=50" end,
  function() return "/api/v1/leads/" .. leads[math.random(#leads)] end,
  function() return "/api/v1/calls?limit=50" end,
  function() return "/api/v1/metrics/funnel" end,
  function() return "/api/v1/metrics/calls" end,
}

function request()
  if math.random() < 0.5 then
    local body
    if math.random() < 0.38 then
      body = string.format('{"lead_id":"%s","rep_id":"%s","outcome":"connected","intent":"unclear","talk_seconds":%d}',
        leads[math.random(#leads)], reps[math.random(#reps)], math.random(20, 400))
    else
      body = string.format('{"lead_id":"%s","rep_id":"%s","outcome":"no_answer","ring_seconds":%d}',
        leads[math.random(#leads)], reps[math.random(#reps)], math.random(5, 45))
    end
    return wrk.format("POST", "/api/v1/calls", nil, body)
  end
  return wrk.format("GET", reads[math.random(#reads)](), nil, nil)
end

-- Any answer other than 2xx is an error here (wrk itself counts only 4xx and 5xx).
local bad = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if bad <= 5 then io.stderr:write("soak: answered " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end

done = report.done
