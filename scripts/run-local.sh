#!/usr/bin/env bash
# `make run`: the whole system on loopback, each process as its own ACL user
# (deploy/redis/users.acl), data under var/ (CQRS_RUN_DIR), one log per process in
# var/logs/. Inits the stores, seeds an empty one, prints what to try, and runs until
# Ctrl-C or SIGTERM, which stop everything in order: APIs and worker, projectors, the
# replica, then the stores (a clean SHUTDOWN: the AOF is fsynced, nothing acknowledged is
# lost). Ports: CQRS_WRITE_PORT, CQRS_READ_PORT, CQRS_REPLICA_PORT, CQRS_COMMAND_API_PORT,
# CQRS_QUERY_API_PORT, CQRS_P1_METRICS_PORT, CQRS_P2_METRICS_PORT, CQRS_WORKER_METRICS_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${CQRS_RUN_DIR:-$root/var}
logs=$data/logs
bin=${CQRS_BIN:-$root/.build/release/cqrs}
prefix=${CQRS_PREFIX:-cqrs}
# shellcheck source=../deploy/redis/dev-credentials.env
source "$root/deploy/redis/dev-credentials.env"  # development passwords: shell variables, not exported

declare -A port=(
  [write-store]=${CQRS_WRITE_PORT:-6390} [read-store]=${CQRS_READ_PORT:-6391} [read-replica]=${CQRS_REPLICA_PORT:-6392}
  [command-api]=${CQRS_COMMAND_API_PORT:-8081} [query-api]=${CQRS_QUERY_API_PORT:-8080}
  [projector-p1]=${CQRS_P1_METRICS_PORT:-9101} [projector-p2]=${CQRS_P2_METRICS_PORT:-9102}
  [command-worker]=${CQRS_WORKER_METRICS_PORT:-9103}
)
declare -A port_setting=(
  [write-store]=CQRS_WRITE_PORT [read-store]=CQRS_READ_PORT [read-replica]=CQRS_REPLICA_PORT
  [command-api]=CQRS_COMMAND_API_PORT [query-api]=CQRS_QUERY_API_PORT
  [projector-p1]=CQRS_P1_METRICS_PORT [projector-p2]=CQRS_P2_METRICS_PORT [command-worker]=CQRS_WORKER_METRICS_PORT
)
# Stopped group by group, in this order.
stop_order=("seed command-api query-api command-worker" "projector-p1 projector-p2" "read-replica" "read-store write-store")
declare -A pid=()
started_at=$SECONDS

url() { echo "redis://$1@127.0.0.1:${port[$2]}"; }  # user, server: the password comes from the environment
admin_cli() { redis-cli -p "${port[$1]}" --user admin --pass "$CQRS_ADMIN_PASSWORD" --no-auth-warning "${@:2}"; }
running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $state != Z* ]]; }
log_of() { echo "$logs/$1.log"; }
shown() { echo "${1#"$root"/}"; }  # a path as printed: relative to the checkout when inside it

# Starts a process in a session of its own (a terminal's Ctrl-C reaches this script only,
# which then stops everything in order), logging to var/logs/<name>.log.
launch() {
  local name=$1
  shift
  setsid "$@" >>"$(log_of "$name")" 2>&1 </dev/null &
  pid[$name]=$!
  echo "$name ${pid[$name]}" >>"$data/run.pids"
}

# SIGTERM to each group in turn; waits up to 30 s per process, then SIGKILL.
stopping=
stop_all() {
  [[ -z $stopping ]] || return 0
  stopping=1
  trap '' INT TERM
  local clean=1 group name
  for group in "${stop_order[@]}"; do
    for name in $group; do [[ -z ${pid[$name]:-} ]] || kill -TERM "${pid[$name]}" 2>/dev/null || true; done
    for name in $group; do reap "$name" || clean=; done
  done
  rm -f "$data/run.pids"
  [[ -n $clean ]] || return 1
  echo "run: everything stopped; data kept in $data (remove it to start afresh)"
}

reap() {
  local name=$1 process=${pid[$1]:-} status=0 i
  [[ -n $process ]] || return 0
  for ((i = 0; i < 300; i++)); do running "$process" || break; sleep 0.1; done
  if running "$process"; then
    echo "run: $name did not stop within 30 s; killing it (see $(log_of "$name"))" >&2
    kill -KILL "$process" 2>/dev/null || true
  fi
  wait "$process" 2>/dev/null || status=$?
  # wait also answers 128+n when it is cut short by a signal (make passes the SIGTERM it
  # got on to this script while the stop is under way): seen as "status 143" from a
  # process that strace showed exiting with 0. Asking again gives the process's own status.
  if ((status > 128)); then
    local again=0
    wait "$process" 2>/dev/null || again=$?
    if ((again != 127 && again != status)); then
      echo "run: waiting for $name was cut short by a signal ($status); it exited with $again"
      status=$again
    fi
  fi
  unset "pid[$name]"
  if [[ $name == seed && $status -ne 0 ]]; then
    echo "run: seeding was interrupted; the store keeps a partial demo catalogue (remove $data to start afresh)"
  elif ((status != 0)); then
    echo "run: $name exited with status $status; see $(log_of "$name")" >&2
    return 1
  else
    echo "run: stopped $name"
  fi
}

