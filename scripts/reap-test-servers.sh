#!/usr/bin/env bash
# Stops, by PID, redis-server processes left behind by a test run that crashed or was
# killed (a dead test process cannot stop its children). Only servers whose working dir
# is a temp dir of the LocalRedis harness (/tmp/cqrs-<label>-<id>, holding the redis.conf
# it generated) are touched; `make run`'s servers live under var/ and are left alone.
set -u
reaped=0
for cwd in /proc/[0-9]*/cwd; do
  pid=${cwd#/proc/}; pid=${pid%/cwd}
  target=$(readlink "$cwd" 2>/dev/null) || continue
  case "$target" in
    "${TMPDIR:-/tmp}"/cqrs-*) [ -f "$target/redis.conf" ] || continue ;;
    *) continue ;;
  esac
  [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "redis-server" ] || continue
  kill -KILL "$pid" 2>/dev/null && reaped=$((reaped + 1))
  rm -rf "$target"
done
[ "$reaped" -gt 0 ] && echo "reap: stopped $reaped redis-server processes left by an earlier test run"
exit 0
