#!/usr/bin/env bash
# Tests the cqrs_eventstore Redis Function library (Sources/EventStore/Lua/eventstore.lua)
# against a private redis-server on 127.0.0.1, then measures its memory footprint.
#
#   scripts/lua-eventstore-test.sh            # tests + memory benchmark
#   BENCH=0 scripts/lua-eventstore-test.sh    # tests only
#   BENCH_AGGREGATES=10000 BENCH_EVENTS=10 BENCH_PARTITIONS=16 (defaults)
#
# Needs redis-server and redis-cli 7.0+, bash, awk. Exits non-zero on the first failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="${EVENTSTORE_LUA:-$ROOT/Sources/EventStore/Lua/eventstore.lua}"
BENCH="${BENCH:-1}"
BENCH_AGGREGATES="${BENCH_AGGREGATES:-10000}"
BENCH_EVENTS="${BENCH_EVENTS:-10}"
BENCH_PARTITIONS="${BENCH_PARTITIONS:-16}"

TMP="$(mktemp -d)"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
PASSED=0
ok() { PASSED=$((PASSED + 1)); echo "ok  $*"; }

# --- server ------------------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 20); do
  p=$((20000 + RANDOM % 30000))
  port_in_use "$p" && continue
  redis-server --port "$p" --bind 127.0.0.1 --dir "$TMP" --save '' --appendonly no \
    --daemonize no --enable-debug-command local --logfile "$TMP/redis.log" &
  PID=$!
  for _ in $(seq 1 50); do
    if redis-cli -h 127.0.0.1 -p "$p" PING 2>/dev/null | grep -q PONG; then PORT=$p; break; fi
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$PORT" ]] && break
  kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""
done
[[ -n "$PORT" ]] || fail "could not start redis-server ($(tail -3 "$TMP/redis.log" 2>/dev/null))"
echo "redis-server $(redis-server --version | awk '{print $3}') pid $PID on 127.0.0.1:$PORT"

r() { redis-cli -h 127.0.0.1 -p "$PORT" "$@"; }

# --- assertions --------------------------------------------------------------------
assert_eq() { # actual expected message
  if [[ "$1" != "$2" ]]; then
    echo "--- expected:" >&2; printf '%s\n' "$2" >&2
    echo "--- actual:" >&2; printf '%s\n' "$1" >&2
    fail "$3"
  fi
  ok "$3"
}
assert_err() { # output code-and-prefix message
  local first="${1%%$'\n'*}"
  [[ "$first" == "$2"* ]] || fail "$3: expected an error starting with '$2', got '$first'"
  ok "$3 ($first)"
}
assert_le() { # value limit message
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }' || fail "$3: $1 > $2"
  ok "$3: $1 <= $2"
}

# --- key names and calls (what the client does) -------------------------------------
PFX=cqrs
base() { echo "$PFX:{p$1}"; }
LOG() { echo "$(base "$1"):log"; }
IDX() { echo "$(base "$1"):idx:$2"; }
SNAP() { echo "$(base "$1"):snap:$2"; }
CMD() { echo "$(base "$1"):cmd:$2"; }

# ev eventId commandId data -> the 8 event arguments, into EV
EV=()
ev() { EV+=("$1" ProductRated 1 1700000000000 "$2" corr-1 cause-1 "$3"); }

