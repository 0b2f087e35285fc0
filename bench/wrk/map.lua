-- The journey-map editor's autosave: the plan's form fields (BENCH_BODY_FILE: 8 stages of 3
-- steps, every lane filled) POSTed as the editor's fetch sends them, X-CSRFToken and
-- Accept: application/json. A save is a compare-and-set on the map's revision, so every
-- request is another learner's map (each session in BENCH_SESSIONS once, like quiz.lua),
-- saved from its seeded revision 1; a second save of revision 1 would answer 409.
-- Expects 200 ({"saved": true, "revision": 2, ...}).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local sessions = common.sessions()
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "r"))
local fields = file:read("*a")
file:close()
local threads_n = tonumber(os.getenv("BENCH_THREADS") or "2")
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")  -- a second run takes other learners
local i = -1
common.expect(200)

function request()
  i = i + 1
  local index = offset + i * threads_n + wrk.thread:get("id") + 1
  if index > #sessions then
    wrk.thread:stop()  -- every map saved once: another save of revision 1 would be a 409
    index = #sessions
  end
  local s = sessions[index]
  return wrk.format("POST", nil, {
    ["Cookie"] = s.cookie, ["X-CSRFToken"] = s.csrf, ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf_token=" .. s.csrf .. "&" .. fields)
end
