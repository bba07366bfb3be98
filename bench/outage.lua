-- One route under a database outage (OUTAGE_METHOD, OUTAGE_BODY, OUTAGE_AUTH from the environment): counts the
-- answers that are 503 with the JSON error contract's SERVICE_UNAVAILABLE code, and every other answer.
wrk.method = os.getenv("OUTAGE_METHOD") or "GET"
wrk.headers["Content-Type"] = "application/json"
local body = os.getenv("OUTAGE_BODY") or ""
if body ~= "" then wrk.body = body end
local auth = os.getenv("OUTAGE_AUTH") or ""
if auth ~= "" then wrk.headers["Authorization"] = "Bearer " .. auth end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) json503 = 0; other = 0 end
function response(status, headers, body)
  if status == 503 and body:find('"code":"SERVICE_UNAVAILABLE"', 1, true) then json503 = json503 + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local j, o = 0, 0
  for _, t in ipairs(threads) do j = j + t:get("json503"); o = o + t:get("other") end
  io.write(string.format("json503 %d other %d\n", j, o))
end
