-- GET one path over and over with the headers given in the environment:
-- WRK_TOKEN (bearer) or WRK_COOKIE (a session).
local report = dofile(os.getenv("BENCH_DIR") .. "/report.lua")

local token = os.getenv("WRK_TOKEN")
local cookie = os.getenv("WRK_COOKIE")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end

done = report.done
