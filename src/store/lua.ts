/**
 * Lua scripts for the Redis store: the token-bucket algorithm of ./bucket.ts, run atomically
 * inside Redis so every process sharing it sees one bucket. Keep the two in step.
 *
 * Bucket hash fields: l = level, t = clock (ms) of the last write.
 * ARGV layout for take/debit: ARGV[1] = now; then per bucket i (KEYS[i]) five values:
 * capacity, refillPerMs, cost, consume (1/0), idle TTL (ms).
 */

/** The refill step both scripts share: the bucket's level now, and the clock to store with it. */
const REFILL_LUA = `
local function refill(key, cap, rate, now)
  local st = redis.call('HMGET', key, 'l', 't')
  if not st[1] then return cap, now end
  local t = tonumber(st[2])
  local el = now - t
  if el < 0 then el = 0 end
  local ts = now
  if t > now then ts = t end
  return math.min(cap, tonumber(st[1]) + el * rate), ts
end
`;

/** Returns {failedIndex (1-based, 0 = ok), retryAfterMs}. Writes only when every bucket passes. */
export const TAKE_LUA = REFILL_LUA + `
local now = tonumber(ARGV[1])
local n = #KEYS
local levels = {}
local prevts = {}
for i = 1, n do
  local b = 1 + (i - 1) * 5
  local cap = tonumber(ARGV[b + 1])
  local rate = tonumber(ARGV[b + 2])
  local cost = tonumber(ARGV[b + 3])
  local level, ts = refill(KEYS[i], cap, rate, now)
  local need = math.min(cost, cap)
  if level < need then
    local wait = 9007199254740991
    if rate > 0 then wait = math.ceil((need - level) / rate) end
    return {i, tostring(wait)}
  end
  levels[i] = level
  prevts[i] = ts
end
for i = 1, n do
  local b = 1 + (i - 1) * 5
  local level = levels[i]
  if ARGV[b + 4] == '1' then level = level - tonumber(ARGV[b + 3]) end
  redis.call('HSET', KEYS[i], 'l', string.format('%.17g', level), 't', string.format('%.17g', prevts[i]))
  redis.call('PEXPIRE', KEYS[i], ARGV[b + 5])
end
return {0, '0'}
`;

/** Subtract each cost, floor at -capacity. Returns 1. */
export const DEBIT_LUA = REFILL_LUA + `
local now = tonumber(ARGV[1])
for i = 1, #KEYS do
  local b = 1 + (i - 1) * 5
  local cap = tonumber(ARGV[b + 1])
  local rate = tonumber(ARGV[b + 2])
  local cost = tonumber(ARGV[b + 3])
  local level, ts = refill(KEYS[i], cap, rate, now)
  level = level - cost
  if level < -cap then level = -cap end
  redis.call('HSET', KEYS[i], 'l', string.format('%.17g', level), 't', string.format('%.17g', ts))
  redis.call('PEXPIRE', KEYS[i], ARGV[b + 5])
end
return 1
`;

/** KEYS[1] = verdict hash, KEYS[2] = allowlist set; ARGV[1] = account. Returns {verdict, campaign, score, allowlisted}. */
export const LOOKUP_LUA = `
local v = redis.call('HMGET', KEYS[1], 'verdict', 'campaign', 'score')
local a = redis.call('SISMEMBER', KEYS[2], ARGV[1])
return {v[1] or false, v[2] or false, v[3] or false, a}
`;