fail() {
  echo "run: $*" >&2
  stop_all || true
  exit 1
}

# A process that is gone while it should run: show the end of its log, stop the others.
died() {  # name, exit status
  unset "pid[$1]"
  echo "run: $1 exited (status $2); the end of $(log_of "$1"):" >&2
  tail -n 20 "$(log_of "$1")" >&2 || true
  fail "stopping everything else"
}

check_alive() {
  local name status
  for name in "${!pid[@]}"; do
    running "${pid[$name]}" && continue
    status=0
    wait "${pid[$name]}" 2>/dev/null || status=$?
    died "$name" "$status"
  done
}

# Waits until a command succeeds, checking that every process still runs.
wait_for() {
  local what=$1 timeout=$2 deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    check_alive
    ((SECONDS < deadline)) || fail "$what did not happen within $timeout s"
    sleep 0.1
  done
}

check_ports() {
  local name
  for name in "${!port[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port[$name]}") 2>/dev/null; then
      echo "run: port ${port[$name]} ($name) is taken on 127.0.0.1: stop what listens there (ss -ltnp 'sport = :${port[$name]}') or set ${port_setting[$name]} to another port" >&2
      exit 1
    fi
  done
}

start_redis() {  # name, config, extra arguments
  local name=$1 config=$2
  shift 2
  mkdir -p "$data/$name"
  launch "$name" redis-server "$root/deploy/redis/$config" --bind 127.0.0.1 --port "${port[$name]}" --dir "$data/$name" \
    --logfile "$(log_of "$name")" --daemonize no --aclfile "$root/deploy/redis/users.acl" "$@"
}

start_stores() {
  start_redis write-store write-store.conf
  # One local replica: it may sync at once instead of waiting 5 s for others to join.
  start_redis read-store read-store.conf --repl-diskless-sync-delay 0
  start_redis read-replica read-replica.conf --replicaof 127.0.0.1 "${port[read-store]}" --masterauth "$CQRS_REPLICA_PASSWORD"
  local name
  for name in write-store read-store read-replica; do
    wait_for "$name answering PING (it loads its AOF first)" 300 answers_ping "$name"
  done
  wait_for "the replica's link to the read store" 30 replica_linked
}

answers_ping() { [[ $(admin_cli "$1" ping) == PONG ]]; }
replica_linked() { [[ $(admin_cli read-replica info replication) == *master_link_status:up* ]]; }

initialise() {
  echo "run: cqrs init (as admin; a no-op on an initialised store)"
  CQRS_WRITE_PASSWORD=$CQRS_ADMIN_PASSWORD CQRS_READ_PASSWORD=$CQRS_ADMIN_PASSWORD \
    "$bin" init --write-url "$(url admin write-store)" --read-url "$(url admin read-store)" >>"$(log_of init)" 2>&1 \
    || { tail -n 20 "$(log_of init)" >&2; fail "cqrs init failed (log: $(log_of init))"; }
}

start_services() {
  local writer=(env "CQRS_WRITE_PASSWORD=$CQRS_WRITER_PASSWORD" "$bin")
  local projector=(env "CQRS_WRITE_PASSWORD=$CQRS_PROJECTOR_PASSWORD" "CQRS_READ_PASSWORD=$CQRS_PROJECTOR_PASSWORD" "$bin" projector
    --write-url "$(url projector write-store)" --read-url "$(url projector read-store)")
  launch projector-p1 "${projector[@]}" --consumer p1 --metrics-port "${port[projector-p1]}"
  launch projector-p2 "${projector[@]}" --consumer p2 --metrics-port "${port[projector-p2]}"
  launch command-api "${writer[@]}" command-api --write-url "$(url writer write-store)" --port "${port[command-api]}"
  launch command-worker env "CQRS_METRICS_PORT=${port[command-worker]}" "${writer[@]}" command-worker \
    --write-url "$(url writer write-store)" --consumer w1
  launch query-api env "CQRS_READ_PASSWORD=$CQRS_QUERY_PASSWORD" "$bin" query-api \
    --read-url "$(url query read-store)" --replica-url "$(url query read-replica)" --port "${port[query-api]}"
  wait_for "GET /ready on the command API" 60 curl -fsS "http://127.0.0.1:${port[command-api]}/ready"
  wait_for "GET /ready on the query API" 60 curl -fsS "http://127.0.0.1:${port[query-api]}/ready"
}

