-- wrk script: POST /api/register heartbeats from distinct machines, the same shape as
-- HeartbeatLoad sends (hostname bench-%06d, address 10.a.b.c from the machine's number).
--
--   wrk -t2 -c64 -d20s -s bench/wrk/register.lua http://127.0.0.1:PORT -- MACHINES THREADS
--
-- MACHINES (default 10000) is how many distinct hostnames to cycle over; THREADS must equal
-- wrk's -t so the threads' hostnames interleave without overlap (thread t sends machines
-- t, t+T, t+2T, ... wrapping at MACHINES). Counters are per thread: wrk gives each thread its
-- own Lua state. wrk is closed-loop (each connection sends its next request when the previous
-- answer arrives), so its latency is not corrected for coordinated omission; see bench/README.md.

local machines = 10000
local threads = 1
id = 0  -- global: setup() sets it per thread with thread:set("id", n)
local counter = 0
local next_id = 0

function setup(thread)
   -- Runs in wrk's main Lua state once per thread, before the thread's init.
   thread:set("id", next_id)
   next_id = next_id + 1
end

function init(args)
   machines = tonumber(args[1] or "10000")
   threads = tonumber(args[2] or "1")
   wrk.method = "POST"
   wrk.path = "/api/register"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   local i = (counter * threads + id) % machines
   counter = counter + 1
   local body = string.format(
      '{"hostname":"bench-%06d","ip_address":"10.%d.%d.%d","interface":"eth0","interval_seconds":30}',
      i, math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
   return wrk.format(nil, nil, nil, body)
end

local function ms(us)
   return string.format("%.3f", us / 1000)
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout + e.status
   io.write(string.format("== wrk (closed loop): %d requests in %.1f s = %.0f heartbeats/s ==\n",
      summary.requests, seconds, summary.requests / seconds))
   io.write(string.format("  latency ms: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, stdev %s)\n",
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
      ms(latency:percentile(99.9)), ms(latency.max), ms(latency.mean), ms(latency.stdev)))
   io.write(string.format("  errors %d: HTTP status >= 400 %d, connect %d, read %d, write %d, timeout %d\n",
      errors, e.status, e.connect, e.read, e.write, e.timeout))
   io.write(string.format("RESULT-WRK requests=%d seconds=%.1f rate=%.0f p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s errors=%d non2xx=%d\n",
      summary.requests, seconds, summary.requests / seconds, ms(latency:percentile(50)), ms(latency:percentile(99)),
      ms(latency:percentile(99.9)), ms(latency.max), errors, e.status))
end
