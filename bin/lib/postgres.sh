# shellcheck shell=bash
# A throwaway PostgreSQL cluster (Debian's server binaries), loopback only.
# Needs common.sh.
#
# PostgreSQL refuses to run as root, so as root every server-side command runs
# as the `postgres` OS user (created by Debian's package) through runuser; as
# an ordinary user the commands run as that user.
#
# A cluster lives in one folder CDIR: CDIR/pgdata (the cluster), CDIR/postgres.log
# (the server log: the postgres user must be able to write it) and the Unix
# socket CDIR/.s.PGSQL.<port> (used, with local trust auth, to create roles).

# bin folder of the newest installed PostgreSQL server, or status 1.
pg_bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]] || return 1
  printf '%s' "$d"
}

# Install Debian's postgresql (server binaries) when absent.
pg_ensure_installed() {
  if ! pg_bindir >/dev/null; then
    apt_install postgresql
    pg_bindir >/dev/null || die "postgresql installed, but no /usr/lib/postgresql/*/bin/initdb found"
  fi
  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root, but there is no 'postgres' OS user to run PostgreSQL as"
  fi
}

# Run CMD as the cluster's owner, from / (the postgres user may not be allowed
# into the caller's working directory).
pg_as_owner() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# The folder to keep a cluster in: PREFERRED if the owner can write there and
# the socket path fits the 107-byte limit of Unix socket names; otherwise a
# folder under /tmp (e.g. when the state dir is under root's 0700 home). The
# choice is remembered in PREFERRED.location so that start and stop agree.
pg_cluster_dir() { # PREFERRED PORT
  local pref=$1 port=$2 alt
  if [[ -f "$pref.location" ]]; then
    cat "$pref.location"
    return 0
  fi
  mkdir -p "$pref"
  [[ $EUID -eq 0 ]] && chown postgres: "$pref"
  if (( ${#pref} + 16 <= 100 )) && pg_as_owner test -w "$pref" -a -x "$pref"; then
    printf '%s' "$pref"
    return 0
  fi
  rmdir "$pref" 2>/dev/null || true
  alt=$(mktemp -d "${TMPDIR:-/tmp}/imagerepo-pg.XXXXXX")
  chmod 700 "$alt"
  [[ $EUID -eq 0 ]] && chown postgres: "$alt"
  mkdir -p "$(dirname "$pref")"
  printf '%s\n' "$alt" >"$pref.location"
  printf '%s' "$alt"
}

# Is the cluster in CDIR running? Prints the postmaster's pid.
pg_pid() { # CDIR
  local pidfile="$1/pgdata/postmaster.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid=$(head -n 1 "$pidfile" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # A stale postmaster.pid may name a reused pid: insist on a postgres process.
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres* ]] || return 1
  printf '%s' "$pid"
}

# Create the cluster on first use, then start it and wait (pg_ctl -w) until it
# accepts connections. LOGLINK, if given, becomes a symlink to the server log,
# so that it sits with the other logs even when the cluster lives elsewhere.
pg_start() { # CDIR PORT [LOGLINK]
  local cdir=$1 port=$2 link=${3:-} bin log
  bin=$(pg_bindir) || die "PostgreSQL server binaries not found"
  log="$cdir/postgres.log"
  if [[ -n "$link" ]]; then
    mkdir -p "$(dirname "$link")"
    ln -sfn "$log" "$link"
  fi
  if [[ ! -f "$cdir/pgdata/PG_VERSION" ]]; then
    # Local (socket) connections trusted: only the owner can reach the socket
    # folder. TCP needs a password (scram).
    if ! pg_as_owner "$bin/initdb" -D "$cdir/pgdata" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$cdir/initdb.log" 2>&1; then
      show_log_tail "$cdir/initdb.log" 20
      die "initdb failed; see $cdir/initdb.log"
    fi
  fi
  # fsync off: a throwaway cluster, and commits are much cheaper.
  if ! pg_as_owner "$bin/pg_ctl" -D "$cdir/pgdata" -l "$log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cdir -c fsync=off" \
      >"$cdir/pg_ctl.log" 2>&1; then
    cat "$cdir/pg_ctl.log" >&2
    show_log_tail "$log" 30
    die "PostgreSQL did not start on port $port; see $log"
  fi
}

# Run SQL (from stdin, so psql meta-commands such as \gexec work) as the
# superuser over the cluster's Unix socket.
pg_psql() { # CDIR PORT DB < SQL
  local bin
  bin=$(pg_bindir) || die "PostgreSQL server binaries not found"
  pg_as_owner "$bin/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h "$1" -p "$2" -U postgres -d "$3" -f -
}

# Create USER (or reset its password) and a database DB owned by it.
# Idempotent, and one psql run (each costs a process start via runuser).
pg_ensure_db() { # CDIR PORT DB USER PASSWORD
  local user=$4 db=$3 pw=$5
  # SQL quoting: literals double ', identifiers double ".
  local ulit="'${user//\'/\'\'}'" dlit="'${db//\'/\'\'}'" pwlit="'${pw//\'/\'\'}'"
  local uid="\"${user//\"/\"\"}\""
  # CREATE DATABASE cannot run in a DO block: \gexec runs it only if missing.
  pg_psql "$1" "$2" postgres >/dev/null <<SQL
DO \$pg\$ BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = $ulit) THEN
    ALTER ROLE $uid LOGIN PASSWORD $pwlit;
  ELSE
    CREATE ROLE $uid LOGIN PASSWORD $pwlit;
  END IF;
END \$pg\$;
SELECT format('CREATE DATABASE %I OWNER %I', $dlit, $ulit)
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = $dlit)
\gexec
SQL
}

# Stop the cluster in CDIR if it runs: fast shutdown (disconnect clients),
# then immediate if that times out.
pg_stop() { # CDIR [NAME]
  local cdir=$1 name=${2:-postgresql} bin pid
  pid=$(pg_pid "$cdir") || return 0
  bin=$(pg_bindir) || die "PostgreSQL server binaries not found"
  if ! pg_as_owner "$bin/pg_ctl" -D "$cdir/pgdata" -m fast -w -t 30 stop >/dev/null 2>&1; then
    warn "$name did not stop within 30s; immediate shutdown"
    pg_as_owner "$bin/pg_ctl" -D "$cdir/pgdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  info "stopped $name (pid $pid)"
}

# Does the cluster answer on 127.0.0.1:PORT?
pg_ready() { # PORT
  local bin
  bin=$(pg_bindir) || return 1
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$1" >/dev/null 2>&1
}