# append partition aggregate expected commandId ttl count [event args...]
append() {
  local p=$1 a=$2 e=$3 c=$4 t=$5 n=$6; shift 6
  r FCALL cqrs_append 3 "$(LOG "$p")" "$(IDX "$p" "$a")" "$(CMD "$p" "$c")" "$a" "$e" "$t" "$n" "$@"
}
catch_up() { # cqrs_append_or_catch_up: partition aggregate expected commandId ttl count [event args...]
  local p=$1 a=$2 e=$3 c=$4 t=$5 n=$6; shift 6
  r FCALL cqrs_append_or_catch_up 3 "$(LOG "$p")" "$(IDX "$p" "$a")" "$(CMD "$p" "$c")" "$a" "$e" "$t" "$n" "$@"
}
load() { # partition aggregate [commandId]
  if [[ $# -eq 3 ]]; then
    r FCALL_RO cqrs_load 4 "$(LOG "$1")" "$(IDX "$1" "$2")" "$(SNAP "$1" "$2")" "$(CMD "$1" "$3")" "$2" 1
  else
    r FCALL_RO cqrs_load 3 "$(LOG "$1")" "$(IDX "$1" "$2")" "$(SNAP "$1" "$2")" "$2"
  fi
}
read_versions() { r FCALL_RO cqrs_read_versions 2 "$(LOG "$1")" "$(IDX "$1" "$2")" "$2" "$3" "$4"; }
snapshot() { r FCALL cqrs_snapshot 2 "$(IDX "$1" "$2")" "$(SNAP "$1" "$2")" "$2" "$3" "$4" "$5"; }
version_of() { r LINDEX "$(IDX "$1" "$2")" 0; } # partition aggregate: idx element 0

# state partition aggregate: everything "nothing written" compares (DBSIZE, XLEN, LLEN,
# the whole idx list with its element 0, and the dataset digest)
state() {
  echo "dbsize=$(r DBSIZE) xlen=$(r XLEN "$(LOG "$1")") llen=$(r LLEN "$(IDX "$1" "$2")")" \
    "idx=[$(r LRANGE "$(IDX "$1" "$2")" 0 -1 | tr '\n' ' ')] digest=$(r DEBUG DIGEST)"
}

# the raw redis-cli lines of one log entry as the library returns it
# entry id eventId commandId data aggregate version
entry() {
  printf '%s\n' "$1" eventId "$2" type ProductRated schema 1 aggregate "$5" version "$6" \
    timestamp 1700000000000 commandId "$3" correlationId corr-1 causationId cause-1 data "$4"
}
lines() { printf '%s\n' "$@"; }

# --- library loading ---------------------------------------------------------------
[[ -f "$LIB" ]] || fail "missing $LIB"
assert_eq "$(r -x FUNCTION LOAD REPLACE < "$LIB")" cqrs_eventstore "FUNCTION LOAD REPLACE"
assert_eq "$(r -x FUNCTION LOAD REPLACE < "$LIB")" cqrs_eventstore "FUNCTION LOAD REPLACE again"
assert_err "$(r -x FUNCTION LOAD < "$LIB")" "ERR Library 'cqrs_eventstore' already exists" \
  "FUNCTION LOAD without REPLACE refuses"
VERSION_IN_FILE="$(sed -n 's/^local LIBRARY_VERSION = \([0-9]*\).*/\1/p' "$LIB")"
assert_eq "$(r FCALL_RO cqrs_es_version 0)" "$VERSION_IN_FILE" "cqrs_es_version = LIBRARY_VERSION"
assert_err "$(r FCALL_RO cqrs_es_version 0 extra)" CQRS_BADARG "cqrs_es_version rejects arguments"
assert_err "$(r FCALL_RO cqrs_append 0)" "ERR Can not execute a script with write flag" \
  "cqrs_append is a writing function"
assert_err "$(r FCALL_RO cqrs_append_or_catch_up 0)" "ERR Can not execute a script with write flag" \
  "cqrs_append_or_catch_up is a writing function"
EMPTY_DIGEST="$(r DEBUG DIGEST)"

# --- append: expected none, conflicts, exact, any ----------------------------------
A=Product:42; B=Product:43; P=7
EV=(); ev e1 c1 '{"rating":5}'
out="$(append $P $A none c1 3600 1 "${EV[@]}")"
ID1="$(sed -n 4p <<<"$out")"
assert_eq "$out" "$(lines ok 1 1 "$ID1")" "append expected=none -> version 1"
[[ "$ID1" =~ ^[0-9]+-[0-9]+$ ]] || fail "log id '$ID1' is not a stream id"
assert_eq "$(r LRANGE "$(IDX $P $A)" 0 -1)" "$(lines 1 "$ID1")" "new idx: element 0 = version 1, then the log id"
assert_eq "$(version_of $P $A)" 1 "idx element 0 equals the version after the first append"
assert_eq "$(r XRANGE "$(LOG $P)" "$ID1" "$ID1")" "$(entry "$ID1" e1 c1 '{"rating":5}' $A 1)" \
  "stream entry: fields in order, version filled in by the function"
TTL="$(r TTL "$(CMD $P c1)")"
(( TTL > 3500 && TTL <= 3600 )) || fail "cmd key TTL is $TTL"
ok "cmd key has the TTL ($TTL)"
assert_eq "$(r GET "$(CMD $P c1)")" "1 1 $A" "cmd key records '<newVersion> <firstVersion> <aggregate>'"

before="$(state $P $A)"
EV=(); ev e2 c2 '{}'
assert_eq "$(append $P $A none c2 3600 1 "${EV[@]}" | head -1)" \
  "CQRS_CONFLICT current=1 expected=none aggregate=$A" "second expected=none -> CQRS_CONFLICT current=1"
assert_eq "$(state $P $A)" "$before" "conflict wrote nothing (DBSIZE, XLEN, LLEN, idx, DIGEST)"
assert_eq "$(r EXISTS "$(CMD $P c2)")" 0 "conflict recorded no command outcome"

EV=(); ev e2 c3 '{"n":2}'; ev e3 c3 '{"n":3}'; ev e4 c3 '{"n":4}'
out="$(append $P $A 1 c3 3600 3 "${EV[@]}")"
mapfile -t o <<<"$out"
ID2=${o[3]}; ID3=${o[4]}; ID4=${o[5]}
assert_eq "$out" "$(lines ok 4 2 "$ID2" "$ID3" "$ID4")" "3 events at expected=1 -> versions 2..4, 3 ids"
assert_eq "$(r XLEN "$(LOG $P)") $(r LLEN "$(IDX $P $A)") $(version_of $P $A)" "4 5 4" \
  "multi-event append: XLEN 4, LLEN 5 (version + 4 ids), idx element 0 = 4"
assert_eq "$(r LRANGE "$(IDX $P $A)" 0 -1)" "$(lines 4 "$ID1" "$ID2" "$ID3" "$ID4")" \
  "idx: version, then the ids in version order"
assert_eq "$(r LRANGE "$(IDX $P $A)" 2 3)" "$(lines "$ID2" "$ID3")" "LRANGE idx 2 3 = ids of versions 2..3"
assert_eq "$(r XRANGE "$(LOG $P)" "$ID3" "$ID3")" "$(entry "$ID3" e3 c3 '{"n":3}' $A 3)" \
  "stored entry of version 3"

before="$(state $P $A)"
out="$(append $P $A 1 c3 3600 3 "${EV[@]}")"
assert_eq "$out" "$(lines duplicate 4 2 "$ID2" "$ID3" "$ID4")" "retry of c3 -> duplicate, same versions and ids"
assert_eq "$(state $P $A)" "$before" "duplicate wrote nothing"
EV=(); ev e1 c1 '{"rating":5}'
assert_eq "$(append $P $A none c1 3600 1 "${EV[@]}")" "$(lines duplicate 1 1 "$ID1")" \
  "retry of c1 (now stale expected version) -> still duplicate"

EV=(); ev e5 c5 '{}'
out="$(append $P $A 3 c5 3600 1 "${EV[@]}")"
assert_eq "${out%%$'\n'*}" "CQRS_CONFLICT current=4 expected=3 aggregate=$A" "stale exact version -> CQRS_CONFLICT"
out="$(append $P $A 4 c5 3600 1 "${EV[@]}")"
ID5="$(sed -n 4p <<<"$out")"
assert_eq "$out" "$(lines ok 5 5 "$ID5")" "exact expected version 4 -> 5"
assert_eq "$(version_of $P $A) $(r LLEN "$(IDX $P $A)") $(r LINDEX "$(IDX $P $A)" 5)" "5 6 $ID5" \
  "idx element 0 equals the version after an exact append, element 5 = id of version 5"
EV=(); ev e6 c6 '{}'
out="$(append $P $A any c6 3600 1 "${EV[@]}")"
ID6="$(sed -n 4p <<<"$out")"
assert_eq "$out" "$(lines ok 6 6 "$ID6")" "expected=any -> 6"
assert_eq "$(r LRANGE "$(IDX $P $A)" 0 -1)" "$(lines 6 "$ID1" "$ID2" "$ID3" "$ID4" "$ID5" "$ID6")" \
  "idx element 0 equals the version after 4 appends, ids 1..6 follow"

# --- command id reused on another aggregate ----------------------------------------
before="$(state $P $B)"
EV=(); ev e9 c3 '{}'
assert_err "$(append $P $B none c3 3600 1 "${EV[@]}")" \
  "CQRS_IDEMPOTENCY_KEY_REUSED command=c3 recorded=$A requested=$B" "command id reused on another aggregate"
assert_eq "$(state $P $B)" "$before" "reused command id wrote nothing"
assert_err "$(load $P $B c3)" CQRS_IDEMPOTENCY_KEY_REUSED "load with a command id of another aggregate"

# --- bad arguments -----------------------------------------------------------------
before="$(state $P $A)"
bad() { # message [append args...]
  local msg=$1; shift
  assert_err "$(append "$@")" CQRS_BADARG "$msg"
  assert_eq "$(state $P $A)" "$before" "$msg: nothing written"
}
EV=(); ev e7 c7 '{}'
bad "eventCount 0" $P $A any c7 3600 0
bad "eventCount 0 with events" $P $A any c7 3600 0 "${EV[@]}"
bad "eventCount 2, one event" $P $A any c7 3600 2 "${EV[@]}"
bad "one event, one value short" $P $A any c7 3600 1 "${EV[@]:0:7}"
bad "one event, one value too many" $P $A any c7 3600 1 "${EV[@]}" extra
bad "non-numeric expected version" $P $A abc c7 3600 1 "${EV[@]}"
bad "negative expected version" $P $A -1 c7 3600 1 "${EV[@]}"
# forms Lua's tonumber reads as numbers: the expected version takes decimal digits only
for form in nan inf 6e0 0x6 ' 6' '6 ' 6.0 +6 9007199254740992; do
  bad "expected version \"$form\"" $P $A "$form" c7 3600 1 "${EV[@]}"
done
bad "negative TTL" $P $A any c7 -5 1 "${EV[@]}"
bad "zero TTL" $P $A any c7 0 1 "${EV[@]}"
bad "eventCount 1001" $P $A any c7 3600 1001 "${EV[@]}"
bad "empty event commandId" $P $A any c7 3600 1 e7 ProductRated 1 1700000000000 "" x y "{}"
bad "aggregate without type" $P 42 any c7 3600 1 "${EV[@]}"
bad "aggregate with an empty type" $P :42 any c7 3600 1 "${EV[@]}"
bad "aggregate with an empty id" $P Product: any c7 3600 1 "${EV[@]}"
bad "empty aggregate" $P '' any c7 3600 1 "${EV[@]}"
bad "aggregate with a control character" $P $'Product:4\t2' any c7 3600 1 "${EV[@]}"
bad "aggregate of 513 bytes" $P "Product:$(printf 'x%.0s' $(seq 1 505))" any c7 3600 1 "${EV[@]}"
bad "non-numeric timestamp" $P $A any c7 3600 1 e7 ProductRated 1 yesterday c7 x y '{}'
bad "empty event type" $P $A any c7 3600 1 e7 '' 1 1700000000000 c7 x y '{}'
# each event field that the append checks with one pattern in its quick test, alone
bad "event type with a control character" $P $A any c7 3600 1 e7 $'Product\x01Rated' 1 1700000000000 c7 x y '{}'
bad "event schema with a control character" $P $A any c7 3600 1 e7 ProductRated $'1\n' 1700000000000 c7 x y '{}'
bad "eventId with a control character" $P $A any c7 3600 1 $'e\x7f7' ProductRated 1 1700000000000 c7 x y '{}'
bad "event commandId with a control character" $P $A any c7 3600 1 e7 ProductRated 1 1700000000000 $'c\x017' x y '{}'
bad "timestamp with the quick test's separator" $P $A any c7 3600 1 e7 ProductRated 1 $'17\x01' c7 x y '{}'
bad "timestamp after 2^53-1" $P $A any c7 3600 1 e7 ProductRated 1 9007199254740992 c7 x y '{}'
bad "eventId of 129 bytes" $P $A any c7 3600 1 "$(printf 'e%.0s' $(seq 1 129))" ProductRated 1 1700000000000 c7 x y '{}'
bad "TTL beyond 10 years" $P $A any c7 315360001 1 "${EV[@]}"
bad "TTL with a sign" $P $A any c7 +60 1 "${EV[@]}"
EV=(); ev e7 c7 '{}'; ev e7 c7 '{}'
bad "eventId twice in one call" $P $A any c7 3600 2 "${EV[@]}"
EV=(); ev e7 c7 '{}'
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX $P $B)" "$(CMD $P c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: idx key of another aggregate"
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX 8 $A)" "$(CMD $P c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: idx key of another partition"
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX $P $A)" "$(CMD 8 c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: cmd key of another partition"
assert_err "$(r FCALL cqrs_append 3 "$(base $P):stream" "$(IDX $P $A)" "$(CMD $P c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: log key not ending in :log"
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX $P $A)" "$(base $P):cmdx" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: cmd key without :cmd:"
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX $P $A)" "$(base $P):cmd:" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: cmd key without a command id"
assert_err "$(r FCALL cqrs_append 3 "$(LOG $P)" "$(IDX $P $A)" "x$(CMD $P c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: cmd key with the partition's name inside, not first"
assert_err "$(r FCALL cqrs_append 2 "$(LOG $P)" "$(IDX $P $A)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: 2 keys"
assert_err "$(r FCALL cqrs_append 4 "$(LOG $P)" "$(base $P):versions" "$(IDX $P $A)" "$(CMD $P c7)" $A any 60 1 "${EV[@]}")" \
  CQRS_BADARG "append: the v1 KEYS (log versions idx cmd)"
assert_eq "$(state $P $A)" "$before" "key-name errors wrote nothing"
assert_err "$(r FCALL_RO cqrs_load 3 "$(LOG $P)" "$(IDX $P $A)" "$(SNAP $P $B)" $A)" CQRS_BADARG \
  "load: snap key of another aggregate"
assert_err "$(r FCALL_RO cqrs_load 3 "$(LOG $P)" "$(IDX 8 $A)" "$(SNAP $P $A)" $A)" CQRS_BADARG \
  "load: idx key of another partition"
assert_err "$(r FCALL_RO cqrs_load 4 "$(LOG $P)" "$(IDX $P $A)" "$(SNAP $P $A)" "$(CMD 8 c3)" $A 1)" CQRS_BADARG \
  "load: cmd key of another partition"
assert_err "$(r FCALL_RO cqrs_read_versions 2 "$(LOG $P)" "$(IDX $P $B)" $A 1 2)" CQRS_BADARG \
  "read_versions: idx key of another aggregate"
assert_err "$(r FCALL_RO cqrs_read_versions 2 "$(LOG 8)" "$(IDX $P $A)" $A 1 2)" CQRS_BADARG \
  "read_versions: log key of another partition"
assert_err "$(r FCALL cqrs_snapshot 2 "$(IDX $P $B)" "$(SNAP $P $A)" $A 1 2 s)" CQRS_BADARG \
  "snapshot: idx key of another aggregate"
assert_err "$(r FCALL cqrs_snapshot 2 "$(IDX $P $A)" "$(SNAP 8 $A)" $A 1 2 s)" CQRS_BADARG \
  "snapshot: snap key of another partition"
assert_eq "$(state $P $A)" "$before" "rejected load/read/snapshot calls wrote nothing"
# values the append's quick tests are too strict for: the named checks take them
EV=(e20 ProductRated 1 9007199254740991 c20 x y '{}')
assert_eq "$(append $P Product:quick none c20 0100 1 "${EV[@]}" | head -1)" ok \
  "append with a TTL of 0100 and a timestamp of 2^53-1"
assert_le "$(r TTL "$(CMD $P c20)")" 100 "TTL 0100 is 100 seconds"
# the TTL a call after a good one sends is checked again, and a non-canonical one never
# becomes the known good TTL
EV=(e22 ProductRated 1 1 c22 x y '{}')
assert_eq "$(append $P Product:quick 1 c22 0100 1 "${EV[@]}" | head -1)" ok "TTL 0100 again"
assert_le "$(r TTL "$(CMD $P c22)")" 100 "TTL 0100 again is 100 seconds"
EV=(e23 ProductRated 1 1 c23 x y '{}')
before="$(state $P $A)"
bad "TTL 0 after a good TTL" $P $A any c23 0 1 "${EV[@]}"
bad "TTL 3600x after a good 3600" $P $A any c23 3600x 1 "${EV[@]}"
# an expected version with leading zeros is still a decimal: 002 is 2, and a stale 0001
# is a conflict that names it as sent
EV=(e24 ProductRated 1 1 c24 x y '{}')
assert_eq "$(append $P Product:quick 002 c24 60 1 "${EV[@]}" | sed -n 2p)" 3 "expected version 002 -> 3"
EV=(e25 ProductRated 1 1 c25 x y '{}')
assert_err "$(append $P Product:quick 0001 c25 60 1 "${EV[@]}")" \
  "CQRS_CONFLICT current=3 expected=0001" "a stale expected version 0001 -> CQRS_CONFLICT"
EV=(); for i in $(seq 1 10); do ev "e2$i" c21 '{}'; done
assert_eq "$(append $P Product:quick 3 c21 60 10 "${EV[@]}" | sed -n 2p)" 13 "append of 10 events (a two-digit eventCount)"
assert_err "$(read_versions $P $A 0 3)" CQRS_BADARG "read_versions fromVersion 0"
assert_err "$(read_versions $P $A 3 2)" CQRS_BADARG "read_versions to < from"
assert_err "$(snapshot $P $A x 1 s)" CQRS_BADARG "snapshot version not a number"
assert_err "$(r FCALL_RO cqrs_load 3 "$(LOG $P)" "$(IDX $P $A)" "$(SNAP $P $A)" $A 1)" \
  CQRS_BADARG "load checkCommand=1 without a cmd key"

# a key of the wrong type is caught before the first write (Lua does not roll back)
C=Product:44
r SET "$(IDX $P $C)" oops >/dev/null
before="$(state $P $C)"
EV=(); ev e1 w1 '{}'
assert_err "$(append $P $C none w1 60 1 "${EV[@]}")" CQRS_CORRUPT "idx key of the wrong type"
assert_eq "$(state $P $C)" "$before" "wrong-type idx: no XADD happened"
assert_err "$(load $P $C)" CQRS_CORRUPT "load of a wrong-type idx"
r DEL "$(IDX $P $C)" >/dev/null

# a log key of the wrong type fails the first XADD, the first write: nothing written
Q=12; D=Product:77
r SET "$(LOG $Q)" oops >/dev/null
before="$(r DBSIZE) $(r DEBUG DIGEST)"
EV=(); ev e1 w2 '{}'
assert_err "$(append $Q $D none w2 60 1 "${EV[@]}")" CQRS_CORRUPT "log key of the wrong type"
assert_err "$(catch_up $Q $D 0 w2 60 1 "${EV[@]}")" CQRS_CORRUPT "catch_up: log key of the wrong type"
assert_eq "$(r DBSIZE) $(r DEBUG DIGEST)" "$before" "wrong-type log: no idx, no command outcome, nothing else"
r DEL "$(LOG $Q)" >/dev/null

# a corrupt idx (element 0 not a decimal, or LLEN-1 != element 0) is caught before the
# first write: CQRS_CORRUPT, and DBSIZE, XLEN, LLEN and the idx contents are unchanged
EV=(); ev k1 k1 '{}'; ev k2 k1 '{}'
append $P $C none k1 60 2 "${EV[@]}" >/dev/null
assert_eq "$(version_of $P $C) $(r LLEN "$(IDX $P $C)")" "2 3" "aggregate C at version 2 (idx element 0 = 2, LLEN 3)"
corrupt() { # message: the idx of C is corrupt now; every function refuses, nothing written
  local before; before="$(state $P $C)"
  EV=(); ev k9 k9 '{}'
  assert_err "$(append $P $C any k9 60 1 "${EV[@]}")" CQRS_CORRUPT "$1: append"
  assert_err "$(catch_up $P $C 2 k9 60 1 "${EV[@]}")" CQRS_CORRUPT "$1: append_or_catch_up"
  assert_eq "$(state $P $C)" "$before" "$1: append wrote nothing (DBSIZE, XLEN, LLEN, idx)"
  assert_eq "$(r EXISTS "$(CMD $P k9)")" 0 "$1: no command outcome recorded"
  EV=(); ev k1 k1 '{}'; ev k2 k1 '{}'
  assert_err "$(append $P $C none k1 60 2 "${EV[@]}")" CQRS_CORRUPT "$1: retry of a recorded command"
  assert_err "$(load $P $C)" CQRS_CORRUPT "$1: load"
  assert_err "$(read_versions $P $C 1 1)" CQRS_CORRUPT "$1: read_versions"
  assert_err "$(snapshot $P $C 1 1 s)" CQRS_CORRUPT "$1: snapshot"
  assert_eq "$(state $P $C)" "$before" "$1: still nothing written"
}
IDXC="$(IDX $P $C)"
r LSET "$IDXC" 0 two >/dev/null;  corrupt "idx element 0 not a number"
r LSET "$IDXC" 0 -2 >/dev/null;   corrupt "idx element 0 negative"
r LSET "$IDXC" 0 3 >/dev/null;    corrupt "idx element 0 above LLEN-1"
r LSET "$IDXC" 0 2 >/dev/null; r RPUSH "$IDXC" 1-1 >/dev/null
corrupt "idx with an extra id (LLEN-1 above element 0)"
r DEL "$IDXC" >/dev/null; r RPUSH "$IDXC" 0 >/dev/null
assert_eq "$(load $P $C)" "$(lines 0 '' '')" "an idx holding only version 0 is version 0"
r DEL "$IDXC" >/dev/null; r RPUSH "$IDXC" 1 >/dev/null
corrupt "idx holding a version but no ids"
r DEL "$IDXC" >/dev/null

r SET "$(CMD $P bad)" garbage >/dev/null
before="$(state $P $A)"
EV=(); ev e8 bad '{}'
assert_err "$(append $P $A any bad 60 1 "${EV[@]}")" CQRS_CORRUPT "unreadable recorded outcome"
assert_eq "$(state $P $A)" "$before" "unreadable recorded outcome: nothing written"
r DEL "$(CMD $P bad)" >/dev/null

# --- load, snapshots ---------------------------------------------------------------
all_entries="$(entry "$ID1" e1 c1 '{"rating":5}' $A 1; entry "$ID2" e2 c3 '{"n":2}' $A 2
  entry "$ID3" e3 c3 '{"n":3}' $A 3; entry "$ID4" e4 c3 '{"n":4}' $A 4
  entry "$ID5" e5 c5 '{}' $A 5; entry "$ID6" e6 c6 '{}' $A 6)"
assert_eq "$(load $P $A)" "$(lines 6 '' ''; echo "$all_entries")" "load without snapshot: version 6 and all 6 entries"
assert_eq "$(r --no-raw FCALL_RO cqrs_load 3 "$(LOG $P)" "$(IDX $P $A)" "$(SNAP $P $A)" $A | sed -n 2,3p)" \
  "$(lines '2) (nil)' '3) (nil)')" "load: outcome and snapshot are nil replies"
assert_eq "$(load $P $A c3 | head -7)" "$(lines 6 duplicate 4 2 "$ID2" "$ID3" "$ID4")" \
  "load with a recorded command: its outcome"
assert_eq "$(load $P $A nosuchcmd | head -3)" "$(lines 6 '' '')" "load with an unknown command id: nil outcome"
assert_eq "$(load $P Product:999)" "$(lines 0 '' '')" "load of a new aggregate: version 0"

assert_eq "$(snapshot $P $A 4 2 'state@4')" 1 "snapshot at 4 written"
assert_eq "$(snapshot $P $A 3 2 'state@3')" 0 "older snapshot refused"
assert_eq "$(snapshot $P $A 4 2 'again')" 0 "same-version snapshot refused"
assert_eq "$(snapshot $P $A 7 2 'future')" 0 "snapshot beyond the current version refused"
assert_eq "$(r HGET "$(SNAP $P $A)" state)" 'state@4' "stored snapshot unchanged"
assert_eq "$(load $P $A)" "$(lines 6 '' 4 2 'state@4'; entry "$ID5" e5 c5 '{}' $A 5; entry "$ID6" e6 c6 '{}' $A 6)" \
  "load after snapshot@4: snapshot + versions 5, 6 only"
assert_eq "$(snapshot $P $A 6 2 'state@6')" 1 "snapshot at the current version"
assert_eq "$(load $P $A)" "$(lines 6 '' 6 2 'state@6')" "load at snapshot = current: no entries"

r HSET "$(SNAP $P $A)" version 99 schema 2 state broken >/dev/null
assert_eq "$(load $P $A)" "$(lines 6 '' ''; echo "$all_entries")" "snapshot with a too-high version is ignored"
assert_eq "$(snapshot $P $A 5 2 'state@5')" 1 "a broken snapshot is replaced"

# --- read_versions -----------------------------------------------------------------
assert_eq "$(read_versions $P $A 2 4)" "$(entry "$ID2" e2 c3 '{"n":2}' $A 2; entry "$ID3" e3 c3 '{"n":3}' $A 3
  entry "$ID4" e4 c3 '{"n":4}' $A 4)" "read_versions 2..4"
