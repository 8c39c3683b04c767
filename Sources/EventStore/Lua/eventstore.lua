#!lua name=cqrs_eventstore
--[[
cqrs_eventstore: the write side of the event store, as one Redis 7 Function library.

Load (idempotent, safe to repeat):  redis-cli -x FUNCTION LOAD REPLACE < eventstore.lua
A client compares FCALL_RO cqrs_es_version 0 with the LIBRARY_VERSION it ships and
re-runs FUNCTION LOAD REPLACE when the loaded library is older.

Key layout (the client builds every name; all keys of one call share one hash tag):
  <base> = <prefix>:{pN}              e.g. cqrs:{p7}
  <base>:log                STREAM  partition event log, never trimmed by append.
                                    fields, always in this order: eventId type schema
                                    aggregate version timestamp commandId correlationId
                                    causationId data
  <base>:idx:<Type>:<id>    LIST    element 0: the aggregate's current version, a decimal
                                    string written by cqrs_append (never derived from LLEN);
                                    elements 1..v: the log entry ids of versions 1..v, so
                                    LINDEX idx 0 is the version and LRANGE idx a b the ids of
                                    versions a..b. A missing key is version 0. LLEN is
                                    always version+1, which every function checks.
  <base>:cmd:<commandId>    STRING  "<newVersion> <firstVersion> <aggregate>" of a successful
                                    command, with a TTL
  <base>:snap:<Type>:<id>   HASH    version, schema, state

Lua does not roll back: every function validates everything (arguments, key names, key
types, index consistency) before its first write, so a rejected call writes nothing. The
appends check key types without TYPE: the idx through the pcall of its LINDEX, the log
through the pcall of the first XADD, which is the first write (a WRONGTYPE there has
written nothing) and is answered CQRS_CORRUPT like any other.
Every key name is checked against the log key (cqrs_snapshot: the idx key) and the
aggregate: all keys share its "<base>:" prefix, idx is <base>:idx:<aggregate>, snap is
<base>:snap:<aggregate>, cmd is <base>:cmd:<commandId>. So a client bug cannot index one
aggregate's events under another.

Functions: cqrs_append (the append), cqrs_append_or_catch_up (the same append for a client
that decided on a cached state: a version conflict replies with the entries it missed, so
the client catches up and retries in one round trip per attempt), cqrs_load,
cqrs_read_versions, cqrs_snapshot, cqrs_es_version. Both appends share one validation and
one write path, and check the command id before the version.

Event arguments of both appends (8 per event; the function adds aggregate and version):
  eventId       non-empty, unique within the call
  type, schema  non-empty, no control characters
  timestamp     decimal integer (epoch milliseconds), or empty: the entry id's time
  commandId     non-empty (the cmd key decides idempotency)
  correlationId, causationId, data   any string (may be empty)

Errors (the first word is the error code):
  CQRS_BADARG <what>                          bad argument count, value or key name
  CQRS_CONFLICT current=<v> expected=<e> aggregate=<a>   (cqrs_append; cqrs_append_or_catch_up
                                              replies {"conflict", current, entry...} instead)
  CQRS_IDEMPOTENCY_KEY_REUSED command=<id> recorded=<a> requested=<a>
  CQRS_MISSING_EVENT aggregate=<a> version=<v> id=<id>   (index names a trimmed entry)
  CQRS_CORRUPT <what>                         stored data not in the expected shape
]]

local LIBRARY_VERSION = 8

local MAX_EVENTS = 1000            -- events per append
local MAX_READ = 1000              -- entries per cqrs_read_versions call
local MAX_CATCH_UP = 64            -- entries in a cqrs_append_or_catch_up conflict reply
local MAX_VERSION = 9007199254740991   -- 2^53-1: exact in a Lua number
local MAX_TTL = 315360000          -- 10 years, in seconds
local MAX_AGGREGATE_LEN = 512
local MAX_SCHEMA_LEN = 128
local EVENT_ARGS = 8               -- eventId type schema timestamp commandId
                                   -- correlationId causationId data

-- The string functions the hot paths call, looked up once (a global and a field
-- lookup per call otherwise). FUNCTION LOAD runs this chunk without `string`: the
-- first call of a function sets them.
local find, sub, format

-- The event counts of the usual append, read without a string function.
local COUNTS = { ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
  ['8'] = 8, ['9'] = 9 }
