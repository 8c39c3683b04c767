#!lua name=cqrs_projector
--[[
cqrs_projector: the projector runtime's bookkeeping on the READ store, one Redis 7
Function library (ProjectorRuntime). It owns the generation registry and the
dead-letter stream; the read models themselves belong to each projection's library.

Keys (<root> is the projection's read-store root, e.g. cqrs:rm):
  <root>:live                STRING  the live generation's name, e.g. "g3"
  <root>:gens                HASH    generation name -> building | live | retired
  <root>:gen-counter         STRING  the highest generation number ever registered (numbers
                                     are never reused, even after a generation is deleted)
  <root>:<gen>:dlq           STREAM  parked (dead-lettered) events of that generation
  <root>:<gen>:parked        HASH    aggregate -> version of its first parked event; later
                                     events of that aggregate are parked behind it
  <root>:<gen>:synced        HASH    runId -> the server's run_id when written; <log key> ->
                                     the position below which that log was applied
                                     (ReadStoreRecovery; written by cqrs_rt_mark)

A projection's apply function must write only while HGET <root>:gens <gen> is
"building" or "live": that is what keeps a retired generation from coming back.

Errors (first word is the code):
  CQRS_RT_BADARG <what>      a malformed argument
  CQRS_RT_STATE <what>       the generation is not in the state the call needs
]]

local LIBRARY_VERSION = 2
local WRITABLE = { building = true, live = true }

local function fail(code, msg)
  error({ err = code .. ' ' .. msg })
end

local function generation_name(text, what)
  if type(text) ~= 'string' or not string.match(text, '^g%d+$') or #text > 12 then
    fail('CQRS_RT_BADARG', what .. ' must be a generation name like g3, got ' .. tostring(text))
  end
  return text
end

-- Registers the next generation number (above every one ever used) in `state`.
local function register_next(gensKey, counterKey, state)
  local top = tonumber(redis.call('GET', counterKey) or '0')
  for _, name in ipairs(redis.call('HKEYS', gensKey)) do
    local n = tonumber(string.match(name, '^g(%d+)$') or '0')
    if n > top then top = n end
  end
  local name = 'g' .. (top + 1)
  redis.call('SET', counterKey, top + 1)
  redis.call('HSET', gensKey, name, state)
  return name
end

-- KEYS: live gens gen-counter. Returns the live generation, registering the next one as
-- live when there is none yet (a fresh read store).
local function bootstrap(keys, args)
  local live = redis.call('GET', keys[1])
  if live then return live end
  local name = register_next(keys[2], keys[3], 'live')
  redis.call('SET', keys[1], name)
  return name
end

-- KEYS: live gens gen-counter. Returns {name, "resumed"|"new"}: the generation being
-- built, or the next one, registered as building.
local function begin_rebuild(keys, args)
  local flat = redis.call('HGETALL', keys[2])
  for i = 1, #flat, 2 do
    if flat[i + 1] == 'building' then return { flat[i], 'resumed' } end
  end
  return { register_next(keys[2], keys[3], 'building'), 'new' }
end

-- KEYS: live gens; ARGV: gen. Makes a building generation live and retires the previous
-- live one, atomically. Returns the previous live generation or false.
local function switch(keys, args)
  local name = generation_name(args[1], 'generation')
  local state = redis.call('HGET', keys[2], name)
  if state ~= 'building' then
    fail('CQRS_RT_STATE', name .. ' is ' .. tostring(state or 'unknown') .. ', only a building generation can go live')
  end
  local old = redis.call('GET', keys[1])
  redis.call('SET', keys[1], name)
  redis.call('HSET', keys[2], name, 'live')
  if old and old ~= name then redis.call('HSET', keys[2], old, 'retired') end
  return old
end

-- KEYS: live gens; ARGV: gen. Retires a generation that is not live (abandoning a rebuild).
-- Returns its previous state, or false when it was not registered.
local function retire(keys, args)
  local name = generation_name(args[1], 'generation')
  if redis.call('GET', keys[1]) == name then
    fail('CQRS_RT_STATE', name .. ' is the live generation; it is never retired except by a switch')
  end
  local state = redis.call('HGET', keys[2], name)
  if state then redis.call('HSET', keys[2], name, 'retired') end
  return state
end

-- KEYS: gens dlq parked; ARGV: gen aggregate version field value [field value ...].
-- Appends a dead letter and marks the aggregate parked (unless already marked), only
-- while the generation is writable. Returns the dead letter's id, or false.
local function park(keys, args)
  local name = generation_name(args[1], 'generation')
  if #args < 5 or (#args - 3) % 2 ~= 0 then
    fail('CQRS_RT_BADARG', 'park needs gen aggregate version and field/value pairs, got ' .. #args .. ' arguments')
  end
  if not WRITABLE[redis.call('HGET', keys[1], name)] then return false end
  local id = redis.call('XADD', keys[2], '*', unpack(args, 4))
  if args[2] ~= '' then redis.call('HSETNX', keys[3], args[2], args[3]) end
  return id
end

-- This server's run_id (it changes with every restart).
local function run_id()
  return string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
end

-- KEYS: synced; ARGV: runId [log position ...]. Writes the mark only if this server's
-- run_id is still runId: a check that read the mark before a restart must not stamp
-- the restarted server's (restored, older) mark as seen. Returns 1 if written, else 0.
local function mark(keys, args)
  if #args < 1 or (#args - 1) % 2 ~= 0 then
    fail('CQRS_RT_BADARG', 'mark needs runId and log/position pairs, got ' .. #args .. ' arguments')
  end
  if run_id() ~= args[1] then return 0 end
  redis.call('HSET', keys[1], 'runId', unpack(args))
  return 1
end

-- KEYS: synced. Returns {this server's run_id, the mark as HGETALL gives it}, read in
-- one step so that both come from the same server life.
local function sync_state(keys, args)
  return { run_id(), redis.call('HGETALL', keys[1]) }
end

local function version(keys, args)
  return LIBRARY_VERSION
end

redis.register_function{ function_name = 'cqrs_rt_bootstrap', callback = bootstrap,
  description = 'KEYS live gens gen-counter; returns the live generation, creating the first one' }
redis.register_function{ function_name = 'cqrs_rt_begin_rebuild', callback = begin_rebuild,
  description = 'KEYS live gens gen-counter; returns {gen, resumed|new}' }
redis.register_function{ function_name = 'cqrs_rt_switch', callback = switch,
  description = 'KEYS live gens; ARGV gen; building -> live, old live -> retired' }
redis.register_function{ function_name = 'cqrs_rt_retire', callback = retire,
  description = 'KEYS live gens; ARGV gen; a non-live generation -> retired' }
redis.register_function{ function_name = 'cqrs_rt_park', callback = park,
  description = 'KEYS gens dlq parked; ARGV gen aggregate version field value ...' }
redis.register_function{ function_name = 'cqrs_rt_mark', callback = mark,
  description = 'KEYS synced; ARGV runId log position ...; written only while run_id is runId' }
redis.register_function{ function_name = 'cqrs_rt_sync_state', callback = sync_state,
  flags = { 'no-writes' }, description = 'KEYS synced; returns {run_id, mark}' }
redis.register_function{ function_name = 'cqrs_rt_version', callback = version,
  flags = { 'no-writes' }, description = 'library version' }
