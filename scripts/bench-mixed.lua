-- wrk script for scripts/bench-load.sh: a signed-in leader's mixed load,
-- nine plan reads to one write (a new status statement, so no write waits
-- for another's version).
local cookie = os.getenv("COOKIE")
local project = os.getenv("PROJECT")
local counter = 0

request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    local body = string.format(
      '{"date": "2010-01-01", "status": "on_track", "text": "Last %d"}', counter)
    return wrk.format("POST", project .. "/status-statements", {
      ["Content-Type"] = "application/json",
      ["Cookie"] = cookie,
    }, body)
  end
  return wrk.format("GET", project .. "/plan", {
    ["Cookie"] = cookie,
    ["Accept-Encoding"] = "br, gzip",
  })
end
