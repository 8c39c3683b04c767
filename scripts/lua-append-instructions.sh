#!/usr/bin/env bash
# Instructions redis-server runs per `FCALL cqrs_append` of the event store library,
# counted with valgrind's callgrind (deterministic, unlike time on a shared machine).
# Not part of `make test` or `make bench`: it needs valgrind (apt-get install valgrind).
#
#   scripts/lua-append-instructions.sh [library.lua]   # default: the shipped library
#
# Two runs of redis-server under callgrind, 2,000 and 12,000 appends of one ProductRated
# event (redis-benchmark -c 4 -P 16, fresh command keys); the difference over 10,000 is
# the cost of one append, start-up and shutdown cancelled out.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=${1:-Sources/EventStore/Lua/eventstore.lua}
command -v valgrind >/dev/null || { echo "lua-append-instructions: valgrind is not installed" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
payload='{"previousRating":4,"productId":1,"rating":5,"userId":1}'

instructions() {  # appends -> total instructions of the run
  local dir; dir=$(mktemp -d /tmp/cqrs-callgrind-XXXXXX)
  valgrind --tool=callgrind --callgrind-out-file="$dir/out" \
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" >/dev/null 2>"$dir/valgrind.log" &
  local server=$!
  for _ in $(seq 1 150); do redis-cli -p "$port" PING >/dev/null 2>&1 && break; sleep 0.2; done
  redis-cli -p "$port" -x FUNCTION LOAD REPLACE <"$lib" | grep -qx cqrs_eventstore \
    || { echo "lua-append-instructions: $lib did not load" >&2; kill "$server"; exit 1; }
  redis-benchmark -p "$port" -c 4 -P 16 -n "$1" -r 100000000 -q FCALL cqrs_append 3 \
    'cqrs:{p0}:log' 'cqrs:{p0}:idx:Product:bench' 'cqrs:{p0}:cmd:__rand_int__' \
    Product:bench any 86400 1 0 ProductRated 2 "" 6f1d6f32-3c1b-4b8e-9f7e-7a0e0d6f0a11 "" "" "$payload" >/dev/null
  redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  wait "$server" || true
  awk '/^(summary|totals):/ { print $2; exit }' "$dir/out"*
  rm -rf "$dir"
}

small=$(instructions 2000)
large=$(instructions 12000)
echo "$lib: $(((large - small) / 10000)) instructions per cqrs_append"
