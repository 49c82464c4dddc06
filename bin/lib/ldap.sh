# shellcheck shell=bash
# A throwaway OpenLDAP server (Debian's slapd) holding the demo directory that
# Keycloak federates, loopback only (shared/INFRA.md). Needs common.sh and
# proc.sh.
#
# A server lives in one folder DIR: DIR/slapd.conf (rendered from
# infra/ldap/slapd.conf.template), DIR/mdb (the database), DIR/slapd.pid and
# DIR/.loaded once infra/ldap/demo-directory.ldif is in (its hash). Base
# dc=imagerepo,dc=org; the root DN cn=admin,dc=imagerepo,dc=org has the
# password admin-demo, the demo users <uid>-demo: demo credentials, loopback
# only.

LDAP_INFRA_DIR="$IMAGEREPO_ROOT/infra/ldap"
LDAP_SLAPD=/usr/sbin/slapd
LDAP_BASE_DN="dc=imagerepo,dc=org"
LDAP_ADMIN_DN="cn=admin,$LDAP_BASE_DN"
LDAP_ADMIN_PASSWORD=admin-demo # as in slapd.conf.template and the Keycloak realm

# Install Debian's slapd (the package's own instance is not started here and
# not used) and the client tools (ldapadd loads the directory).
ldap_ensure_installed() {
  if [[ ! -x "$LDAP_SLAPD" ]] || ! command -v ldapadd >/dev/null 2>&1; then
    apt_install slapd ldap-utils
  fi
  [[ -x "$LDAP_SLAPD" ]] || die "slapd installed, but $LDAP_SLAPD is missing"
  command -v ldapadd >/dev/null 2>&1 || die "ldap-utils installed, but ldapadd is not on PATH"
}

ldap_url() { printf 'ldap://127.0.0.1:%s' "$1"; } # PORT
ldap_pidfile() { printf '%s/slapd.pid' "$1"; } # DIR

# Marker on the server's command line (see proc.sh): its config file.
ldap_marker() { printf -- '%s/slapd.conf' "$1"; } # DIR

ldap_pid() { proc_pid "$(ldap_pidfile "$1")" "$(ldap_marker "$1")"; } # DIR
ldap_running() { ldap_pid "$1" >/dev/null; } # DIR

# Render the configuration and launch slapd detached (returns at once:
# ldap_wait_ready waits, ldap_load_demo fills it). `-d stats` keeps slapd in the
# foreground (so the recorded pid is the server's) and logs each operation and
# any start-up error (a taken port) to LOG; without -d it would fork away.
ldap_start() { # DIR PORT LOG
  local dir=$1 port=$2 log=$3
  dir=$(mkdir -p "$dir/mdb" && cd "$dir" && pwd)
  mkdir -p "$(dirname "$log")"
  sed -e "s|@DIR@|$dir|g" "$LDAP_INFRA_DIR/slapd.conf.template" >"$dir/slapd.conf"
  chmod 600 "$dir/slapd.conf" # holds the (demo) root password
  proc_start "$(ldap_pidfile "$dir")" "$log" "$LDAP_SLAPD" -d stats \
    -h "$(ldap_url "$port")/" -f "$(ldap_marker "$dir")"
}

# Ready when the root DN can bind: the server answers, with our database.
ldap_ready() { # PORT
  ldapwhoami -x -o nettimeout=2 -H "$(ldap_url "$1")" -D "$LDAP_ADMIN_DN" -w "$LDAP_ADMIN_PASSWORD" >/dev/null 2>&1
}

ldap_wait_ready() { # DIR PORT LOG TIMEOUT_S NAME
  proc_wait_until "$5" "$(ldap_pidfile "$1")" "$(ldap_marker "$1")" "$3" "$4" \
    ldap_ready "$2"
}

# Load the demo directory through the running server (ldapadd, not slapadd:
# slapadd bypasses the memberof overlay) on the folder's first start, and again
# when the LDIF has changed since (DIR/.loaded holds its hash): -c goes on past
# the entries that exist already (status 68), so new entries are added; changed
# ones stay as they were (`bin/stack clean` or a fresh test folder resets).
ldap_load_demo() { # DIR PORT LOG
  local dir=$1 ldif="$LDAP_INFRA_DIR/demo-directory.ldif" want rc=0
  want=$(sha256sum "$ldif" | cut -d' ' -f1)
  [[ -f "$dir/.loaded" && "$(cat "$dir/.loaded")" == "$want" ]] && return 0
  ldapadd -c -x -H "$(ldap_url "$2")" -D "$LDAP_ADMIN_DN" -w "$LDAP_ADMIN_PASSWORD" \
    -f "$ldif" >>"$3" 2>&1 || rc=$?
  if (( rc != 0 && rc != 68 )); then
    show_log_tail "$3" 20
    die "loading $ldif into the LDAP server failed (ldapadd status $rc); see $3"
  fi
  printf '%s\n' "$want" >"$dir/.loaded"
}

# TERM is slapd's clean shutdown (it syncs the database).
ldap_stop() { # DIR NAME [TIMEOUT_S]
  proc_stop "$(ldap_pidfile "$1")" "$(ldap_marker "$1")" "$2" "${3:-20}"
}
