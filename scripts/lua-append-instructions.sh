#!/usr/bin/env bash
# Instructions redis-server runs per `FCALL cqrs_append` of the event store library,
# counted with valgrind's callgrind (deterministic, unlike time on a shared machine).
# Not part of `make test` or `make bench`: it needs valgrind (apt-get install valgrind)
# and python3.
#
#   scripts/lua-append-instructions.sh [library.lua]   # default: the shipped library
#
# Two shapes of call, each counted in two runs of redis-server under callgrind, 2,000
# and 12,000 appends of one ProductRated event; the difference over 10,000 is the cost
# of one append, start-up and shutdown cancelled out:
# - "benchmark": the call `cqrs bench write-store` gives redis-benchmark (expected
#   version any, short ids, fresh command keys), sent by redis-benchmark -c 4 -P 16;
# - "client": the call RedisEventStore makes (an exact expected version, UUID ids, a
#   timestamp, correlation and causation ids), sent by redis-cli --pipe.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=${1:-Sources/EventStore/Lua/eventstore.lua}
command -v valgrind >/dev/null || { echo "lua-append-instructions: valgrind is not installed" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
payload='{"previousRating":4,"productId":1,"rating":5,"userId":1}'
work=$(mktemp -d /tmp/cqrs-callgrind-XXXXXX)
trap 'rm -rf "$work"' EXIT

# The client's calls, in RESP: appends 1..n to one aggregate, each expecting the last.
client_calls() {  # appends file
  python3 - "$1" "$payload" >"$2" <<'PY'
import sys
count, payload = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
for v in range(count):
    command = "c%08d-3c1b-4b8e-9f7e-7a0e0d6f0a11" % v
    args = ["FCALL", "cqrs_append", "3", "cqrs:{p0}:log", "cqrs:{p0}:idx:Product:bench",
            "cqrs:{p0}:cmd:" + command, "Product:bench", "none" if v == 0 else str(v), "86400", "1",
            "e%07d-5d6f-4e7a-8b9c-0d1e2f3a4b5c" % v, "ProductRated", "2", "1795815000123",
            command, command, command, payload]
    out.write("*%d\r\n" % len(args))
    for a in args:
        out.write("$%d\r\n%s\r\n" % (len(a.encode()), a))
PY
}

instructions() {  # shape appends -> total instructions of the run
  local dir; dir=$(mktemp -d "$work/run-XXXXXX")
  valgrind --tool=callgrind --callgrind-out-file="$dir/out" \
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" >/dev/null 2>"$dir/valgrind.log" &
  local server=$!
  for _ in $(seq 1 150); do redis-cli -p "$port" PING >/dev/null 2>&1 && break; sleep 0.2; done
  redis-cli -p "$port" -x FUNCTION LOAD REPLACE <"$lib" | grep -qx cqrs_eventstore \
    || { echo "lua-append-instructions: $lib did not load" >&2; kill "$server"; exit 1; }
  if [[ $1 == benchmark ]]; then
    redis-benchmark -p "$port" -c 4 -P 16 -n "$2" -r 100000000 -q FCALL cqrs_append 3 \
      'cqrs:{p0}:log' 'cqrs:{p0}:idx:Product:bench' 'cqrs:{p0}:cmd:__rand_int__' \
      Product:bench any 86400 1 0 ProductRated 2 "" 6f1d6f32-3c1b-4b8e-9f7e-7a0e0d6f0a11 "" "" "$payload" >/dev/null
  else
    client_calls "$2" "$dir/calls.resp"
    redis-cli -p "$port" --pipe <"$dir/calls.resp" >"$dir/pipe.log" 2>&1
    grep -q 'errors: 0,' "$dir/pipe.log" \
      || { echo "lua-append-instructions: the client's calls failed: $(tail -1 "$dir/pipe.log")" >&2; kill "$server"; exit 1; }
  fi
  redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  wait "$server" || true
  awk '/^(summary|totals):/ { print $2; exit }' "$dir/out"*
}

for shape in benchmark client; do
  small=$(instructions "$shape" 2000)
  large=$(instructions "$shape" 12000)
  echo "$lib: $(((large - small) / 10000)) instructions per cqrs_append ($shape's call)"
done
