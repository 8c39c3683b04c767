#!/usr/bin/env bash
# `make run`: start a local write store (redis-server with AOF) under var/, and keep
# it running until Ctrl-C. Later parts of the system (APIs, projectors) join here.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$PWD/var/write-store"
mkdir -p "$data"
port="${CQRS_WRITE_PORT:-6390}"
log="$data/redis.log"

if redis-cli -p "$port" ping >/dev/null 2>&1; then
  echo "run: something already answers on 127.0.0.1:$port; set CQRS_WRITE_PORT to another port" >&2
  exit 1
fi

redis-server deploy/redis/write-store.conf --bind 127.0.0.1 --port "$port" --dir "$data" \
  --logfile "$log" --daemonize no &
pid=$!
stop() {
  trap - EXIT INT TERM
  kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  echo "run: stopped (data kept in $data)"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

for _ in $(seq 1 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "run: redis-server failed to start; see $log" >&2; exit 1; }
  sleep 0.05
done

cat <<TXT
run: write store up (pid $pid, AOF everysec, data in $data, log in $log)
  URL:      redis://127.0.0.1:$port
  inspect:  redis-cli -p $port info persistence
Press Ctrl-C to stop.
TXT
wait "$pid"
