-- wrk script for scripts/bench-load.sh (BENCH_FLOOD=1): writes from people
-- who may not write, as fast as they are answered — status statements to
-- the demo's project, half without any credentials (answered with the
-- reads, off the write lane) and half with a well-formed session cookie that names no
-- session (on the lane, refused before the writer's turn). Every answer
-- must be 401.
local project = os.getenv("PROJECT")
local body = '{"date": "2009-09-01", "status": "on_track", "text": "Flom"}'
local counter = 0

request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  if counter % 2 == 0 then
    headers["Cookie"] = "framdrift_session=AAAAAAAAAAAAAAAAAAAAAA"
  end
  return wrk.format("POST", project .. "/status-statements", headers, body)
end

local unexpected = 0
response = function(status)
  if status ~= 401 then
    unexpected = unexpected + 1
  end
end

done = function()
  -- wrk reports non-2xx answers; 401 is what this load expects.
  io.write("   every answer is meant to be 401\n")
end
