#!/usr/bin/env bash
# The `make run` smoke test, the last step of `make test`. Starts `make run` in a process
# group of its own, on free ports, with its data in a temp dir (never var/) and a small
# seed; waits for /ready on both APIs; sends commands, reads the change back with
# ?minVersion=, finds it with redis-cli and checks `cqrs status`; stops it with SIGINT
# (as Ctrl-C would) and checks that no process of it is left. Then starts it again on the
# same data (no re-seed, nothing lost) and stops it with SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/cqrs-smoke-XXXXXX)
export CQRS_RUN_DIR=$tmp/var
export CQRS_SEED_PRODUCTS=${CQRS_SEED_PRODUCTS:-60} CQRS_SEED_RATINGS=${CQRS_SEED_RATINGS:-600} CQRS_SEED_USERS=${CQRS_SEED_USERS:-40}
# shellcheck source=../deploy/redis/dev-credentials.env
source deploy/redis/dev-credentials.env
# make test has just built the debug build; SMOKE_RUN_BUILD=release tests the release.
run_build=${SMOKE_RUN_BUILD:-debug}
first_start_timeout=${CQRS_SMOKE_TIMEOUT:-1500}  # the first start may include a release build
bin=$PWD/.build/$run_build/cqrs
settings=(CQRS_WRITE_PORT CQRS_READ_PORT CQRS_REPLICA_PORT CQRS_COMMAND_API_PORT CQRS_QUERY_API_PORT
  CQRS_P1_METRICS_PORT CQRS_P2_METRICS_PORT CQRS_WORKER_METRICS_PORT)
group=
pids=()