-- The last TTL text cqrs_append accepted as it stands (a Lua string compares in one step).
-- Kept between calls; it only ever skips a check the same text passed before.
local good_ttl

-- ---------------------------------------------------------------------------
-- errors: fail() throws, guard() turns it into an error reply

local function fail(code, msg)
  error({ cqrs_error = code .. ' ' .. msg })
end

local function guard(body)
  return function(keys, args)
    if not find then find, sub, format = string.find, string.sub, string.format end
    local ok, res = pcall(body, keys, args)
    if ok then return res end
    if type(res) == 'table' and res.cqrs_error then
      return redis.error_reply(res.cqrs_error)
    end
    error(res, 0)
  end
end

local function show(v)
  if v == nil then return '(missing)' end
  v = tostring(v)
  if #v > 64 then v = sub(v, 1, 64) .. '...' end
  return '"' .. string.gsub(v, '%c', '?') .. '"'
end

local function fmt_int(n)
  return format('%d', n)
end

-- ---------------------------------------------------------------------------
-- argument validation

-- The checks below test patterns with string.find, which answers positions, where
-- string.match would also build the matched string: they run on every append.

local function parse_uint(v, what, min, max)
  if type(v) ~= 'string' or #v > 16 or not find(v, '^%d+$') then
    fail('CQRS_BADARG', what .. ' must be a decimal integer, got ' .. show(v))
  end
  local n = tonumber(v)
  if n < min or n > max then
    fail('CQRS_BADARG', what .. ' must be between ' .. fmt_int(min) .. ' and ' ..
      fmt_int(max) .. ', got ' .. v)
  end
  return n
end

local function nonempty(v, what, maxlen)
  if type(v) ~= 'string' or v == '' then
    fail('CQRS_BADARG', what .. ' must be a non-empty string, got ' .. show(v))
  end
  if maxlen and #v > maxlen then
    fail('CQRS_BADARG', what .. ' is longer than ' .. maxlen .. ' bytes')
  end
  if not find(v, '^[^%c]*$') then
    fail('CQRS_BADARG', what .. ' must not contain control characters')
  end
  return v
end

-- nonempty() for field `name` of event i, with the message built only for a bad value
local function event_text(v, i, name, maxlen)
  if v == '' or #v > maxlen or not find(v, '^[^%c]*$') then
    nonempty(v, 'event ' .. i .. ' ' .. name, maxlen)
  end
  return v
end

local function any_string(v, what)
  if type(v) ~= 'string' then fail('CQRS_BADARG', what .. ' is missing') end
  return v
end

-- The key and argument checks below take their value as a string without asking type():
-- every caller counted its KEYS and ARGV first, and Redis passes only strings. (A call of
-- a C function such as type() costs about 600 instructions, a pattern match 900 and up.)

local function check_aggregate(v)
  -- One pattern for the usual, valid id; the checks below name what is wrong.
  if #v <= MAX_AGGREGATE_LEN and find(v, '^[^:%c]+:[^%c]+$') then
    return v
  end
  nonempty(v, 'aggregate', MAX_AGGREGATE_LEN)
  if not find(v, '^[^:]+:.') then
    fail('CQRS_BADARG', 'aggregate must be "<AggregateType>:<id>", got ' .. show(v))
  end
  return v
end