assert_eq "$(read_versions $P $A 5 1000)" "$(entry "$ID5" e5 c5 '{}' $A 5; entry "$ID6" e6 c6 '{}' $A 6)" \
  "read_versions 5..1000 clamps to 6"
assert_eq "$(read_versions $P $A 7 9)" "" "read_versions beyond the current version: empty"

# --- a trimmed log entry -----------------------------------------------------------
D=Product:45
EV=(); ev d1 t1 '{}'; ev d2 t1 '{}'
out="$(append $P $D none t1 60 2 "${EV[@]}")"
DID2="$(sed -n 5p <<<"$out")"
r XDEL "$(LOG $P)" "$DID2" >/dev/null
assert_err "$(load $P $D)" "CQRS_MISSING_EVENT aggregate=$D version=2 id=$DID2" "load of a trimmed entry"
assert_err "$(read_versions $P $D 1 2)" "CQRS_MISSING_EVENT aggregate=$D version=2" "read_versions of a trimmed entry"

# --- append_or_catch_up: cqrs_append whose conflict is a reply with the missed entries --
Q=3; F=Product:46
EV=(); ev f1 u1 '{"n":1}'
out="$(catch_up $Q $F none u1 3600 1 "${EV[@]}")"
FID1="$(sed -n 4p <<<"$out")"
assert_eq "$out" "$(lines ok 1 1 "$FID1")" "catch_up expected=none on a new aggregate -> ok, version 1"
EV=(); ev f2 u2 '{"n":2}'
out="$(catch_up $Q $F 1 u2 3600 1 "${EV[@]}")"
FID2="$(sed -n 4p <<<"$out")"
assert_eq "$out" "$(lines ok 2 2 "$FID2")" "catch_up at the current version -> ok, version 2"
assert_eq "$(r LRANGE "$(IDX $Q $F)" 0 -1)" "$(lines 2 "$FID1" "$FID2")" "catch_up maintains the idx like cqrs_append"
assert_eq "$(r GET "$(CMD $Q u2)")" "2 2 $F" "catch_up records the command's outcome"
before="$(state $Q $F)"
assert_eq "$(catch_up $Q $F 1 u2 3600 1 "${EV[@]}")" "$(lines duplicate 2 2 "$FID2")" \
  "catch_up retry of u2 with a stale expected version -> duplicate, not a conflict (command id first)"
