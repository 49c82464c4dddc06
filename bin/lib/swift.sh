# shellcheck shell=bash
# A Swift-all-in-one (Debian's OpenStack Swift) on loopback: one-replica rings,
# account/container/object servers, memcached and a proxy with tempauth, all
# detached processes with pid files. Needs common.sh, proc.sh.
#
# An instance lives in one folder DIR (configs, rings, data in DIR/srv, pids in
# DIR/pids) and takes five ports from PORT: proxy PORT, account PORT+1,
# container PORT+2, object PORT+3, memcached PORT+4. Instances in different
# folders on different ports coexist (tests 28080, e2e stack 18180, dev 8180).
#
# tempauth credentials: IMAGEREPO_SWIFT_USER (account:user, default test:tester)
# and IMAGEREPO_SWIFT_KEY (default testing) — demo credentials, loopback only.
# IMAGEREPO_SWIFT_TOKEN_LIFE: token lifetime in seconds (default 86400).
# /etc/swift/swift.conf (hash prefix/suffix) is always read from that fixed
# path; the package's default works.

SWIFT_INFRA_DIR="$IMAGEREPO_ROOT/infra/swift"
SWIFT_PACKAGES=(swift swift-proxy swift-account swift-container swift-object python3-swiftclient memcached)
# Start order; stopped in reverse.
SWIFT_PROCS=(memcached account container object proxy)

swift_user() { printf '%s' "${IMAGEREPO_SWIFT_USER:-test:tester}"; }
swift_key() { printf '%s' "${IMAGEREPO_SWIFT_KEY:-testing}"; } # demo credentials

# Install Debian's Swift and memcached when any piece is missing.
swift_ensure_installed() {
  local cmd missing=0
  for cmd in swift-proxy-server swift-account-server swift-container-server \
      swift-object-server swift-ring-builder memcached; do
    command -v "$cmd" >/dev/null 2>&1 || missing=1
  done
  [[ -f /etc/swift/swift.conf ]] || missing=1
  if (( missing )); then
    apt_install "${SWIFT_PACKAGES[@]}"
    command -v swift-proxy-server >/dev/null 2>&1 || die "swift installed, but swift-proxy-server is not on PATH"
  fi
  # swift_wait_ready sends tempauth headers with curl.
  command -v curl >/dev/null 2>&1 || apt_install curl
}

# Port of a process of the instance whose proxy listens on PORT.
swift_port_of() { # NAME PORT
  case "$1" in
    proxy) printf '%d' "$2" ;;
    account) printf '%d' $(( $2 + 1 )) ;;
    container) printf '%d' $(( $2 + 2 )) ;;
    object) printf '%d' $(( $2 + 3 )) ;;
    memcached) printf '%d' $(( $2 + 4 )) ;;
    *) die "unknown swift process '$1'" ;;
  esac
}

swift_pidfile() { printf '%s/pids/%s.pid' "$1" "$2"; } # DIR NAME

# Marker on a process' command line (see proc.sh): its config file for the
# Swift servers, its port for memcached (which takes no file).
swift_marker() { # DIR NAME
  if [[ "$2" == memcached ]]; then
    printf -- '-p %s ' "$(cat "$1/memcached.port" 2>/dev/null || printf 'unknown')"
  else
    printf '%s/%s-server.conf' "$1" "$2"
  fi
}

# Pid of the proxy of the instance in DIR (status 1 if it is not running).
swift_pid() { # DIR
  proc_pid "$(swift_pidfile "$1" proxy)" "$(swift_marker "$1" proxy)"
}

# Are all five processes of the instance in DIR alive?
swift_running() { # DIR
  local name
  for name in "${SWIFT_PROCS[@]}"; do
    proc_alive "$(swift_pidfile "$1" "$name")" "$(swift_marker "$1" "$name")" || return 1
  done
}

