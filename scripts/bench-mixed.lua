-- wrk script for scripts/bench-load.sh: a signed-in leader's mixed load,
-- nine plan reads to one write. WRITES chooses the writes:
--   statements  a new status statement each (not part of the plan: the
--               plan's kept answer stays good, see app::api::cache);
--   progress    an activity's status and percent complete (changes the
--               plan: the next plan read reads it afresh);
--   both        the two in turn (the default).
-- Statements are dated through the project's 36 months, as a leader's
-- would be. Progress carries the version it is based on: ACTIVITIES lists
-- "key:version" pairs; each wrk thread writes its own share of them, never
-- two writes of one activity at once, and takes the new version from the
-- answer, so no write is refused as stale.
-- BENCH_THINK_MS: a pause before each request of a connection, as a person
-- reading the answer would take; the load then comes at a rate (at most
-- connections / (pause + answer time)) instead of as fast as answers come.
local think = tonumber(os.getenv("BENCH_THINK_MS") or "0")
if think > 0 then
  delay = function() return think end
end

local cookie = os.getenv("COOKIE")
local project = os.getenv("PROJECT")
local writes = os.getenv("WRITES") or "both"
local threads = tonumber(os.getenv("WRK_THREADS") or "2")

local counter = 0
local writes_made = 0
local mine = {}      -- this thread's activity keys
local version = {}   -- key -> version
local busy = {}      -- key -> a write of it is under way
local turn = 0

local thread_count = 0
function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local index = 0
  for pair in string.gmatch(os.getenv("ACTIVITIES") or "", "[^,]+") do
    local key, v = string.match(pair, "^(.+):(%d+)$")
    if key and index % threads == (thread_index or 0) then
      table.insert(mine, key)
      version[key] = tonumber(v)
    end
    index = index + 1
  end
end

local function statement()
  local n = math.floor(counter / 10)
  local body = string.format(
    '{"date": "%d-%02d-%02d", "status": "on_track", "text": "Last %d"}',
    2009 + math.floor(n / 336) % 3, 1 + math.floor(n / 28) % 12, 1 + n % 28, counter)
  return wrk.format("POST", project .. "/status-statements", {
    ["Content-Type"] = "application/json",
    ["Cookie"] = cookie,
  }, body)
end

-- The next activity of this thread no write is under way for, if any.
local function free_activity()
  for _ = 1, #mine do
    turn = turn % #mine + 1
    local key = mine[turn]
    if not busy[key] then return key end
  end
  return nil
end

local function progress()
  local key = free_activity()
  if key == nil then return nil end
  busy[key] = true
  local body = string.format(
    '{"status": "in_progress", "percent_complete": %d, "version": %d}',
    1 + counter % 99, version[key])
  return wrk.format("PUT", project .. "/activities/" .. key .. "/progress", {
    ["Content-Type"] = "application/json",
    ["Cookie"] = cookie,
  }, body)
end

local function read()
  return wrk.format("GET", project .. "/plan", {
    ["Cookie"] = cookie,
    ["Accept-Encoding"] = "br, gzip",
  })
end

request = function()
  counter = counter + 1
  if counter % 10 ~= 0 then return read() end
  writes_made = writes_made + 1
  local want_progress = writes == "progress"
    or (writes == "both" and writes_made % 2 == 0)
  if want_progress and #mine > 0 then
    return progress() or read()
  end
  return statement()
end

-- Only where progress is written: reading every answer costs wrk time.
if writes ~= "statements" then
  response = function(status, headers, body)
    if status ~= 200 or body == nil then return end
    local key, v = string.match(body, '^{"key":"([^"]+)","version":(%d+)')
    if key and version[key] ~= nil then
      version[key] = tonumber(v)
      busy[key] = nil
    end
  end
end
