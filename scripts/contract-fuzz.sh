#!/usr/bin/env bash
# Contract fuzzing: schemathesis (PyPI, 4.x) against the OpenAPI document that each HTTP
# API serves at /openapi.yaml, the query API's and the command API's. Fails on any
# finding: a 5xx, a status code the document does not list, a response (body, headers,
# content type) that breaks the document.
#
# It starts everything itself from the debug build (.build/debug/cqrs, built if missing):
# a write store and a read store (redis-server on free loopback ports, in a temp dir),
# `cqrs init`, the command API, a projector and the query API, seeds a few products so
# the read routes have data, and stops every process by PID on exit.
#
#   scripts/contract-fuzz.sh            # FUZZ_EXAMPLES=N per operation (default 50)
#   CQRS_BIN=.build/release/cqrs scripts/contract-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CQRS_BIN:-.build/debug/cqrs}"
examples="${FUZZ_EXAMPLES:-50}"
venv="$PWD/.build-venv"
config="$PWD/scripts/contract-fuzz.toml"
checks="not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance"

if [ ! -x "$bin" ]; then swift build --product cqrs; fi
# schemathesis in a venv under .build-venv/ (gitignored), or for the user where Python
# cannot make venvs (Debian without python3-venv).
schemathesis=("$venv/bin/python" -m schemathesis.cli)
if ! "${schemathesis[@]}" --version >/dev/null 2>&1; then
  echo "fuzz: installing schemathesis (PyPI)"
  if python3 -m venv "$venv" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
  else
    rm -rf "$venv"
    schemathesis=(python3 -m schemathesis.cli)
    pip_user=(python3 -m pip install --quiet --disable-pip-version-check --user 'schemathesis>=4,<5')
    "${schemathesis[@]}" --version >/dev/null 2>&1 || "${pip_user[@]}" 2>/dev/null || "${pip_user[@]}" --break-system-packages
  fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cqrs-fuzz-XXXXXX")"
pids=()
stop_all() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do echo "--- $log (last lines)"; tail -n 20 "$log"; done
  fi
  rm -rf "$work"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A redis-server in its own dir under the temp dir (the layout scripts/reap-test-servers.sh
# recognises, should this script itself be killed).
start_redis() {
  local name=$1 port=$2
  mkdir -p "$work/$name"
  printf 'bind 127.0.0.1\nport %s\ndir %s\nsave ""\nappendonly no\nlogfile %s\n' \
    "$port" "$work/$name" "$work/$name/redis.log" >"$work/$name/redis.conf"
  redis-server "$work/$name/redis.conf" &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    # Ours only: another server may have taken the port since it was found free.
    redis-cli -p "$port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$pid" && return 0
    sleep 0.05
  done
  echo "fuzz: redis-server $name did not start on port $port" >&2
  return 1
}

# Waits until `url` answers while process `pid` (ours) runs: if it could not bind its
# port, whatever answers there is not ours.
wait_http() {
  local url=$1 pid=$2
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || { echo "fuzz: the process for $url exited at start (port taken?)" >&2; return 1; }
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      sleep 0.1
      kill -0 "$pid" 2>/dev/null && return 0
    fi
    sleep 0.05
  done
  echo "fuzz: $url did not answer within 10 s" >&2
  return 1
}

write_port=$(free_port)
read_port=$(free_port)
command_port=$(free_port)
query_port=$(free_port)
start_redis write "$write_port"
start_redis read "$read_port"

export CQRS_WRITE_URL="redis://127.0.0.1:$write_port"
export CQRS_READ_URL="redis://127.0.0.1:$read_port"
export CQRS_LOG_LEVEL=warning
"$bin" init --partitions 4 >"$work/init.log" 2>&1
"$bin" command-api --port "$command_port" >"$work/command-api.log" 2>&1 &
pids+=($!)
command_pid=$!
"$bin" projector --consumer fuzz >"$work/projector.log" 2>&1 &
pids+=($!)
"$bin" query-api --port "$query_port" --min-version-timeout-ms 300 >"$work/query-api.log" 2>&1 &
pids+=($!)
query_pid=$!
wait_http "http://127.0.0.1:$command_port/health" "$command_pid"
wait_http "http://127.0.0.1:$query_port/health" "$query_pid"

# A few products with stock and ratings, so every read route has something to answer.
command="http://127.0.0.1:$command_port"
for id in 1 2 3 4 5; do
  curl -fsS -o /dev/null -XPOST "$command/products" -d "{\"id\":$id,\"name\":\"Fuzz chair $id\",\"description\":\"\",\"unitPrice\":\"1$id.50\"}"
done
for id in 1 2 3; do
  curl -fsS -o /dev/null -XPOST "$command/products/$id/inventory" -d '{"quantity":5}'
  for user in 1 2; do
    curl -fsS -o /dev/null -XPOST "$command/products/$id/ratings" -d "{\"userId\":$user,\"rating\":$((id + user))}"
  done
done
curl -fsS -o /dev/null "http://127.0.0.1:$query_port/products/3?minVersion=4"

fuzz() {
  local name=$1 port=$2
  echo "fuzz: schemathesis against the $name API (http://127.0.0.1:$port/openapi.yaml, $examples examples per operation)"
  # From the temp dir, so schemathesis's own state (.schemathesis/) goes with it.
  (cd "$work" && "${schemathesis[@]}" --config-file "$config" run "http://127.0.0.1:$port/openapi.yaml" --url "http://127.0.0.1:$port" \
    --checks "$checks" --max-examples "$examples" --seed 1 --workers 1 --no-color \
    --suppress-health-check all --request-timeout 5)
}
status=0
fuzz query "$query_port" || status=1
fuzz command "$command_port" || status=1

# Every command the command API accepted must be one the read side can apply: a failed
# delivery (the read store refusing an event) is a finding too.
sleep 1
if grep -E "failed|refused" "$work/projector.log"; then
  echo "fuzz: the projector could not apply events that the command API accepted (above)" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "fuzz: no findings"
exit "$status"
