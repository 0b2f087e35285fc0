-- Submit a 20-question quiz: every request is another learner's open attempt (each session
-- in BENCH_SESSIONS once); the answers (BENCH_BODY) are form-encoded with the CSRF token.
-- A graded submission answers 302 to the result page.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local sessions = common.sessions()
local answers = os.getenv("BENCH_BODY")
local threads_n = tonumber(os.getenv("BENCH_THREADS") or "2")
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")  -- a second run takes other learners
local i = -1
common.expect(302)

function request()
  i = i + 1
  local index = offset + i * threads_n + wrk.thread:get("id") + 1
  if index > #sessions then
    wrk.thread:stop()  -- every attempt submitted: a resubmission would measure nothing
    index = #sessions
  end
  local s = sessions[index]
  return wrk.format("POST", nil, {
    ["Cookie"] = s.cookie, ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf_token=" .. s.csrf .. "&" .. answers)
end
