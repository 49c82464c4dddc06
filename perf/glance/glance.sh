# shellcheck shell=bash
# The peer for perf/run --peer glance: Debian's glance-api (installed if missing), configured from
# glance-api.conf.template into GLANCE_STATE, started in the background, stopped by glance_stop.
# Sourced by perf/run after bin/lib/common.sh.

GLANCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# glance_start STATE PORT: a fresh Glance (empty database and store) answering on 127.0.0.1:PORT; its pid in
# STATE/pids/glance-api.pid (the workers are its children: the harness sums them).
glance_start() {
  local state="$1" port="$2"
  if ! command -v glance-api >/dev/null 2>&1; then
    apt_install glance-api
    # The package starts its own service where an init system runs: ours is the one measured.
    as_root service glance-api stop >/dev/null 2>&1 || true
  fi
  command -v curl >/dev/null 2>&1 || apt_install curl
  rm -rf "$state" && mkdir -p "$state/pids" "$state/images" "$state/staging" "$state/tasks" "$state/locks"
  sed -e "s|@STATE@|$state|g" -e "s|@PORT@|$port|g" -e "s|@WORKERS@|$(nproc)|g" \
    "$GLANCE_DIR/glance-api.conf.template" >"$state/glance-api.conf"
  glance-manage --config-file "$state/glance-api.conf" db_sync >"$state/db_sync.log" 2>&1 ||
    { show_log_tail "$state/db_sync.log" 20; die "glance-manage db_sync failed"; }
  glance-api --config-file "$state/glance-api.conf" >"$state/stdout.log" 2>&1 &
  printf '%s\n' "$!" >"$state/pids/glance-api.pid"
  local deadline=$((SECONDS + 120))
  until curl -fsS "http://127.0.0.1:$port/healthcheck" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$state/pids/glance-api.pid")" 2>/dev/null || ((SECONDS > deadline)); then
      show_log_tail "$state/glance-api.log" 30
      show_log_tail "$state/stdout.log" 10
      die "glance-api did not answer on port $port"
    fi
    sleep 0.5
  done
  info "perf/run: glance-api $(glance-api --version 2>/dev/null || true) on port $port, $(nproc) workers"
}

# glance_stop STATE: the API and its workers (SIGTERM to the parent ends them; leftovers are killed).
glance_stop() {
  local state="$1" pid
  [[ -f "$state/pids/glance-api.pid" ]] || return 0
  pid=$(cat "$state/pids/glance-api.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  pkill -KILL -P "$pid" 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$state/pids/glance-api.pid"
}