assert_eq "$(catch_up $Q $F 7 u2 3600 1 "${EV[@]}")" "$(lines duplicate 2 2 "$FID2")" \
  "catch_up retry of u2 with an expected version ahead -> duplicate"
EV=(); ev f1 u1 '{"n":1}'
assert_eq "$(append $Q $F none u1 3600 1 "${EV[@]}")" "$(lines duplicate 1 1 "$FID1")" \
  "cqrs_append answers a command recorded by catch_up as a duplicate"
EV=(); ev f3 u3 '{"n":3}'
assert_eq "$(catch_up $Q $F 1 u3 3600 1 "${EV[@]}")" "$(lines conflict 2; entry "$FID2" f2 u2 '{"n":2}' $F 2)" \
  "catch_up one version behind -> conflict reply: current 2 and the entry of version 2"
assert_eq "$(catch_up $Q $F 0 u3 3600 1 "${EV[@]}")" "$(lines conflict 2; entry "$FID1" f1 u1 '{"n":1}' $F 1
  entry "$FID2" f2 u2 '{"n":2}' $F 2)" "catch_up at 0 (an empty cache) -> both entries"
assert_eq "$(catch_up $Q $F none u3 3600 1 "${EV[@]}" | head -2)" "$(lines conflict 2)" "catch_up expected=none -> conflict"
assert_eq "$(catch_up $Q $F 5 u3 3600 1 "${EV[@]}")" "$(lines conflict 2)" \
  "catch_up ahead of the store -> conflict with the current version only"
