# shellcheck shell=bash
# Shared helpers for bin/stack and bin/test. Source it; it defines functions only
# (plus IMAGEREPO_ROOT), so the calling script keeps control of `set` options.

# Repository root (bin/lib/../..), always from this file: never from the env.
# shellcheck disable=SC2034 # used by the scripts that source this file
IMAGEREPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Messages go to stderr so that stdout stays usable (e.g. the gateway URL).
info() { printf '%s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with millisecond precision, and "12.3s" durations.
now_ms() { date +%s%3N; }
elapsed_since() { # START_MS
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%ds' $(( d / 1000 )) $(( (d % 1000) / 100 ))
}

# Is anything listening on TCP PORT (any address)? Reads /proc/net/tcp{,6}:
# no dependency on ss/netstat (absent on a fresh Debian), and a wildcard or
# IPv6 listener on the port would also stop us binding 127.0.0.1.
port_in_use() { # PORT
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p="$hex" 'FNR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == p) { found = 1; exit } }
                   END { exit found ? 0 : 1 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Who holds PORT, when the tools to tell are installed ("" otherwise).
port_owner() { # PORT
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null |
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n 1
  fi
}

# Fail fast, naming the variable that moves the port.
require_free_port() { # PORT WHAT ENVVAR
  if port_in_use "$1"; then
    local who
    who=$(port_owner "$1")
    die "port $1 (for $2) is already in use${who:+ by $who}; stop that process or set $3 to another port"
  fi
}

# Can we open a TCP connection to 127.0.0.1:PORT? (bash /dev/tcp: no nc needed)
tcp_open() { # PORT
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# HTTP status code of GET http://127.0.0.1:PORT/PATH, or 000 when unreachable.
# curl when present; otherwise a plain HTTP/1.0 request over /dev/tcp, since a
# fresh Debian with only a JDK and Maven has no curl.
http_status() { # PORT PATH
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$1$2" 2>/dev/null || true
    return 0
  fi
  local line
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
  line=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n" "$2" "$1" >&3
    IFS= read -r l <&3 && printf "%s" "$l"' _ "$1" "$2" 2>/dev/null) || true
  line=${line#HTTP/* }
  line=${line:0:3}
  [[ "$line" =~ ^[0-9]{3}$ ]] && printf '%s' "$line" || printf '000'
}

# Last lines of a log, indented, for failure messages.
show_log_tail() { # FILE [LINES]
  if [[ -s "$1" ]]; then
    info "---- last ${2:-30} lines of $1 ----"
    tail -n "${2:-30}" "$1" | sed 's/^/  /' >&2
    info "----"
  else
    info "($1 is empty or missing)"
  fi
}

# Run a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $* (no sudo available)"
  fi
}

# apt-get as root, unattended. While another apt-get or dpkg (unattended
# upgrades, a second bin/stack) holds Debian's package lock, it waits for it,
# up to IMAGEREPO_APT_LOCK_TIMEOUT seconds (600), rather than failing with
# "Unable to acquire the dpkg frontend lock".
apt_get() { # ARGS...
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout="${IMAGEREPO_APT_LOCK_TIMEOUT:-600}" "$@"
}

# `apt-get update`, appending to LOG. It takes the package lists' lock, which
# DPkg::Lock::Timeout does not cover (apt 2.6): retried while another apt-get
# holds that lock, for as long as apt_get waits for the other.
apt_update() { # LOG
  local deadline=$(( SECONDS + ${IMAGEREPO_APT_LOCK_TIMEOUT:-600} )) offset
  while true; do
    offset=$(log_offset "$1")
    apt_get update >>"$1" 2>&1 && return 0
    if ! log_has_since "$1" "$offset" 'Could not get lock' || (( SECONDS >= deadline )); then
      return 1
    fi
    info "another apt-get holds the package lists; waiting for it ..."
    sleep 5
  done
}

# Install Debian packages; refresh the package lists only if the first try
# fails (saves the slow `apt-get update` when the lists are already usable).
apt_install() { # PKG...
  local log
  log=$(mktemp)
  info "installing $* (apt-get; after any other apt-get running now) ..."
  if ! apt_get install -y --no-install-recommends "$@" >"$log" 2>&1; then
    info "apt-get install failed; running apt-get update and retrying"
    if ! { apt_update "$log" && apt_get install -y --no-install-recommends "$@" >>"$log" 2>&1; }; then
      show_log_tail "$log" 20
      rm -f "$log"
      die "could not install $*"
    fi
  fi
  rm -f "$log"
}

# Cache for downloaded runtimes, shared by every checkout and state dir.
imagerepo_cache_dir() {
  printf '%s' "${IMAGEREPO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/imagerepo}"
}

# Fetch the dependencies of a helper POM (infra/*/pom.xml: not part of the
# reactor) into the cache folder DEST, once: `mvn dependency:copy-dependencies`,
# since the servers' own downloads are not reachable here (shared/INFRA.md).
# DEST/.complete holds a hash of the pom, so editing the pom refetches. A lock
# keeps concurrent runs (bin/test and the e2e test's bin/stack) from fetching
# at once, and the copy is renamed into place, so nobody sees half a folder.
maven_fetch_into_cache() { # POM DEST LOGFILE WHAT
  local pom=$1 dest=$2 log=$3 what=$4 want lock
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  maven_fetch_current "$dest" "$want" && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to fetch $what"
  mkdir -p "$(dirname "$dest")" "$(dirname "$log")"
  exec {lock}>"$dest.fetch.lock"
  flock "$lock"
  if ! maven_fetch_current "$dest" "$want"; then
    local tmp start
    info "fetching $what from Maven Central into $dest ..."
    start=$(now_ms)
    tmp=$(mktemp -d "$dest.tmp.XXXXXX")
    if ! mvn -B -q -f "$pom" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1; then
      rm -rf "$tmp"
      exec {lock}>&-
      show_log_tail "$log" 20
      die "fetching $what failed; see $log"
    fi
    printf '%s\n' "$want" >"$tmp/.complete"
    rm -rf "$dest.old"
    if [[ -d "$dest" ]]; then mv "$dest" "$dest.old"; fi
    mv "$tmp" "$dest"
    rm -rf "$dest.old"
    info "$what ready ($(elapsed_since "$start"))"
  fi
  exec {lock}>&-
}

maven_fetch_current() { # DEST HASH
  [[ -f "$1/.complete" && "$(cat "$1/.complete")" == "$2" ]]
}

# Has LOG gained a line matching PATTERN (grep -E) after byte OFFSET?
log_has_since() { # LOG OFFSET PATTERN
  tail -c "+$(( $2 + 1 ))" "$1" 2>/dev/null | grep -qE -- "$3"
}

# Size of LOG in bytes (0 if missing): where this run's lines will begin.
log_offset() { # LOG
  if [[ -f "$1" ]]; then stat -c %s "$1"; else printf 0; fi
}
