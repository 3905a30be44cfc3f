-- Exact sliding-window log: one sorted set per key, member = attempt id, score = Redis time (ms).
-- Every window of a policy is checked against the same set, atomically, with the server's clock.
--
-- KEYS[1]  the sorted set
-- ARGV[1]  mode: reserve | status | exhaust | release | rebuild
-- ARGV[2]  attempt id (reserve, release), a unique nonce (exhaust), or for status the number
--          of slots wanted at once (empty: 1)
-- ARGV[3]  "1": answer {-1, now} when the set does not exist (the caller rebuilds it first)
-- ARGV[4]  clock override in ms, honoured only when non-empty (tests, gated in Python)
-- ARGV[5]  number of windows n, then n pairs: limit, span in ms
-- rebuild: after the windows, pairs of member, score in ms
--
-- Returns {status, now_ms, count_1, next_slot_ms_1, ..., count_n, next_slot_ms_n}, where next_slot_ms
-- is when the slots wanted are free in that window (capped at its limit; 1 but for status)
-- status: -1 missing, 0 denied, 1 granted, 2 already held by this attempt, 3 read only.
local key = KEYS[1]
local mode = ARGV[1]
local member = ARGV[2]
local now
if ARGV[4] ~= '' then
  now = tonumber(ARGV[4])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local n = tonumber(ARGV[5])
local limits, spans = {}, {}
local maxspan, maxlimit = 0, 0
for i = 1, n do
  limits[i] = tonumber(ARGV[4 + 2 * i])
  spans[i] = tonumber(ARGV[5 + 2 * i])
  if spans[i] > maxspan then maxspan = spans[i] end
  if limits[i] > maxlimit then maxlimit = limits[i] end
end

if ARGV[3] == '1' and redis.call('EXISTS', key) == 0 then
  return {-1, now}
end

-- The window is (now - span, now]: an attempt stops counting exactly span ms after it was made.
-- k slots are free once all but limit - k of the attempts inside have aged out: when the
-- (count - limit + k)-th oldest of them does (k = 1: the next slot).
local function next_slot(i, count, k)
  k = math.min(k or 1, limits[i])
  if count + k <= limits[i] then return now end
  local row = redis.call('ZRANGEBYSCORE', key, '(' .. (now - spans[i]), '+inf', 'WITHSCORES', 'LIMIT',
    count - limits[i] + k - 1, 1)
  return tonumber(row[2]) + spans[i]
end

local function measure(status, k)
  local out = {status, now}
  for i = 1, n do
    local count = redis.call('ZCOUNT', key, '(' .. (now - spans[i]), '+inf')
    out[#out + 1] = count
    out[#out + 1] = next_slot(i, count, k)
  end
  return out
end

local function prune()
  if maxspan > 0 then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - maxspan)
  end
end

if mode == 'status' then
  return measure(3, tonumber(member))
end

if mode == 'reserve' then
  prune()
  if redis.call('ZSCORE', key, member) then
    return measure(2)
  end
  local out = measure(0)
  for i = 1, n do
    if out[1 + 2 * i] >= limits[i] then
      return out
    end
  end
  redis.call('ZADD', key, 'NX', now, member)
  redis.call('PEXPIRE', key, maxspan + 60000)
  -- The new attempt, dated now, counts in every window.
  out[1] = 1
  for i = 1, n do
    out[1 + 2 * i] = out[1 + 2 * i] + 1
    out[2 + 2 * i] = next_slot(i, out[1 + 2 * i])
  end
  return out
end

if mode == 'exhaust' then
  prune()
  -- maxlimit attempts dated now close every window for its full length, whatever it held before.
  for i = 1, maxlimit do
    redis.call('ZADD', key, 'NX', now, 'exhaust:' .. member .. ':' .. i)
  end
  redis.call('PEXPIRE', key, maxspan + 60000)
  return measure(3)
end

if mode == 'release' then
  redis.call('ZREM', key, member)
  return measure(3)
end

if mode == 'rebuild' then
  local first = 6 + 2 * n
  local added = 0
  for j = first, #ARGV, 2 do
    local score = tonumber(ARGV[j + 1])
    if score > now - maxspan then
      added = added + redis.call('ZADD', key, 'NX', score, ARGV[j])
    end
  end
  if added > 0 then
    redis.call('PEXPIRE', key, maxspan + 60000)
  end
  return measure(3)
end

return redis.error_reply('unknown mode ' .. tostring(mode))