# Seeds an empty store (cqrs seed says so and writes nothing otherwise), with its progress
# bar on this terminal; then waits for the projectors to apply everything.
seed() {
  setsid env "CQRS_WRITE_PASSWORD=$CQRS_WRITER_PASSWORD" "$bin" seed --write-url "$(url writer write-store)" </dev/null &
  pid[seed]=$!
  local status=0
  wait "${pid[seed]}" || status=$?
  unset "pid[seed]"
  ((status == 0)) || fail "cqrs seed failed (status $status)"
  local behind next_report=0
  while true; do
    behind=$(events_behind) || behind="?"
    [[ $behind != 0 ]] || break
    check_alive
    ((SECONDS < started_at + 600)) || fail "the projectors did not catch up within 10 minutes"
    if ((SECONDS >= next_report)); then echo "run: projectors are $behind events behind"; next_report=$((SECONDS + 2)); fi
    sleep 0.2
  done
}

events_behind() {
  CQRS_WRITE_PASSWORD=$CQRS_ADMIN_PASSWORD CQRS_READ_PASSWORD=$CQRS_ADMIN_PASSWORD \
    "$bin" status --json --write-url "$(url admin write-store)" --read-url "$(url admin read-store)" 2>/dev/null \
    | sed -n 's/^  "eventsBehind" : \([0-9]*\),*$/\1/p'
}

show_tour() {
  local generation partition version name query_cli
  generation=$(admin_cli read-store get "$prefix:rm:live")
  partition=$(admin_cli write-store --scan --pattern "$prefix:{p*}:idx:Product:1" | sed -n 's/.*{p\([0-9]*\)}.*/\1/p' | head -n 1)
  version=$(admin_cli read-store hget "$prefix:rm:$generation:product:1" version)
  name=$(admin_cli read-store hget "$prefix:rm:$generation:product:1" name)
  query_cli="redis-cli -p ${port[read-replica]} --user query --pass $CQRS_QUERY_PASSWORD --no-auth-warning"
  echo
  echo "run: ready in $((SECONDS - started_at)) s; everything listens on 127.0.0.1, data in $(shown "$data"):"
  row write-store "redis://127.0.0.1:${port[write-store]}" "AOF everysec"
  row read-store "redis://127.0.0.1:${port[read-store]}" "AOF always"
  row read-replica "redis://127.0.0.1:${port[read-replica]}" "replica of the read store"
  row command-api "http://127.0.0.1:${port[command-api]}" "as writer"
  row query-api "http://127.0.0.1:${port[query-api]}" "as query; reads the replica, else the read store"
  row projector-p1 "metrics :${port[projector-p1]}" "as projector, consumer p1"
  row projector-p2 "metrics :${port[projector-p2]}" "as projector, consumer p2"
  row command-worker "queue $prefix:commands" "as writer, consumer w1"
  cat <<TXT

Try (product 1 is "${name:-?}", at version ${version:-0}):
  curl -s -XPOST localhost:${port[command-api]}/products/1/ratings -d '{"userId":4242,"rating":5}'   # {"id":1,"version":$((${version:-0} + 1))}
  curl -i 'localhost:${port[query-api]}/products/1?minVersion=$((${version:-0} + 1))'   # waits until the read model has that version
  curl -s -G localhost:${port[query-api]}/products --data-urlencode 'name=${name%% *}' -d limit=5   # name search: a prefix, in any case
  $query_cli HGETALL $prefix:rm:$generation:product:1
  $query_cli ZREVRANGE $prefix:rm:$generation:related:1 0 9 WITHSCORES
  redis-cli -p ${port[write-store]} --user admin --pass $CQRS_ADMIN_PASSWORD --no-auth-warning XRANGE '$prefix:{p${partition:-0}}:log' - + COUNT 5
  CQRS_WRITE_URL=redis://admin:$CQRS_ADMIN_PASSWORD@127.0.0.1:${port[write-store]} CQRS_READ_URL=redis://admin:$CQRS_ADMIN_PASSWORD@127.0.0.1:${port[read-store]} $(shown "$bin") status
Press Ctrl-C to stop everything (data is kept).
TXT
}

row() {  # name, address, what: one line of the table of processes
  printf '  %-15s %-27s %-48s %s\n' "$1" "$2" "$3" "$(shown "$(log_of "$1")")"
}

on_signal() {
  echo
  echo "run: $1 received; stopping"
  stop_all && exit 0
  exit 1
}

if (($(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null | sed 's/^/0x/' || echo 0) & 2)); then
  echo "run: this shell was started with SIGINT ignored (a background job of a script?), so Ctrl-C cannot stop it: use kill -TERM $$" >&2
fi
[[ -x $bin ]] || { echo "run: $bin is missing; run \`make run\` (it builds it) or \`make release\`" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "run: redis-server is not installed; run \`make setup\`" >&2; exit 1; }
check_ports
mkdir -p "$logs"
: >"$data/run.pids"
trap 'on_signal SIGINT' INT
trap 'on_signal SIGTERM' TERM
trap 'stop_all || true' EXIT
start_stores
initialise
start_services
seed
show_tour
while true; do
  status=0 gone=
  wait -n -p gone || status=$?
  [[ -n $gone ]] || { check_alive; sleep 1; continue; }
  for name in "${!pid[@]}"; do [[ ${pid[$name]} != "$gone" ]] || died "$name" "$status"; done
done
