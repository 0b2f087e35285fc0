-- GET the URL as one signed-in user (BENCH_COOKIE); expects 200.
local common = dofile(os.getenv("BENCH_LUA") .. "/common.lua")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
common.expect(tonumber(os.getenv("BENCH_STATUS") or "200"))