assert_eq "$(state $Q $F)" "$before" "catch_up duplicates and conflicts wrote nothing"
assert_eq "$(r EXISTS "$(CMD $Q u3)")" 0 "catch_up conflicts recorded no command outcome"
EV=(); ev g1 u2 '{}'
assert_err "$(catch_up $Q Product:47 none u2 3600 1 "${EV[@]}")" \
  "CQRS_IDEMPOTENCY_KEY_REUSED command=u2 recorded=$F requested=Product:47" "catch_up: command id of another aggregate"
bad_catch_up() { # message [catch_up args...]
  local msg=$1; shift
  assert_err "$(catch_up "$@")" CQRS_BADARG "catch_up: $msg"
  assert_eq "$(state $Q $F)" "$before" "catch_up: $msg: nothing written"
}
EV=(); ev f3 u3 '{}'
bad_catch_up "eventCount 0" $Q $F 2 u3 3600 0
bad_catch_up "eventCount 2, one event" $Q $F 2 u3 3600 2 "${EV[@]}"
bad_catch_up "non-numeric expected version" $Q $F abc u3 3600 1 "${EV[@]}"
bad_catch_up "zero TTL" $Q $F 2 u3 0 1 "${EV[@]}"
bad_catch_up "empty event type" $Q $F 2 u3 3600 1 f3 '' 1 1700000000000 u3 x y '{}'
bad_catch_up "bad args even when the version conflicts" $Q $F 1 u3 3600 2 "${EV[@]}"
assert_err "$(r FCALL cqrs_append_or_catch_up 3 "$(LOG $Q)" "$(IDX $Q $B)" "$(CMD $Q u3)" $F 2 60 1 "${EV[@]}")" \
  CQRS_BADARG "catch_up: idx key of another aggregate"
