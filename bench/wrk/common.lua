-- Shared by every scenario: sessions from BENCH_SESSIONS (one "cookie<TAB>csrf" a line),
-- each wrk thread taking its own share, and a parseable summary at the end.
local common = {}

function common.sessions()
  local list = {}
  local path = os.getenv("BENCH_SESSIONS")
  if path then
    for line in io.lines(path) do
      local cookie, csrf = line:match("^([^\t]+)\t(.+)$")
      list[#list + 1] = {cookie = cookie, csrf = csrf}
    end
  end
  return list
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  thread:set("count", 0)
  counter = counter + 1
  table.insert(threads, thread)
end

-- p50/p95/p99 in microseconds, and how many answers were not the expected status.
function done(summary, latency, requests)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + (thread:get("unexpected") or 0)
  end
  io.write(string.format("BENCH requests=%d seconds=%.3f p50=%d p95=%d p99=%d errors=%d unexpected=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout, unexpected))
end

-- Count answers whose status differs from the scenario's expected one (e.g. 206, 302).
function common.expect(status)
  unexpected = 0
  response = function(got)
    if got ~= status then
      unexpected = unexpected + 1
      wrk.thread:set("unexpected", unexpected)
    end
  end
end

return common