# Fill in a config template (sed, with | as separator: values are paths,
# ports and credentials without | or a line break).
swift_render() { # TEMPLATE OUT NAME=VALUE...
  local template=$1 out=$2 kv value
  shift 2
  local -a expr=()
  for kv in "$@"; do
    value=${kv#*=}
    [[ "$value" != *['|'$'\n']* ]] || die "swift setting ${kv%%=*} must not contain '|' or a line break"
    value=${value//\\/\\\\} # \ and & mean something in a sed replacement
    value=${value//&/\\&}
    expr+=(-e "s|@${kv%%=*}@|$value|g")
  done
  sed "${expr[@]}" "$template" >"$out"
}

# Configs for PORT, and one-replica rings over DIR/srv/d1 (rebuilt only when
# the ports change: the ring holds the storage servers' ports).
swift_configure() { # DIR PORT LOG
  local dir=$1 port=$2 log=$3 user account name
  user=$(swift_user)
  # tempauth reads user_<account>_<user> = <key> <groups>: no '_' in the names, no blank in the key.
  [[ "$user" =~ ^[A-Za-z0-9.-]+:[A-Za-z0-9.-]+$ ]] ||
    die "IMAGEREPO_SWIFT_USER must be account:user (letters, digits, '.', '-'), not '$user'"
  [[ -n "$(swift_key)" && "$(swift_key)" != *[[:space:]]* ]] ||
    die "IMAGEREPO_SWIFT_KEY must be non-empty and without blanks"
  account=${user%%:*}
  mkdir -p "$dir/srv/d1" "$dir/pids"
  for name in account container object; do
    swift_render "$SWIFT_INFRA_DIR/storage-server.conf.template" "$dir/$name-server.conf" \
      "TYPE=$name" "PORT=$(swift_port_of "$name" "$port")" "DIR=$dir" "USER=$(id -un)"
  done
  swift_render "$SWIFT_INFRA_DIR/proxy-server.conf.template" "$dir/proxy-server.conf" \
    "PORT=$port" "DIR=$dir" "USER=$(id -un)" "MEMCACHED_PORT=$(swift_port_of memcached "$port")" \
    "ACCOUNT=$account" "ACCOUNT_USER=${user#*:}" "KEY=$(swift_key)" \
    "TOKEN_LIFE=${IMAGEREPO_SWIFT_TOKEN_LIFE:-86400}"
  swift_port_of memcached "$port" >"$dir/memcached.port"
  if [[ "$(cat "$dir/rings.port" 2>/dev/null)" != "$port" ]]; then
    for name in account container object; do
      rm -f "$dir/$name.builder" "$dir/$name.ring.gz"
      # 2^8 partitions, 1 replica, 1 hour between moves; one device.
      if ! { swift-ring-builder "$dir/$name.builder" create 8 1 1 &&
             swift-ring-builder "$dir/$name.builder" add \
               "r1z1-127.0.0.1:$(swift_port_of "$name" "$port")/d1" 100 &&
             swift-ring-builder "$dir/$name.builder" rebalance; } >>"$log" 2>&1; then
        show_log_tail "$log" 20
        die "building the Swift $name ring in $dir failed; see $log"
      fi
    done
    printf '%s\n' "$port" >"$dir/rings.port"
  fi
}

# Start the instance in DIR on PORT..PORT+4 (what of it is not running yet),
# logging to LOG. Does not wait: see swift_wait_ready. PORTVAR names the
# caller's variable that moves PORT (for the message when a port is taken).
swift_start() { # DIR PORT LOG [PORTVAR]
  local dir=$1 port=$2 log=$3 portvar=${4:-the Swift base port} name
  mkdir -p "$dir" "$(dirname "$log")"
  dir=$(cd "$dir" && pwd) # absolute: it is in the configs and the markers
  touch "$log"
  swift_configure "$dir" "$port" "$log"
  for name in "${SWIFT_PROCS[@]}"; do
    proc_alive "$(swift_pidfile "$dir" "$name")" "$(swift_marker "$dir" "$name")" && continue
    require_free_port "$(swift_port_of "$name" "$port")" "swift $name (port $port + n)" "$portvar"
    if [[ "$name" == memcached ]]; then
      # -u: memcached refuses to run as root without it. -U 0: no UDP.
      proc_start "$(swift_pidfile "$dir" "$name")" "$log" memcached -u "$(id -un)" \
        -l 127.0.0.1 -U 0 -m 64 -p "$(swift_port_of memcached "$port")"
    else
      # -v: log to the console (the instance log) as well as to syslog.
      proc_start "$(swift_pidfile "$dir" "$name")" "$log" \
        "swift-$name-server" "$(swift_marker "$dir" "$name")" -v
    fi
  done
}

# Is the Swift server on 127.0.0.1:PORT healthy?
swift_healthy() { [[ "$(http_status "$1" /healthcheck)" == 200 ]]; } # PORT

# Does tempauth on PORT hand out a storage URL for the configured user?
swift_auth_ok() { # PORT
  curl -s -o /dev/null -D - -m 5 -H "X-Auth-User: $(swift_user)" -H "X-Auth-Key: $(swift_key)" \
    "http://127.0.0.1:$1/auth/v1.0" 2>/dev/null | grep -qi '^x-storage-url:'
}

# Wait (bounded) until all four servers answer /healthcheck and tempauth
# returns an X-Storage-Url. LOG, if given, is shown when it times out.
swift_wait_ready() { # PORT TIMEOUT_S [LOG]
  local port=$1 timeout=$2 log=${3:-} deadline name
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    local ok=1
    for name in account container object proxy; do
      swift_healthy "$(swift_port_of "$name" "$port")" || { ok=0; break; }
    done
    if (( ok )) && swift_auth_ok "$port"; then
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      [[ -n "$log" ]] && show_log_tail "$log" 30
      die "Swift on port $port did not become ready within ${timeout}s${log:+; see $log}"
    fi
    sleep 0.3
  done
}

# Stop the instance in DIR (proxy first, memcached last).
swift_stop() { # DIR [NAME]
  local dir=$1 label=${2:-swift} i name
  [[ -d "$dir" ]] || return 0
  dir=$(cd "$dir" && pwd)
  for (( i = ${#SWIFT_PROCS[@]} - 1; i >= 0; i-- )); do
    name=${SWIFT_PROCS[$i]}
    proc_stop "$(swift_pidfile "$dir" "$name")" "$(swift_marker "$dir" "$name")" "$label $name" 20
  done
}
