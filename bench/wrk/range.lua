-- 1 MB Range requests at random 1 MB-aligned offsets of the video (BENCH_VIDEO_BYTES long).
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local size = tonumber(os.getenv("BENCH_VIDEO_BYTES"))
local chunk = 1024 * 1024
local chunks = math.floor(size / chunk)
local cookie = os.getenv("BENCH_COOKIE")
common.expect(206)

function init(args)
  math.randomseed(wrk.thread:get("id") + 1)
end

function request()
  local start = math.random(0, chunks - 1) * chunk
  local headers = {Range = string.format("bytes=%d-%d", start, start + chunk - 1)}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", nil, headers)
end
