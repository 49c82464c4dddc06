# shellcheck shell=bash
# Detached background processes tracked by pid files.
#
# Each process gets a marker on its command line (a JVM system property, e.g.
# -Dimagerepo.instance=<pidfile>) so that a stale pid file whose pid has been
# reused by an unrelated process is never mistaken for ours, and never killed.

# Is PID a live process? A zombie (exited, not yet reaped by its parent, e.g.
# bin/test's own children) counts as gone.
pid_running() { # PID
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 0
  [[ "$state" != Z ]]
}

# Pid recorded in PIDFILE if that process is alive and carries MARKER
# (prints it, status 0); status 1 otherwise.
proc_pid() { # PIDFILE [MARKER]
  local pid
  [[ -f "$1" ]] || return 1
  pid=$(head -n 1 "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  pid_running "$pid" || return 1
  if [[ -n "${2:-}" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  fi
  printf '%s' "$pid"
}

proc_alive() { proc_pid "$@" >/dev/null; }

# Start CMD... detached from the calling shell: its own session (setsid, so no
# terminal hang-up or Ctrl-C of the caller reaches it), nohup, stdin from
# /dev/null, stdout+stderr appended to LOG. Records the pid in PIDFILE.
# Without job control, `cmd &` is not a process-group leader, so setsid execs
# in place and $! is the final process' pid (env/setsid/nohup all exec).
proc_start() { # PIDFILE LOG CMD...
  local pidfile=$1 log=$2
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$log")"
  # Logs are appended to across restarts: mark where each run begins.
  printf '==== %s: starting %s\n' "$(date '+%F %T')" "$(basename "$pidfile" .pid)" >>"$log"
  setsid nohup "$@" </dev/null >>"$log" 2>&1 &
  local pid=$!
  # Not a job of ours: no "Killed" report from bash if it has to be killed.
  disown "$pid" 2>/dev/null || true
  printf '%s\n' "$pid" >"$pidfile"
}

# Stop the process in PIDFILE: TERM, wait up to TIMEOUT seconds, then KILL.
# Only the recorded pid is signalled. Removes the pid file.
proc_stop() { # PIDFILE MARKER NAME [TIMEOUT]
  local pidfile=$1 marker=$2 name=$3 timeout=${4:-20} pid i
  if ! pid=$(proc_pid "$pidfile" "$marker"); then
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < timeout * 10; i++ )); do
    pid_running "$pid" || break
    sleep 0.1
  done
  if pid_running "$pid"; then
    # A JVM prints a thread dump to its log on QUIT: evidence of where it hung.
    if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]]; then
      kill -QUIT "$pid" 2>/dev/null || true
      sleep 1
    fi
    warn "$name (pid $pid) did not stop within ${timeout}s; sending KILL (thread dump in its log)"
    kill -KILL "$pid" 2>/dev/null || true
    for (( i = 0; i < 50; i++ )); do
      pid_running "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
  info "stopped $name (pid $pid)"
}

# Wait (bounded) until CHECK... succeeds, as long as the process recorded in
# PIDFILE lives. On its death or at the timeout: show the log's end and die.
proc_wait_until() { # NAME PIDFILE MARKER LOG TIMEOUT_S CHECK...
  local name=$1 pidfile=$2 marker=$3 log=$4 timeout=$5 deadline
  shift 5
  deadline=$(( $(date +%s) + timeout ))
  until "$@"; do
    if ! proc_alive "$pidfile" "$marker"; then
      show_log_tail "$log" 30
      die "$name exited during start-up; see $log"
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$log" 30
      die "$name did not become ready within ${timeout}s; see $log"
    fi
    sleep 0.2
  done
}
