-- wrk script: POST /v1/decisions for a random benchmark customer on a random channel.
-- CHORUS_KEY must hold an API key with the CHANNEL role; CHORUS_CUSTOMERS the number of customers (default 100000).
-- CHORUS_PREVIEW=true asks for previews: the same decisions, nothing recorded (what the audit costs is the difference).
-- CHORUS_CHANNELS=WEB,APP narrows the channels (default: all eight, three of them outbound sends).
-- CHORUS_RATE=500 paces the load: before each request a connection waits a random time (exponential, with a mean of
-- CHORUS_CONNECTIONS, the -c given to wrk, over the rate), so across many connections requests arrive as a Poisson
-- stream, bursts included, a little under that rate (each connection also waits for its answers: wrk prints the rate
-- reached). Unset: each connection sends its next request as soon as it has an answer.
math.randomseed(os.time())
local channels = {}
for channel in string.gmatch(os.getenv("CHORUS_CHANNELS") or "STORE,CALL_CENTER,WEB,APP,SOCIAL,EMAIL,SMS,LETTER", "[^,]+") do
  channels[#channels + 1] = channel
end
local customers = tonumber(os.getenv("CHORUS_CUSTOMERS") or "100000")
local preview = os.getenv("CHORUS_PREVIEW") == "true" and ',"preview":true' or ""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CHORUS_KEY")

local rate = tonumber(os.getenv("CHORUS_RATE") or "0")
if rate > 0 then
  local mean = 1000 * tonumber(os.getenv("CHORUS_CONNECTIONS") or "64") / rate
  delay = function()
    return -mean * math.log(1 - math.random())
  end
end

request = function()
  local body = string.format('{"customer":{"id":"B-%d"},"channel":"%s","asOf":"2026-05-20T10:00:00Z"%s}',
    math.random(1, customers), channels[math.random(1, #channels)], preview)
  return wrk.format(nil, "/v1/decisions", nil, body)
end

response = function(status, headers, body)
  if status ~= 200 then
    print("status " .. status .. ": " .. body)
  end
end
