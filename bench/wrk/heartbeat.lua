-- Progress heartbeats of many enrolled learners (round robin over BENCH_SESSIONS), JSON
-- with the X-CSRFToken header as the player sends them; expects 200.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local sessions = common.sessions()
local i = 0
common.expect(200)

function request()
  i = i + 1
  local s = sessions[(i * 2 + wrk.thread:get("id")) % #sessions + 1]
  local at = (i % 10) * 2
  local body = string.format('{"position": %d, "intervals": [[%d, %d]], "speed": 1}', at + 2, at, at + 2)
  return wrk.format("POST", nil, {
    ["Cookie"] = s.cookie, ["X-CSRFToken"] = s.csrf, ["Content-Type"] = "application/json",
  }, body)
end
