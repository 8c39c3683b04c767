#!lua name=cqrs_readmodel
--[[
cqrs_readmodel: the product read models (ProductReadModel), one Redis 7 Function library
on the READ store. Projectors call cqrs_rm_apply once per event; queries call the
no-writes cqrs_rm_* functions with FCALL_RO (allowed on replicas), which resolve the live
generation and read the model in the same atomic call.

Keys (<g> = <root>:<gen>, e.g. cqrs:rm:g1; docs/architecture.md lists them all):
  <root>:live                 STRING  live generation name (owned by cqrs_projector)
  <root>:gens                 HASH    generation -> building|live|retired (cqrs_projector)
  <g>:product:<id>            HASH    id name description unitPrice currentStock
                                      isOutOfStock ratingSum ratingCount userRating version
  <g>:ratings:<id>            HASH    userId -> that user's current stars (1-5)
  <g>:names                   ZSET    score 0, member "<folded name>\0<id>" (ZRANGEBYLEX)
  <g>:out-of-stock            ZSET    score = member = product id, while currentStock is 0
  <g>:top-rated               ZSET    score = average rating, member product id
  <g>:user:<userId>:recent    ZSET    the user's K most recent rated products, score =
                                      latest rating time (epoch ms), member product id
  <g>:related:<id>            ZSET    member other product id, score = users who have both
                                      among their K most recent ratings
  <g>:events-applied          STRING  events applied to the generation: equal to the events
                                      in the log when each was applied exactly once (verify)

cqrs_rm_apply: KEYS <g>:product:<id>; ARGV root gen version kind args...
  kind added   name foldedName description unitPrice   (version must be 1)
  kind stock   newStock
  kind rated   userId rating(1-5) timestampMs K
  kind skip    (advances the version only: a dropped dead letter)
  returns {status, storedVersion}: status applied | duplicate (version <= stored) |
  gap (version > stored+1: nothing written) | retired (generation not writable)

Case folding happens in Swift (ProductNameFolding): the caller sends the folded name.
Scores go out as '%.17g' text so Swift reads back the very same doubles.

Errors: CQRS_RM_BADARG <what> (nothing written), CQRS_RM_BADEVENT <what> (the event
does not fit the product's state; nothing written).
]]

local LIBRARY_VERSION = 3
local WRITABLE = { building = true, live = true }

local function fail(code, msg)
  error({ err = code .. ' ' .. msg })
end

local function uint(text, what, max)
  if type(text) ~= 'string' or not string.match(text, '^%d+$') or #text > 15 then
    fail('CQRS_RM_BADARG', what .. ' must be a decimal integer, got ' .. tostring(text))
  end
  local n = tonumber(text)
  if max and n > max then fail('CQRS_RM_BADARG', what .. ' must be at most ' .. max .. ', got ' .. text) end
  return n
end

-- A product or user id as the key part it is: a positive int64 in canonical decimal,
-- kept as text (Lua numbers are doubles, exact only up to 2^53).
local function id_arg(text, what)
  if type(text) ~= 'string' or not string.match(text, '^[1-9]%d*$') or #text > 19
      or (#text == 19 and text > '9223372036854775807') then
    fail('CQRS_RM_BADARG', what .. ' must be a positive 64-bit decimal integer, got ' .. tostring(text))
  end
  return text
end

local function text_arg(text, what)
  if type(text) ~= 'string' then fail('CQRS_RM_BADARG', what .. ' is missing') end
  return text
end

-- "4.33": the average rounded half up to hundredths, with integers only (exact).
local function average_text(sum, count)
  if count == 0 then return '0.00' end
  local hundredths = math.floor((sum * 200 + count) / (2 * count))
  return string.format('%d.%02d', math.floor(hundredths / 100), hundredths % 100)
end

-- ---------------------------------------------------------------------------
-- related products: pairs of each user's K most recent ratings

local function pair(g, a, b, delta)
  for _, ends in ipairs({ { a, b }, { b, a } }) do
    local key = g .. ':related:' .. ends[1]
    local n = tonumber(redis.call('ZINCRBY', key, delta, ends[2]))
    if n <= 0 then redis.call('ZREM', key, ends[2]) end
  end
end

local function member_set(list)
  local set = {}
  for _, m in ipairs(list) do set[m] = true end
  return set
end

-- Pairs of `from` that are not pairs of `to`, each once: x leaves, y is any other
-- member of `from` (when y leaves too, only the pair with y > x counts).
local function pair_changes(g, from, to, delta)
  local inTo = member_set(to)
  local leaving = {}
  for _, x in ipairs(from) do
    if not inTo[x] then leaving[x] = true end
  end
  for x in pairs(leaving) do
    for _, y in ipairs(from) do
      if y ~= x and (not leaving[y] or y > x) then pair(g, x, y, delta) end
    end
  end
end

-- The user's recent set is the top K of (latest rating time, product id), kept trimmed,
-- so its content does not depend on the order in which products' events are applied.
local function rate_recent(g, user, product, ts, k)
  local ukey = g .. ':user:' .. user .. ':recent'
  local before = redis.call('ZRANGE', ukey, 0, -1)
  redis.call('ZADD', ukey, 'GT', ts, product)
  local size = redis.call('ZCARD', ukey)
  if size > k then redis.call('ZREMRANGEBYRANK', ukey, 0, size - k - 1) end
  local after = redis.call('ZRANGE', ukey, 0, -1)
  pair_changes(g, before, after, -1)
  pair_changes(g, after, before, 1)
end

-- ---------------------------------------------------------------------------
-- apply

local function set_stock(g, pkey, product, stock)
  redis.call('HSET', pkey, 'currentStock', stock, 'isOutOfStock', stock == '0' and 'true' or 'false')
  if stock == '0' then
    redis.call('ZADD', g .. ':out-of-stock', product, product)
  else
    redis.call('ZREM', g .. ':out-of-stock', product)
  end
end

local function apply(keys, args)
  local pkey = text_arg(keys[1], 'KEYS[1] (the product key)')
  local root, gen = text_arg(args[1], 'root'), text_arg(args[2], 'generation')
  local version = uint(args[3], 'version')
  local kind = text_arg(args[4], 'kind')
  local g = root .. ':' .. gen
  local stem = g .. ':product:'
  if #pkey <= #stem or string.sub(pkey, 1, #stem) ~= stem then
    fail('CQRS_RM_BADARG', 'the product key must start with ' .. stem .. ', got ' .. pkey)
  end
  local product = string.sub(pkey, #stem + 1)

  if not WRITABLE[redis.call('HGET', root .. ':gens', gen)] then return { 'retired', 0 } end
  local stored = tonumber(redis.call('HGET', pkey, 'version') or '0')
  if version <= stored then return { 'duplicate', stored } end
  if version > stored + 1 then return { 'gap', stored } end

  if kind == 'added' then
    local name, folded = text_arg(args[5], 'name'), text_arg(args[6], 'folded name')
    local description, price = text_arg(args[7], 'description'), text_arg(args[8], 'unitPrice')
    if stored ~= 0 then fail('CQRS_RM_BADEVENT', 'product ' .. product .. ' was already added') end
    redis.call('HSET', pkey, 'id', product, 'name', name, 'description', description,
      'unitPrice', price, 'ratingSum', 0, 'ratingCount', 0, 'userRating', '0.00')
    redis.call('ZADD', g .. ':names', 0, folded .. '\0' .. product)
    set_stock(g, pkey, product, '0')
  elseif stored == 0 and kind ~= 'skip' then
    fail('CQRS_RM_BADEVENT', 'product ' .. product .. ' version ' .. version .. ' (' .. kind .. ') comes before its ProductAdded')
  elseif kind == 'stock' then
    set_stock(g, pkey, product, tostring(uint(args[5], 'newStock')))
  elseif kind == 'rated' then
    local user = id_arg(args[5], 'userId')
    local rating = uint(args[6], 'rating', 5)
    local ts = uint(args[7], 'timestampMs')
    local k = uint(args[8], 'K', 100000)
    if rating < 1 or k < 1 then fail('CQRS_RM_BADARG', 'rating and K must be at least 1') end
    local previous = redis.call('HGET', g .. ':ratings:' .. product, user)
    redis.call('HSET', g .. ':ratings:' .. product, user, rating)
    local sum, count
    if previous then
      sum = redis.call('HINCRBY', pkey, 'ratingSum', rating - tonumber(previous))
      count = tonumber(redis.call('HGET', pkey, 'ratingCount'))
    else
      sum = redis.call('HINCRBY', pkey, 'ratingSum', rating)
      count = redis.call('HINCRBY', pkey, 'ratingCount', 1)
    end
    redis.call('HSET', pkey, 'userRating', average_text(sum, count))
    redis.call('ZADD', g .. ':top-rated', string.format('%.17g', sum / count), product)
    rate_recent(g, user, product, ts, k)
  elseif kind ~= 'skip' then
    fail('CQRS_RM_BADARG', 'unknown kind ' .. kind .. ' (added, stock, rated, skip)')
  end
  redis.call('HSET', pkey, 'version', version)
  redis.call('INCR', g .. ':events-applied')
  return { 'applied', version }
end

-- ---------------------------------------------------------------------------
-- queries (no-writes): KEYS[1] = <root>:live; each returns {gen, ...} or {} when no
-- generation is live

local function live_prefix(keys)
  local live = text_arg(keys[1], 'KEYS[1] (the live pointer)')
  if #live <= 5 or string.sub(live, -5) ~= ':live' then
    fail('CQRS_RM_BADARG', 'KEYS[1] must be <root>:live, got ' .. live)
  end
  local gen = redis.call('GET', live)
  if not gen then return nil end
  return string.sub(live, 1, #live - 5) .. ':' .. gen, gen
end

local function product_list(g, gen, ids)
  local reply = { gen }
  for _, id in ipairs(ids) do
    local fields = redis.call('HGETALL', g .. ':product:' .. id)
    if #fields > 0 then reply[#reply + 1] = fields end
  end
  return reply
end

-- ARGV: id. Returns {gen, {field, value, ...}} or {gen} when the product is unknown.
local function get_product(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  return product_list(g, gen, { id_arg(args[1], 'id') })
end

-- ARGV: foldedPrefix limit. Products whose folded name starts with the prefix, by name.
local function by_name(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local prefix = text_arg(args[1], 'prefix')
  local members = redis.call('ZRANGEBYLEX', g .. ':names', '[' .. prefix, '[' .. prefix .. '\255',
    'LIMIT', 0, uint(args[2], 'limit', 10000))
  local ids = {}
  for i, member in ipairs(members) do ids[i] = string.match(member, '%z(%d+)$') end
  return product_list(g, gen, ids)
end

-- ARGV: offset limit. Out-of-stock products by id.
local function out_of_stock(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local offset = uint(args[1], 'offset')
  local ids = redis.call('ZRANGE', g .. ':out-of-stock', offset, offset + uint(args[2], 'limit', 10000) - 1)
  return product_list(g, gen, ids)
end

-- ARGV: limit. Products by average rating, best first.
local function top_rated(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local ids = redis.call('ZREVRANGE', g .. ':top-rated', 0, uint(args[1], 'limit', 10000) - 1)
  return product_list(g, gen, ids)
end

-- ARGV: id limit. Related products, most shared raters first: {gen, {score, {fields}}, ...}.
local function related(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local id = id_arg(args[1], 'id')
  local scored = redis.call('ZREVRANGE', g .. ':related:' .. id, 0, uint(args[2], 'limit', 10000) - 1, 'WITHSCORES')
  local reply = { gen }
  for i = 1, #scored, 2 do
    local fields = redis.call('HGETALL', g .. ':product:' .. scored[i])
    if #fields > 0 then reply[#reply + 1] = { scored[i + 1], fields } end
  end
  return reply
end

-- Pages (version 2): {gen, next, products...}; next is the last member of the page when
-- more follow, else ''. Passing it back as startAfter continues right after it, so
-- paging reaches the end with no duplicates or gaps (a product added or removed
-- meanwhile is seen or not, as at any single read).

-- ARGV: foldedPrefix limit startAfter ('' = from the start; else a member
-- "<folded name>\0<id>" of this prefix).
local function by_name_page(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local prefix = text_arg(args[1], 'prefix')
  local limit = uint(args[2], 'limit', 10000)
  local after = text_arg(args[3], 'startAfter')
  local min = '[' .. prefix
  if after ~= '' then
    if string.sub(after, 1, #prefix) ~= prefix then
      fail('CQRS_RM_BADARG', 'startAfter must start with the prefix')
    end
    min = '(' .. after
  end
  local members = redis.call('ZRANGEBYLEX', g .. ':names', min, '[' .. prefix .. '\255', 'LIMIT', 0, limit + 1)
  local next = ''
  if #members > limit then
    members[#members] = nil
    next = members[#members] or ''
  end
  local ids = {}
  for i, member in ipairs(members) do ids[i] = string.match(member, '%z(%d+)$') end
  local reply = product_list(g, gen, ids)
  table.insert(reply, 2, next)
  return reply
end

-- ARGV: limit startAfterId (0 = from the start). Out-of-stock products by id.
local function out_of_stock_page(keys, args)
  local g, gen = live_prefix(keys)
  if not g then return {} end
  local limit = uint(args[1], 'limit', 10000)
  local after = args[2] == '0' and '0' or id_arg(args[2], 'startAfterId')
  local ids = redis.call('ZRANGEBYSCORE', g .. ':out-of-stock', '(' .. after, '+inf', 'LIMIT', 0, limit + 1)
  local next = ''
  if #ids > limit then
    ids[#ids] = nil
    next = ids[#ids] or ''
  end
  local reply = product_list(g, gen, ids)
  table.insert(reply, 2, next)
  return reply
end

local function version(keys, args)
  return LIBRARY_VERSION
end

redis.register_function{ function_name = 'cqrs_rm_apply', callback = apply,
  description = 'KEYS <g>:product:<id>; ARGV root gen version kind args...' }
redis.register_function{ function_name = 'cqrs_rm_product', callback = get_product,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV id' }
redis.register_function{ function_name = 'cqrs_rm_by_name', callback = by_name,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV foldedPrefix limit' }
redis.register_function{ function_name = 'cqrs_rm_out_of_stock', callback = out_of_stock,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV offset limit' }
redis.register_function{ function_name = 'cqrs_rm_top_rated', callback = top_rated,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV limit' }
redis.register_function{ function_name = 'cqrs_rm_related', callback = related,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV id limit' }
redis.register_function{ function_name = 'cqrs_rm_by_name_page', callback = by_name_page,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV foldedPrefix limit startAfter' }
redis.register_function{ function_name = 'cqrs_rm_out_of_stock_page', callback = out_of_stock_page,
  flags = { 'no-writes' }, description = 'KEYS <root>:live; ARGV limit startAfterId' }
redis.register_function{ function_name = 'cqrs_rm_version', callback = version,
  flags = { 'no-writes' }, description = 'library version' }
