-- POST /api/v1/leads: a new lead with a name, an Indonesian mobile number, an e-mail, a
-- company, a channel and two tags (BENCH_TAGS, "a,b"), as a web form or a dialer's import
-- sends one. The numbers are random over 400 million, so two are rarely the same (a
-- duplicate is answered 409 and counted as an error).
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local tags = os.getenv("BENCH_TAGS") or ""
local prefixes = { "812", "813", "821", "822" }
local n = 0

setup = report.setup

function init(args)
  report.json_client()
  wrk.method = "POST"
  local quoted = {}
  for tag in string.gmatch(tags, "[^,]+") do quoted[#quoted + 1] = '"' .. tag .. '"' end
  tags = "[" .. table.concat(quoted, ",") .. "]"
end

function request()
  n = n + 1
  local id = wrk.thread:get("id") or 0
  local body = string.format(
    '{"name":"Bench Lead %d-%d","phone":"+62 %s-%04d-%04d","email":"bench%d.%d@example.com",'
      .. '"company":"PT Bench %d","source":"web","tags":%s}',
    id, n, prefixes[math.random(#prefixes)], math.random(0, 9999), math.random(0, 9999),
    id, n, math.random(1, 5000), tags)
  return wrk.format(nil, "/api/v1/leads", nil, body)
end

done = report.done
