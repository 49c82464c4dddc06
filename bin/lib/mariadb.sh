# shellcheck shell=bash
# A throwaway MariaDB server (Debian's mariadb-server), loopback only. Needs
# common.sh and proc.sh.
#
# A server lives in one folder DIR: DIR/data (the datadir), DIR/mariadb.pid
# (our pid file) and the Unix socket (DIR/mysqld.sock, or a path under /tmp
# when DIR is too deep for the 107-byte limit; recorded in DIR/socket). The
# server runs as the calling user (`--user=root` when that is root: mariadbd
# refuses root unless told so), so no folder needs handing to the mysql user.
# Administration goes over the socket as MariaDB's root, which
# mariadb-install-db ties to the OS user (unix_socket authentication).

mariadb_ensure_installed() {
  if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
    apt_install mariadb-server mariadb-client
  fi
  mariadb_bin mariadbd >/dev/null || die "mariadb-server installed, but no mariadbd found"
  mariadb_bin mariadb-install-db >/dev/null || die "mariadb-server installed, but no mariadb-install-db found"
}

# Path of a MariaDB program (the server is in /usr/sbin, which a non-root PATH lacks).
mariadb_bin() { # PROGRAM
  local p
  p=$(command -v "$1" 2>/dev/null) || p=/usr/sbin/$1
  [[ -x "$p" ]] || return 1
  printf '%s' "$p"
}

mariadb_pidfile() { printf '%s/mariadb.pid' "$1"; } # DIR

# Marker on the server's command line (see proc.sh): its datadir.
mariadb_marker() { printf -- '--datadir=%s/data' "$1"; } # DIR

mariadb_socket() { # DIR
  if [[ -f "$1/socket" ]]; then
    cat "$1/socket"
  elif (( ${#1} + 12 <= 100 )); then
    printf '%s/mysqld.sock' "$1"
  else
    printf '%s/imagerepo-mariadb-%s.sock' "${TMPDIR:-/tmp}" "$(printf '%s' "$1" | sha256sum | cut -c1-12)"
  fi
}

mariadb_pid() { proc_pid "$(mariadb_pidfile "$1")" "$(mariadb_marker "$1")"; } # DIR
mariadb_running() { mariadb_pid "$1" >/dev/null; } # DIR

# Create the datadir on first use, then launch the server detached (returns at
# once: mariadb_wait_ready waits). LOG gets the server's error log.
mariadb_start() { # DIR PORT LOG
  local dir=$1 port=$2 log=$3 user sock
  dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
  user=$(id -un)
  sock=$(mariadb_socket "$dir")
  printf '%s\n' "$sock" >"$dir/socket"
  mkdir -p "$(dirname "$log")"
  if [[ ! -d "$dir/data/mysql" ]]; then
    if ! "$(mariadb_bin mariadb-install-db)" --no-defaults --datadir="$dir/data" --user="$user" \
        --auth-root-authentication-method=socket --skip-test-db >"$dir/install-db.log" 2>&1; then
      show_log_tail "$dir/install-db.log" 20
      die "mariadb-install-db failed; see $dir/install-db.log"
    fi
  fi
  # Throwaway data: no fsync per commit, a small buffer pool, no binary log.
  # utf8mb4 explicitly: --no-defaults skips Debian's config, whose default it is.
  proc_start "$(mariadb_pidfile "$dir")" "$log" "$(mariadb_bin mariadbd)" --no-defaults \
    "$(mariadb_marker "$dir")" --user="$user" --bind-address=127.0.0.1 --port="$port" \
    --socket="$sock" --pid-file="$dir/mariadbd.pid" --skip-log-bin --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --max-connections=200
}

mariadb_ready() { # DIR PORT
  "$(mariadb_bin mariadb-admin)" --no-defaults --socket="$(mariadb_socket "$1")" -uroot \
    --connect-timeout=2 ping >/dev/null 2>&1 && tcp_open "$2"
}

mariadb_wait_ready() { # DIR PORT LOG TIMEOUT_S NAME
  proc_wait_until "$5" "$(mariadb_pidfile "$1")" "$(mariadb_marker "$1")" "$3" "$4" \
    mariadb_ready "$1" "$2"
}

# Run SQL from stdin as MariaDB's root over the socket.
mariadb_sql() { # DIR
  "$(mariadb_bin mariadb)" --no-defaults --socket="$(mariadb_socket "$1")" -uroot --batch
}

# Create the database DB and USER (password PASSWORD, from 127.0.0.1 and
# localhost), idempotently. USER may use every database whose name starts
# with DB, so that tests can make databases of their own (DB_something).
mariadb_ensure_db() { # DIR DB USER PASSWORD
  local db=$2
  # SQL quoting: literals double ', identifiers double `.
  local ulit="'${3//\'/\'\'}'" pwlit="'${4//\'/\'\'}'" dbid="\`${db//\`/\`\`}\`"
  local pattern="\`${db//\`/\`\`}%\`"
  mariadb_sql "$1" >/dev/null <<SQL
CREATE DATABASE IF NOT EXISTS $dbid CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE OR REPLACE USER $ulit@'127.0.0.1' IDENTIFIED BY $pwlit;
CREATE OR REPLACE USER $ulit@'localhost' IDENTIFIED BY $pwlit;
GRANT ALL PRIVILEGES ON $dbid.* TO $ulit@'127.0.0.1', $ulit@'localhost';
GRANT ALL PRIVILEGES ON $pattern.* TO $ulit@'127.0.0.1', $ulit@'localhost';
SQL
}

# Stop the server in DIR if it runs: TERM is MariaDB's clean shutdown.
mariadb_stop() { # DIR NAME [TIMEOUT_S]
  proc_stop "$(mariadb_pidfile "$1")" "$(mariadb_marker "$1")" "$2" "${3:-30}"
}
