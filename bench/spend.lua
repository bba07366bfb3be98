-- Single-use requests (an authorization code, a Mini App datum): one line of BENCH_FILE per request. Each of the
-- BENCH_THREADS wrk threads takes every BENCH_THREADS-th line; a thread that has spent its lines stops, so a run
-- never measures refused replays (wrk divides by the time it ran). BENCH_FORMAT=token sends the line as the code of
-- an authorization_code grant (client_secret_basic with BENCH_BASIC, redirect_uri BENCH_REDIRECT); otherwise the
-- line is a JSON body. done() prints "spent N left M" (M = 0 means the file ran out before the time did).
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local total = tonumber(os.getenv("BENCH_THREADS"))
  lines = {}
  local n = 0
  for line in io.lines(os.getenv("BENCH_FILE")) do
    if n % total == index then lines[#lines + 1] = line end
    n = n + 1
  end
  position = 0
  count = #lines
  token = os.getenv("BENCH_FORMAT") == "token"
  headers = {}
  if token then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Authorization"] = "Basic " .. os.getenv("BENCH_BASIC")
    suffix = "&redirect_uri=" .. os.getenv("BENCH_REDIRECT")
  else
    headers["Content-Type"] = "application/json"
  end
end

function request()
  position = position + 1
  local line = lines[position]
  if line == nil then
    wrk.thread:stop()
    line = lines[#lines]
  end
  local body = line
  if token then body = "grant_type=authorization_code&code=" .. line .. suffix end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local spent, left = 0, 0
  for _, t in ipairs(threads) do
    local p, l = t:get("position"), t:get("count")
    spent = spent + math.min(p, l)
    left = left + math.max(l - p, 0)
  end
  io.write(string.format("spent %d left %d\n", spent, left))
end