assert_err "$(r FCALL cqrs_append_or_catch_up 3 "$(LOG $Q)" "$(IDX $Q $F)" "$(CMD 8 u3)" $F 2 60 1 "${EV[@]}")" \
  CQRS_BADARG "catch_up: cmd key of another partition"
assert_eq "$(state $Q $F)" "$before" "catch_up key-name errors wrote nothing"
# 64 entries missed at most come back; more, and only the current version does
EV=(); for i in $(seq 3 67); do ev "f$i" u4 "{\"n\":$i}"; done
assert_eq "$(catch_up $Q $F 2 u4 3600 65 "${EV[@]}" | head -3 | tail -2)" "$(lines 67 3)" "65 events in one catch_up append -> 3..67"
assert_eq "$(catch_up $Q $F 2 u5 3600 1 f68 ProductRated 1 '' u5 '' '' '{}')" "$(lines conflict 67)" \
  "catch_up 65 versions behind -> conflict with the current version only (the client loads in full)"
out="$(catch_up $Q $F 3 u5 3600 1 f68 ProductRated 1 '' u5 '' '' '{}')"
assert_eq "$(head -2 <<<"$out") $(wc -l <<<"$out")" "$(lines conflict 67) $((2 + 64 * 21))" \
  "catch_up 64 versions behind -> conflict with 64 entries"
