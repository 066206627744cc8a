-- wrk script for scripts/bench-load.sh: a signed-in leader's mixed load,
-- nine plan reads to one write (a new status statement, so no write waits
-- for another's version). The statements' dates run through the project's
-- 36 months as a leader's would, rather than thousands on one day.
local cookie = os.getenv("COOKIE")
local project = os.getenv("PROJECT")
local counter = 0

request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    local n = math.floor(counter / 10)
    local body = string.format(
      '{"date": "%d-%02d-%02d", "status": "on_track", "text": "Last %d"}',
      2009 + math.floor(n / 336) % 3, 1 + math.floor(n / 28) % 12, 1 + n % 28, counter)
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
