#!/usr/bin/env bash
# A throwaway PostgreSQL for the store tests, the same one CI starts.
#   eval "$(tests/postgres.sh start)"   # prints: export WATCHDOG_TEST_POSTGRES=...
#   tests/postgres.sh stop
#   tests/postgres.sh pause | resume    # stops the server keeping its data and port, starts it again (an outage)
# The cluster lives in $WATCHDOG_PG_DIR (default /tmp/watchdog-pg), owned by the postgres user when run as root
# (initdb refuses root), listens on 127.0.0.1 only on a free port, with trust auth: it holds nothing but test
# databases and is deleted on stop. Tests create a database each, so one server serves every test run.
set -euo pipefail
dir="${WATCHDOG_PG_DIR:-/tmp/watchdog-pg}"
user="${WATCHDOG_PG_USER:-postgres}"

bin() {
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && { echo "$d"; return; }; done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return; }
  return 1
}

as_user() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  runuser -u "$user" -- "$@"
}

# A port nothing answers on; pg_ctl start is retried if another process takes it first.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

start() {
  if ! bin >/dev/null; then
    echo "postgres.sh: installing postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local b; b="$(bin)"
  if [ -f "$dir/port" ] && as_user "$b/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "export WATCHDOG_TEST_POSTGRES='Host=127.0.0.1;Port=$(cat "$dir/port");Username=postgres;Database=postgres'"
    return
  fi
  rm -rf "$dir"
  install -d -m 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$user" "$dir"
  as_user "$b/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off by default: a test cluster that dies is thrown away anyway, and the tests run much faster.
  # WATCHDOG_PG_FSYNC=on for measurements that must pay for durability as production does.
  local port tries=0
  until port="$(free_port)"; as_user "$b/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${WATCHDOG_PG_FSYNC:-off} -c max_connections=300" start >/dev/null; do
    tries=$((tries + 1))
    [ "$tries" -lt 5 ] || { cat "$dir/log" >&2; exit 1; }
  done
  echo "$port" >"$dir/port"
  echo "export WATCHDOG_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
}

stop() {
  local b; b="$(bin)" || return 0
  [ -d "$dir/data" ] && as_user "$b/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

# An outage and the end of it, for a test with a cluster of its own (WATCHDOG_PG_DIR): the data and the port stay.
pause() {
  local b; b="$(bin)"
  as_user "$b/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

resume() {
  local b; b="$(bin)"
  as_user "$b/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $(cat "$dir/port") -k $dir -c fsync=${WATCHDOG_PG_FSYNC:-off} -c max_connections=300" start >/dev/null \
    || { cat "$dir/log" >&2; exit 1; }
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  pause) pause ;;
  resume) resume ;;
  *) echo "usage: $0 start|stop|pause|resume" >&2; exit 2 ;;
esac