say() { echo "smoke: $*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]; }

fail() {
  echo "smoke: FAILED: $*" >&2
  local log
  for log in "$tmp"/make-run-*.log "$CQRS_RUN_DIR"/logs/*.log; do
    [[ -f $log ]] || continue
    echo "---- the end of $log" >&2
    tail -n 15 "$log" >&2
  done
  echo "smoke: the data and logs stay in $tmp" >&2
  keep=1
  exit 1
}

# Whatever happens, nothing of the run survives the test.
keep=
cleanup() {
  local process
  if [[ -n $group ]] && kill -0 -- "-$group" 2>/dev/null; then kill -TERM -- "-$group" 2>/dev/null || true; sleep 5; kill -KILL -- "-$group" 2>/dev/null || true; fi
  for process in "${pids[@]}"; do kill -KILL "$process" 2>/dev/null || true; done
  [[ -n $keep ]] || rm -rf "$tmp"
}
trap cleanup EXIT

pick_ports() {
  local attempt base offset
  for ((attempt = 0; attempt < 50; attempt++)); do
    base=$((12000 + RANDOM % 7000))
    for ((offset = 0; offset < ${#settings[@]}; offset++)); do
      if listening $((base + offset)); then continue 2; fi
    done
    for ((offset = 0; offset < ${#settings[@]}; offset++)); do export "${settings[$offset]}=$((base + offset))"; done
    return
  done
  fail "no 8 free consecutive ports found"
}

# A background job of a script starts with SIGINT ignored, and a shell cannot trap a
# signal it started with ignored: restore the default, so that SIGINT reaches the trap.
reset_sigint=()
if env --default-signal=INT true 2>/dev/null; then reset_sigint=(env --default-signal=INT); fi

# Starts `make run` as the leader of a new process group, as a terminal would.
start_run() {  # log file
  setsid "${reset_sigint[@]}" make --no-print-directory run RUN_BUILD="$run_build" >"$1" 2>&1 </dev/null &
  group=$!
}

wait_ready() {  # log file, timeout in seconds
  local deadline=$((SECONDS + $2)) started=$SECONDS
  until curl -fsS "localhost:$CQRS_COMMAND_API_PORT/ready" >/dev/null 2>&1 && curl -fsS "localhost:$CQRS_QUERY_API_PORT/ready" >/dev/null 2>&1 \
    && grep -q "Press Ctrl-C to stop" "$1"; do
    running "$group" || fail "make run exited before it was ready"
    ((SECONDS < deadline)) || fail "make run was not ready within $2 s"
    sleep 1
  done
  say "make run ready in $((SECONDS - started)) s"
  mapfile -t pids < <(awk '{ print $2 }' "$CQRS_RUN_DIR/run.pids")
  ((${#pids[@]} == 8)) || fail "run.pids lists ${#pids[@]} processes, not 8"
}

# Sends a signal to the run's process group (as Ctrl-C does) and checks that it all stops.
stop_run() {  # signal, log file
  local deadline=$((SECONDS + 120)) status=0 process setting
  kill "-$1" -- "-$group"
  while running "$group"; do
    ((SECONDS < deadline)) || fail "make run did not stop within 120 s of $1"
    sleep 0.5
  done
  wait "$group" || status=$?
  # make reports its own interruption (128 + signal) once its recipe has ended.
  [[ $status == 0 || $status == $((128 + $(kill -l "$1"))) ]] || fail "make run exited with status $status after $1"
  grep -q "run: everything stopped" "$2" || fail "run-local.sh did not report a clean stop after $1"
  if grep -q "did not stop within\|exited with status" "$2"; then fail "a process did not stop cleanly after $1"; fi
  for process in "${pids[@]}"; do
    if running "$process"; then fail "process $process ($(ps -o args= -p "$process")) is left after $1"; fi
  done
  for setting in "${settings[@]}"; do
    if listening "${!setting}"; then fail "port ${!setting} ($setting) still answers after $1"; fi
  done
  [[ -z $(pgrep -g "$group") ]] || fail "processes of make run's group are left: $(pgrep -a -g "$group")"
  group=
  say "$1 stopped everything (make exited $status)"
}

post() {  # path, JSON body: prints the body of a 2xx answer
  curl -fsS -X POST "localhost:$CQRS_COMMAND_API_PORT$1" -d "$2" || fail "POST $1 $2 failed"
}

query_cli() { redis-cli -p "$CQRS_REPLICA_PORT" --user query --pass "$CQRS_QUERY_PASSWORD" --no-auth-warning "$@"; }

first_run() {
  local answer version generation
  post /products '{"id":990001,"name":"Smoke Straße Lamp","description":"from the smoke test","unitPrice":"12.50"}' >/dev/null
  answer=$(post /products/990001/ratings '{"userId":7,"rating":4}')
  version=$(sed -n 's/.*"version":\([0-9]*\).*/\1/p' <<<"$answer")
  [[ $version == 2 ]] || fail "the rating answered $answer, not version 2"
  answer=$(curl -fsS "localhost:$CQRS_QUERY_API_PORT/products/990001?minVersion=$version") || fail "GET ?minVersion=$version failed"
  [[ $answer == *'"version":2'* && $answer == *'"ratingCount":1'* ]] || fail "the query answered $answer"
  generation=$(query_cli GET cqrs:rm:live)
  wait_for_replica "HGET cqrs:rm:$generation:product:990001 name" "Smoke Straße Lamp" query_cli HGET "cqrs:rm:$generation:product:990001" name
  wait_for_replica "FCALL_RO cqrs_rm_by_name 'smoke strasse'" "990001" query_cli FCALL_RO cqrs_rm_by_name 1 cqrs:rm:live "smoke strasse" 10
  status_output=$(CQRS_WRITE_URL=redis://admin:$CQRS_ADMIN_PASSWORD@127.0.0.1:$CQRS_WRITE_PORT \
    CQRS_READ_URL=redis://admin:$CQRS_ADMIN_PASSWORD@127.0.0.1:$CQRS_READ_PORT "$bin" status) || fail "cqrs status failed: $status_output"
  [[ $status_output == *"live generation $generation"* && $status_output == *"dead letters: 0"* ]] || fail "cqrs status shows: $status_output"
  if answer=$("$bin" seed --products 0 2>&1); then fail "cqrs seed --products 0 succeeded"; fi
  [[ $answer == *"products must be between 1 and 100000, got 0"* ]] || fail "cqrs seed --products 0 said: $answer"
  say "command, minVersion query, redis-cli (replica, name search), cqrs status and seed's input check all fine"
}

wait_for_replica() {  # what, expected text, command
  local what=$1 expected=$2 answer deadline=$((SECONDS + 10))
  shift 2
  until answer=$("$@" 2>&1) && [[ $answer == *"$expected"* ]]; do
    ((SECONDS < deadline)) || fail "redis-cli $what answered '$answer', not '$expected'"
    sleep 0.2
  done
}

second_run() {
  grep -q "already holds .* events; not seeding" "$tmp/make-run-2.log" || fail "the second start did not skip seeding"
  local answer
  answer=$(curl -fsS "localhost:$CQRS_QUERY_API_PORT/products/990001?minVersion=2") || fail "the product is gone after a restart"
  [[ $answer == *'"version":2'* ]] || fail "after a restart the product reads $answer"
  say "the second start kept the data and did not seed again"
}

pick_ports
say "ports ${CQRS_WRITE_PORT}-$((CQRS_WRITE_PORT + 7)), data in $CQRS_RUN_DIR, seed $CQRS_SEED_PRODUCTS products / $CQRS_SEED_RATINGS ratings"
start_run "$tmp/make-run-1.log"
wait_ready "$tmp/make-run-1.log" "$first_start_timeout"
first_run
stop_run INT "$tmp/make-run-1.log"
start_run "$tmp/make-run-2.log"
wait_ready "$tmp/make-run-2.log" 180
second_run
stop_run TERM "$tmp/make-run-2.log"
say "passed"