assert_eq "$(sed -n 4,5p <<<"$out") $(tail -1 <<<"$out")" "$(lines eventId f4) {\"n\":67}" \
  "the 64 entries are versions 4..67, in order"
assert_eq "$(r EXISTS "$(CMD $Q u5)")" 0 "no outcome recorded for the conflicting u5"

# --- replace keeps data, version readable on a fresh load ---------------------------
assert_eq "$(r -x FUNCTION LOAD REPLACE < "$LIB")" cqrs_eventstore "FUNCTION LOAD REPLACE with data present"
assert_eq "$(version_of $P $A)" 6 "data survives the reload"
[[ "$(r DEBUG DIGEST)" != "$EMPTY_DIGEST" ]] || fail "digest sanity"
echo "all $PASSED assertions passed"

# --- memory benchmark --------------------------------------------------------------
# BENCH_AGGREGATES aggregates x BENCH_EVENTS events over BENCH_PARTITIONS partitions, one
# command (FCALL cqrs_append, 1 event, exact expected version) per event, sent in RESP
# through redis-cli --pipe. Memory is read from INFO memory after the cmd keys are dropped
# (they expire in production) and the server has settled; their cost is reported apart.
[[ "$BENCH" == 1 ]] || exit 0
r FLUSHALL >/dev/null
r FUNCTION LIST LIBRARYNAME cqrs_eventstore | grep -q cqrs_append || fail "library gone after FLUSHALL"
used() { r INFO memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }
settle() { # until serverCron has finished shrinking/rehashing dicts
  local prev=-1 cur
  for _ in $(seq 1 40); do
    cur="$(used)"; [[ "$cur" == "$prev" ]] && break; prev="$cur"; sleep 0.3
  done
  echo "$cur"
}
# bytes of main+expires hash-table slots beyond what the remaining keys need: the main dict
# grew for the cmd keys and serverCron only shrinks it below 10% fill
excess_slots() {
  r DEBUG HTSTATS 0 | tr -d '\r' | awk -v keys="$(r DBSIZE)" '
    /^\[Dictionary HT\]/ { s = 1 } /^\[Expires HT\]/ { s = 2 }
    /table size:/ { if (s == 1) m += $3; else e += $3 }
    END { n = 4; while (n < keys) n *= 2; print (m - n) * 8 + e * 8 }'
}
drop_cmd_keys() {
  r --scan --pattern "$PFX:*:cmd:*" | awk '{ printf "*2\r\n$6\r\nUNLINK\r\n$%d\r\n%s\r\n", length($0), $0 }' \
    | r --pipe >/dev/null 2>&1
}
# gen first last: RESP FCALLs appending events first..last to every aggregate, realistic
# sizes: UUIDs, epoch-ms timestamp, small JSON data
gen() {
  awk -v N="$BENCH_AGGREGATES" -v P="$BENCH_PARTITIONS" -v F="$1" -v L="$2" -v PFX="$PFX" '
    function uuid(kind, a, v) { return sprintf("%08x-%04x-4%03x-8000-%012x", a, kind, v, a * 100 + v) }
    function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
    BEGIN {
      for (v = F; v <= L; v++) for (a = 0; a < N; a++) {
        p = a % P; b = PFX ":{p" p "}"; agg = "Product:" uuid(0, a, 0); cmd = uuid(1, a, v)
        expv = (v == 1) ? "none" : v - 1
        data = sprintf("{\"userId\":\"user-%06d\",\"rating\":%d}", (a * 7 + v) % 1000000, v % 5 + 1)
        printf "*18\r\n" bulk("FCALL") bulk("cqrs_append") bulk("3") bulk(b ":log") \
          bulk(b ":idx:" agg) bulk(b ":cmd:" cmd) bulk(agg) bulk(expv) bulk("86400") bulk("1") \
          bulk(uuid(2, a, v)) bulk("ProductRated") bulk("1") bulk(sprintf("%d", 1700000000000 + a * 10 + v)) \
          bulk(cmd) bulk(uuid(3, a, v)) bulk(uuid(4, a, v)) bulk(data)
      }
    }'
}
pipe() { # count: feeds RESP from stdin, checks every reply is a success
  local res; res="$(r --pipe 2>&1)" || fail "redis-cli --pipe failed: $res"
  grep -q "errors: 0, replies: $1\$" <<<"$res" || fail "benchmark appends failed: $res"
}
# the 8 client values of one benchmark event (the payload), and the aggregate+version
# values the function adds to each entry
PAYLOAD=$((36 + 12 + 1 + 13 + 36 + 36 + 36 + 35))
AGGV=$((44 + ${#BENCH_EVENTS}))
N=$BENCH_AGGREGATES
EVENTS=$((N * BENCH_EVENTS))

M0="$(settle)"
t0=$(date +%s.%N)
gen 1 1 | pipe "$N"
t1=$(date +%s.%N)
M1c="$(used)"; drop_cmd_keys; M1="$(settle)"; X1="$(excess_slots)"
gen 2 "$BENCH_EVENTS" | pipe $((EVENTS - N))
t2=$(date +%s.%N)
M2c="$(used)"; drop_cmd_keys; M2="$(settle)"; X2="$(excess_slots)"

xlen_total=0
for p in $(seq 0 $((BENCH_PARTITIONS - 1))); do
  xlen_total=$((xlen_total + $(r XLEN "$(LOG $p)")))
done
[[ "$xlen_total" == "$EVENTS" ]] || fail "benchmark: XLEN total $xlen_total, expected $EVENTS"
AGG0="Product:$(printf '%08x-%04x-4%03x-8000-%012x' 0 0 0 0)"
assert_eq "$(version_of 0 "$AGG0") $(r LLEN "$(IDX 0 "$AGG0")")" "$BENCH_EVENTS $((BENCH_EVENTS + 1))" \
  "benchmark aggregate 0: idx element 0 = $BENCH_EVENTS, LLEN $((BENCH_EVENTS + 1))"
idx_one="$(r MEMORY USAGE "$(IDX 0 "$AGG0")" SAMPLES 0)"
id_bytes="$(r LRANGE "$(IDX 0 "$AGG0")" 1 -1 | awk '{ n += length($0) + 2 } END { print n }')"

calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
# linear fit M = aggregates * A + events * E, with the oversized-dict slots taken out
E=$(calc "(($M2 - $X2) - ($M1 - $X1)) / ($EVENTS - $N)")
A=$(calc "(($M1 - $X1) - $M0) / $N - $E")
echo
echo "memory: $N aggregates x $BENCH_EVENTS events, $BENCH_PARTITIONS partitions, 1 event per FCALL" \
  "($(calc "$EVENTS / (($t1 - $t0) + ($t2 - $t1))") appends/s through redis-cli --pipe)"
echo "  used_memory delta $((M2 - M0)) B (cmd keys dropped): $(calc "($M2 - $M0) / $EVENTS") B/event," \
  "$(calc "($M2 - $M0) / $N") B/aggregate all included"
echo "  fit: per event $E B = payload $PAYLOAD B (8 client values) + overhead $(calc "$E - $PAYLOAD") B" \
  "(of which aggregate+version values $AGGV B, idx element ~$(calc "$id_bytes / $BENCH_EVENTS") B)"
echo "  fit: per aggregate $A B (idx key without its ids, with its version element $((idx_one - id_bytes)) B," \
  "rest: main-dict slot and allocator rounding)"
echo "  live cmd keys: $(calc "(($M1c - $M1) + ($M2c - $M2)) / $EVENTS") B per command until the TTL expires"
echo "  MEMORY USAGE: one idx (version + $BENCH_EVENTS ids, $(r OBJECT ENCODING "$(IDX 0 "$AGG0")")) $idx_one B;" \
  "one log $(r MEMORY USAGE "$(LOG 0)" SAMPLES 0) B ($(r XLEN "$(LOG 0)") entries)"
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "ok" : "MISS" }'; }
v1=$(verdict "$(calc "$E - $PAYLOAD")" 150); v2=$(verdict "$A" 300)
echo "  target per-event overhead <= 150 B: $v1; per-aggregate <= 300 B: $v2"
if [[ "${BENCH_STRICT:-0}" == 1 && ( "$v1" != ok || "$v2" != ok ) ]]; then fail "memory target missed"; fi