local function count_keys(keys, min, max, fn, names)
  if #keys < min or #keys > max then
    fail('CQRS_BADARG', fn .. ' needs KEYS ' .. names .. ', got ' .. #keys .. ' keys')
  end
end

local function count_args(args, min, max, fn, names)
  if #args < min or #args > max then
    fail('CQRS_BADARG', fn .. ' needs ARGV ' .. names .. ', got ' .. #args .. ' arguments')
  end
end

-- "<base>:log" -> "<base>"
local function base_of(key, suffix, what)
  local base = sub(key, 1, #key - #suffix)
  if #key <= #suffix or base .. suffix ~= key then
    fail('CQRS_BADARG', what .. ' key must end with "' .. suffix .. '", got ' .. show(key))
  end
  return base
end

local function expect_key(key, want, what)
  if key ~= want then
    fail('CQRS_BADARG', what .. ' key is ' .. show(key) .. ', expected ' .. show(want))
  end
end

-- Checks that key is "<base>:cmd:<commandId>" with a command id, without building the
-- id (only error messages need it: command_id)
local function check_command_key(key, base)
  if #key <= #base + 5 or sub(key, 1, #base + 5) ~= base .. ':cmd:' then
    fail('CQRS_BADARG', 'cmd key must be "' .. base .. ':cmd:<commandId>", got ' .. show(key))
  end
end

-- "<base>:cmd:<commandId>" -> "<commandId>", of a key check_command_key took
local function command_id(key, base)
  return sub(key, #base + 6)
end

-- ---------------------------------------------------------------------------
-- stored data

local function expect_type(key, want, what)
  local t = redis.call('TYPE', key)['ok']
  if t ~= 'none' and t ~= want then
    fail('CQRS_CORRUPT', what .. ' key ' .. key .. ' is a ' .. t .. ', expected a ' .. want)
  end
end

-- A reply of redis.pcall that is an error (WRONGTYPE: the key holds another type) is
-- CQRS_CORRUPT. The hot paths read and write through pcall instead of asking TYPE first:
-- the same check, one call fewer.
local function expect_reply(reply, key, want, what)
  if type(reply) == 'table' and reply.err then
    fail('CQRS_CORRUPT', what .. ' key ' .. key .. ' is not a ' .. want .. ': ' .. reply.err)
  end
  return reply
end

-- The aggregate's current version from element 0 of its idx list, and whether the key
-- exists (a missing key is version 0). Checks the shape every function relies on: a list,
-- element 0 a decimal, and exactly one id per version (LLEN = version + 1).
local function read_version(idxKey)
  local v = expect_reply(redis.pcall('LINDEX', idxKey, '0'), idxKey, 'list', 'idx')
  if not v then return 0, false end
  if #v > 16 or not find(v, '^%d+$') then
    fail('CQRS_CORRUPT', 'idx ' .. idxKey .. ' element 0 (the version) is ' .. show(v))
  end
  local current = tonumber(v)
  local len = redis.call('LLEN', idxKey)
  if len - 1 ~= current then
    fail('CQRS_CORRUPT', 'idx ' .. idxKey .. ' holds ' .. (len - 1) .. ' ids, its version is ' .. v)
  end
  return current, true
end

-- Recorded outcome of a successful command: "<newVersion> <firstVersion> <aggregate>",
-- e.g. "4 2 Product:42" (readable with GET, about half the size of JSON with the ids).
-- The ids are not stored: they are idx elements firstVersion..newVersion (element i is
-- version i), which never change once written. The versions come as decimal text.
local function encode_outcome(agg, newVersion, firstVersion)
  return newVersion .. ' ' .. firstVersion .. ' ' .. agg
end

local function read_outcome(cmdKey)
  local raw = redis.call('GET', cmdKey)
  if not raw then return nil end
  local v, f, agg = string.match(raw, '^(%d+) (%d+) (.+)$')
  if not v or #v > 16 or #f > 16 or tonumber(f) < 1 or tonumber(f) > tonumber(v) then
    fail('CQRS_CORRUPT', 'recorded outcome in ' .. cmdKey .. ' is ' .. show(raw))
  end
  return { aggregate = agg, version = tonumber(v), firstVersion = tonumber(f) }
end

-- {"duplicate", newVersion, firstVersion, id...}, the ids read back from the index;
-- current is the aggregate's version (read_version)
local function outcome_reply(out, idxKey, current)
  local ids = redis.call('LRANGE', idxKey, out.firstVersion, out.version)
  if out.version > current or #ids ~= out.version - out.firstVersion + 1 then
    fail('CQRS_CORRUPT', 'index ' .. idxKey .. ' lacks versions ' .. fmt_int(out.firstVersion) ..
      '..' .. fmt_int(out.version) .. ' of a recorded command')
  end
  local reply = { 'duplicate', out.version, out.firstVersion }
  for i = 1, #ids do reply[3 + i] = ids[i] end
  return reply
end

local function check_outcome_aggregate(out, agg, commandId)
  if out.aggregate ~= agg then
    fail('CQRS_IDEMPOTENCY_KEY_REUSED', 'command=' .. commandId .. ' recorded=' ..
      out.aggregate .. ' requested=' .. agg)
  end
end

local function field(flat, name)
  for i = 1, #flat - 1, 2 do
    if flat[i] == name then return flat[i + 1] end
  end
  return nil
end

-- Append the log entries of versions from..to (inclusive) to `out`, each as the XRANGE
-- entry {id, {field, value, ...}}. The caller has clamped `to` to the current version.
local function fetch_versions(logKey, idxKey, agg, from, to, out)
  if from > to then return out end
  local ids = redis.call('LRANGE', idxKey, from, to)
  if #ids ~= to - from + 1 then
    fail('CQRS_CORRUPT', 'index ' .. idxKey .. ' lacks versions ' .. fmt_int(from) .. '..' ..
      fmt_int(to))
  end
  for i = 1, #ids do
    local v = from + i - 1
    local entry = redis.call('XRANGE', logKey, ids[i], ids[i])[1]
    if not entry then
      fail('CQRS_MISSING_EVENT', 'aggregate=' .. agg .. ' version=' .. fmt_int(v) ..
        ' id=' .. ids[i])
    end
    local flat = entry[2]
    if field(flat, 'aggregate') ~= agg or field(flat, 'version') ~= fmt_int(v) then
      fail('CQRS_CORRUPT', 'log entry ' .. ids[i] .. ' is ' ..
        show(field(flat, 'aggregate')) .. ' version ' .. show(field(flat, 'version')) ..
        ', index says ' .. agg .. ' version ' .. fmt_int(v))
    end
    out[#out + 1] = entry
  end
  return out
end

-- ---------------------------------------------------------------------------
-- cqrs_append
-- KEYS: log idx cmd
-- ARGV: aggregate expectedVersion("any"|"none"|N) commandTTLSeconds n
--       then n x (eventId type schema timestamp commandId correlationId causationId data)
-- returns {"ok"|"duplicate", newVersion, firstVersion, id1, ..., idn}

-- The parsed append: one table, refilled by every call (Redis runs one call at a time,
-- and each sets every field), where a new one cost an allocation per append.
local parsed = {}

-- (a) validates the KEYS and ARGV of an append (cqrs_append, cqrs_append_or_catch_up),
-- before anything is read or written. Returns the call (`parsed`): keys, aggregate, key
-- base, expected version (nil for "any"), TTL and event count.
local function parse_append(keys, args, fn)
  -- Each check tests the usual, valid call cheaply; the named checks it falls back
  -- to word the error (or accept what the quick test was too strict for).
  if #keys ~= 3 then count_keys(keys, 3, 3, fn, '(log idx cmd)') end
  if #args < 4 or #args > 4 + EVENT_ARGS * MAX_EVENTS then
    count_args(args, 4, 4 + EVENT_ARGS * MAX_EVENTS, fn,
      '(aggregate expectedVersion commandTTLSeconds eventCount events...)')
  end
  local logKey, idxKey, cmdKey = keys[1], keys[2], keys[3]
  local agg = check_aggregate(args[1])
  local base = base_of(logKey, ':log', 'log')
  expect_key(idxKey, base .. ':idx:' .. agg, 'idx')
  check_command_key(cmdKey, base)

  local expected, expectedN = args[2], nil
  if expected == 'none' then
    expectedN = 0
  elseif expected ~= 'any' then
    if not find(expected, '^%d+$') then
      fail('CQRS_BADARG', 'expectedVersion must be "any", "none" or a decimal integer >= 0, got ' ..
        show(expected))
    end
    -- up to 15 digits, below MAX_VERSION: parse_uint would only look again
    expectedN = #expected <= 15 and tonumber(expected) or parse_uint(expected, 'expectedVersion', 0, MAX_VERSION)
  end
  -- A client sends one TTL call after call: the last one that passed is known good.
  local ttl = args[3]
  if ttl ~= good_ttl then
    -- SET EX takes no leading zeros: the TTL goes on as the number's own digits
    local canonical = fmt_int(parse_uint(ttl, 'commandTTLSeconds', 1, MAX_TTL))
    if canonical == ttl then good_ttl = ttl end
    ttl = canonical
  end
  local n = COUNTS[args[4]] or parse_uint(args[4], 'eventCount', 1, MAX_EVENTS)
  if #args ~= 4 + EVENT_ARGS * n then
    fail('CQRS_BADARG', 'eventCount=' .. n .. ' needs ' .. (EVENT_ARGS * n) ..
      ' event arguments (' .. EVENT_ARGS ..
      ' per event: eventId type schema timestamp commandId correlationId causationId data), got ' ..
      (#args - 4))
  end
  -- The count check above leaves every event argument a string (Redis passes no other).
  local seen = n > 1 and {} or nil
  for i = 1, n do
    local o = 4 + (i - 1) * EVENT_ARGS
    local eventId, etype, schema, timestamp, commandId = args[o + 1], args[o + 2], args[o + 3], args[o + 4], args[o + 5]
    -- One pattern for the five: the timestamp (digits or empty), then, after a control
    -- character as separator, the four texts, which may hold none.
    if eventId == '' or etype == '' or schema == '' or commandId == '' or #eventId > 128 or #etype > 256 or
        #schema > MAX_SCHEMA_LEN or #commandId > 128 or #timestamp > 15 or
        not find(timestamp .. '\1' .. eventId .. etype .. schema .. commandId, '^%d*\1[^%c]*$') then
      event_text(eventId, i, 'eventId', 128)
      event_text(etype, i, 'type', 256)
      event_text(schema, i, 'schema', MAX_SCHEMA_LEN)
      -- Empty: the event's time is its log entry id's (the time the log accepted it).
      if timestamp ~= '' then parse_uint(timestamp, 'event ' .. i .. ' timestamp (epoch ms)', 0, MAX_VERSION) end
      -- The client derives the cmd key and this field from one UUID; idempotency
      -- rests on the cmd key alone, so the field is not compared with it (which
      -- lets redis-benchmark drive this function with random keys).
      event_text(commandId, i, 'commandId', 128)
      -- correlationId, causationId and data: any string.
    end
    if seen then
      if seen[eventId] then
        fail('CQRS_BADARG', 'event ' .. i .. ' eventId ' .. show(eventId) .. ' repeats an earlier event')
      end
      seen[eventId] = true
    end
  end
  local c = parsed
  c.logKey, c.idxKey, c.cmdKey, c.agg, c.base = logKey, idxKey, cmdKey, agg, base
  c.expected, c.expectedN, c.ttlText, c.n = expected, expectedN, ttl, n
  return c
end

-- (b) idempotency: the reply to a retry of a recorded command (nothing is written), or nil
local function recorded_reply(c)
  local recorded = read_outcome(c.cmdKey)
  if not recorded then return nil end
  check_outcome_aggregate(recorded, c.agg, command_id(c.cmdKey, c.base))
  return outcome_reply(recorded, c.idxKey, (read_version(c.idxKey)))
end

-- (d) write: nothing before has written anything
local function write_events(c, args, current, exists)
  local n = c.n
  local reply = { 'ok', current + n, current + 1 }
  local ids = {}
  -- Redis takes every argument as a string: numbers are formatted here, once each.
  local last = fmt_int(current + n)
  for i = 1, n do
    local o = 4 + (i - 1) * EVENT_ARGS
    -- The first XADD is the call's first write: a log key of another type fails it with
    -- nothing written (CQRS_CORRUPT). Later ones go to the same stream.
    local add = i == 1 and redis.pcall or redis.call
    ids[i] = add('XADD', c.logKey, '*',
      'eventId', args[o + 1],
      'type', args[o + 2],
      'schema', args[o + 3],
      'aggregate', c.agg,
      'version', i == n and last or fmt_int(current + i),
      'timestamp', args[o + 4],
      'commandId', args[o + 5],
      'correlationId', args[o + 6],
      'causationId', args[o + 7],
      'data', args[o + 8])
    if i == 1 then expect_reply(ids[1], c.logKey, 'stream', 'log') end
    reply[3 + i] = ids[i]
  end
  if exists then
    redis.call('LSET', c.idxKey, '0', last)
    redis.call('RPUSH', c.idxKey, unpack(ids))
  else
    redis.call('RPUSH', c.idxKey, last, unpack(ids))
  end
  redis.call('SET', c.cmdKey, encode_outcome(c.agg, last, n == 1 and last or fmt_int(current + 1)), 'EX', c.ttlText)
  return reply
end

-- (b)..(d) for both appends; a version conflict is answered by on_conflict(c, current)
local function run_append(keys, args, fn, on_conflict)
  local c = parse_append(keys, args, fn)
  local recorded = recorded_reply(c)
  if recorded then return recorded end
  -- (c) optimistic concurrency, and the state the writes rely on (read_version checks
  -- the idx: a list, element 0 a decimal, LLEN = version + 1)
  local current, exists = read_version(c.idxKey)
  if c.expectedN ~= nil and current ~= c.expectedN then return on_conflict(c, current) end
  if current + c.n > MAX_VERSION then
    fail('CQRS_BADARG', 'version would exceed ' .. fmt_int(MAX_VERSION))
  end
  return write_events(c, args, current, exists)
end

local function conflict_error(c, current)
  fail('CQRS_CONFLICT', 'current=' .. fmt_int(current) .. ' expected=' .. c.expected ..
    ' aggregate=' .. c.agg)
end

local function append(keys, args)
  return run_append(keys, args, 'cqrs_append', conflict_error)
end

-- ---------------------------------------------------------------------------
-- cqrs_append_or_catch_up: cqrs_append for a client that decided on a cached state
-- KEYS, ARGV: as cqrs_append (expectedVersion: the cached state's version)
-- returns as cqrs_append, except that a version conflict is a reply, not an error:
--   {"conflict", current, entry...}
--   entry = {id, {field, value, ...}} of every version after expectedVersion when
--   current > expectedVersion and at most MAX_CATCH_UP of them; otherwise no entries
--   (the client loads the aggregate in full). So every contender of a race spends one
--   round trip per attempt: the loser folds the entries into its state and decides again.
-- The command id is checked first, as in cqrs_append: a recorded outcome answers
-- "duplicate" whatever the version.

local function conflict_reply(c, current)
  local reply = { 'conflict', current }
  if current > c.expectedN and current - c.expectedN <= MAX_CATCH_UP then
    fetch_versions(c.logKey, c.idxKey, c.agg, c.expectedN + 1, current, reply)
  end
  return reply
end

local function append_or_catch_up(keys, args)
  return run_append(keys, args, 'cqrs_append_or_catch_up', conflict_reply)
end

-- ---------------------------------------------------------------------------
-- cqrs_load (no-writes)
-- KEYS: log idx snap [cmd]
-- ARGV: aggregate [checkCommand: "1" to consult the cmd key; "" or "0" (default) not]
--       [afterVersion: the caller holds the state at this version: no snapshot, only
--        the events after it; ignored when above the current version]
-- returns {version, outcome|nil, snapshot|nil, entry...}
--   outcome  = {"duplicate", newVersion, firstVersion, id...} as cqrs_append answers
--   snapshot = {version, schema, state}; nil when absent or newer than the aggregate
--   entry    = {id, {field, value, ...}} for every version after the snapshot

local function load(keys, args)
  count_keys(keys, 3, 4, 'cqrs_load', '(log idx snap [cmd])')
  count_args(args, 1, 3, 'cqrs_load', '(aggregate [checkCommand] [afterVersion])')
  local logKey, idxKey, snapKey, cmdKey = keys[1], keys[2], keys[3], keys[4]
  local agg = check_aggregate(args[1])
  local base = base_of(logKey, ':log', 'log')
  expect_key(idxKey, base .. ':idx:' .. agg, 'idx')
  expect_key(snapKey, base .. ':snap:' .. agg, 'snap')
  local check = args[2]
  if check ~= nil and check ~= '' and check ~= '0' and check ~= '1' then
    fail('CQRS_BADARG', 'checkCommand must be "1", "0" or empty, got ' .. show(check))
  end
  if cmdKey ~= nil then check_command_key(cmdKey, base) end
  if check == '1' and cmdKey == nil then
    fail('CQRS_BADARG', 'checkCommand=1 needs the cmd key as KEYS[4]')
  end

  local current = read_version(idxKey)
  local outcome = false
  if check == '1' then
    local recorded = read_outcome(cmdKey)
    if recorded then
      check_outcome_aggregate(recorded, agg, command_id(cmdKey, base))
      outcome = outcome_reply(recorded, idxKey, current)
    end
  end
  local snapshot = false
  local from = 1
  -- A caller that holds the state at afterVersion needs only the events after it.
  local after = args[3]
  if after ~= nil and after ~= '' then after = parse_uint(after, 'afterVersion', 0, MAX_VERSION) else after = nil end
  if after ~= nil and after <= current then
    from = after + 1
  elseif current > 0 then
    local s = redis.call('HMGET', snapKey, 'version', 'schema', 'state')
    local sv = s[1] and string.match(s[1], '^%d+$') and tonumber(s[1])
    if sv and sv >= 1 and sv <= current and s[3] then
      snapshot = { sv, s[2] or '', s[3] }
      from = sv + 1
    end
  end
  return fetch_versions(logKey, idxKey, agg, from, current, { current, outcome, snapshot })
end

-- ---------------------------------------------------------------------------
-- cqrs_read_versions (no-writes)
-- KEYS: log idx
-- ARGV: aggregate fromVersion(>=1) toVersion(>=fromVersion; clamped to the current
--       version and to fromVersion+999)
-- returns {entry...}, entry = {id, {field, value, ...}}; page on with the last version+1

local function read_versions(keys, args)
  count_keys(keys, 2, 2, 'cqrs_read_versions', '(log idx)')
  count_args(args, 3, 3, 'cqrs_read_versions', '(aggregate fromVersion toVersion)')
  local logKey, idxKey = keys[1], keys[2]
  local agg = check_aggregate(args[1])
  local base = base_of(logKey, ':log', 'log')
  expect_key(idxKey, base .. ':idx:' .. agg, 'idx')
  local from = parse_uint(args[2], 'fromVersion', 1, MAX_VERSION)
  local to = parse_uint(args[3], 'toVersion', 0, MAX_VERSION)
  if to < from then
    fail('CQRS_BADARG', 'toVersion ' .. args[3] .. ' is below fromVersion ' .. args[2])
  end
  local current = read_version(idxKey)
  if to > current then to = current end
  if to - from + 1 > MAX_READ then to = from + MAX_READ - 1 end
  return fetch_versions(logKey, idxKey, agg, from, to, {})
end

-- ---------------------------------------------------------------------------
-- cqrs_snapshot
-- KEYS: idx snap
-- ARGV: aggregate version(>=1) schema state
-- returns 1 if written; 0 if version > current version or <= the stored snapshot's.
-- A stored snapshot newer than the aggregate (broken) is replaced.

local function snapshot(keys, args)
  count_keys(keys, 2, 2, 'cqrs_snapshot', '(idx snap)')
  count_args(args, 4, 4, 'cqrs_snapshot', '(aggregate version schema state)')
  local idxKey, snapKey = keys[1], keys[2]
  local agg = check_aggregate(args[1])
  local base = base_of(idxKey, ':idx:' .. agg, 'idx')
  expect_key(snapKey, base .. ':snap:' .. agg, 'snap')
  local v = parse_uint(args[2], 'version', 1, MAX_VERSION)
  local schema = nonempty(args[3], 'schema', MAX_SCHEMA_LEN)
  local state = any_string(args[4], 'state')

  local current = read_version(idxKey)
  if v > current then return 0 end
  expect_type(snapKey, 'hash', 'snap')
  local stored = redis.call('HGET', snapKey, 'version')
  local sv = stored and string.match(stored, '^%d+$') and tonumber(stored)
  if sv and sv <= current and v <= sv then return 0 end
  redis.call('HSET', snapKey, 'version', fmt_int(v), 'schema', schema, 'state', state)
  return 1
end

-- ---------------------------------------------------------------------------

local function version(keys, args)
  count_keys(keys, 0, 0, 'cqrs_es_version', '()')
  count_args(args, 0, 0, 'cqrs_es_version', '()')
  return LIBRARY_VERSION
end

redis.register_function{ function_name = 'cqrs_append', callback = guard(append),
  description = 'KEYS log idx cmd; ARGV aggregate expected ttl n n*(eventId type schema timestamp commandId correlationId causationId data)' }
redis.register_function{ function_name = 'cqrs_append_or_catch_up', callback = guard(append_or_catch_up),
  description = 'as cqrs_append; a conflict replies {"conflict", current, entries after expected (<= 64)...}' }
redis.register_function{ function_name = 'cqrs_load', callback = guard(load),
  flags = { 'no-writes' },
  description = 'KEYS log idx snap [cmd]; ARGV aggregate [checkCommand]' }
redis.register_function{ function_name = 'cqrs_read_versions', callback = guard(read_versions),
  flags = { 'no-writes' },
  description = 'KEYS log idx; ARGV aggregate fromVersion toVersion' }
redis.register_function{ function_name = 'cqrs_snapshot', callback = guard(snapshot),
  description = 'KEYS idx snap; ARGV aggregate version schema state' }
redis.register_function{ function_name = 'cqrs_es_version', callback = guard(version),
  flags = { 'no-writes' },
  description = 'library version, compare with the client and FUNCTION LOAD REPLACE if older' }
