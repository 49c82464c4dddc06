# shellcheck shell=bash
# The servers imagerepo runs on besides its own services, as one table that
# bin/stack (a developer's stack) and bin/test-servers / bin/test (the tests'
# servers) share: kafka, postgres, mariadb, mongo, s3proxy, swift, ldap,
# keycloak. Needs common.sh, proc.sh and the server libraries (sourced here).
#
# The caller sets:
#   SRV_DIR       folder holding each server's folder (SRV_DIR/<name>)
#   SRV_SHARED_DIR  (optional) folder of LDAP's and Keycloak's folders instead:
#                 who may sign in, which bin/stack's configs share
#   SRV_LOG_DIR   folder of the logs (<name>.log)
#   SRV_LABEL     prefix for messages ("" or "test ")
#   SRV_PORT_ENV  prefix of the variables that move the ports (IMAGEREPO_ or
#                 IMAGEREPO_TEST_: IMAGEREPO_KAFKA_PORT, IMAGEREPO_TEST_PG_PORT...)
#   KAFKA_PORT (controller: KAFKA_PORT + 1), PG_PORT, MARIADB_PORT, MONGO_PORT,
#   S3_PORT, SWIFT_PORT (Swift takes SWIFT_PORT..SWIFT_PORT+4), LDAP_PORT,
#   KEYCLOAK_PORT (management: KEYCLOAK_PORT + 1; its realm federates the
#   LDAP server on LDAP_PORT)
#   PG_DB PG_USER PG_PASSWORD, MARIADB_DB MARIADB_USER MARIADB_PASSWORD,
#   S3_ACCESS_KEY S3_SECRET_KEY (Swift's tempauth user: see swift.sh)
#   SRV_ACCEPT_FOREIGN=1 to use a server that something else already runs on
#                 the port (with a warning) rather than fail

_SRV_LIB="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=kafka.sh
source "$_SRV_LIB/kafka.sh"
# shellcheck source=postgres.sh
source "$_SRV_LIB/postgres.sh"
# shellcheck source=mariadb.sh
source "$_SRV_LIB/mariadb.sh"
# shellcheck source=mongo.sh
source "$_SRV_LIB/mongo.sh"
# shellcheck source=s3proxy.sh
source "$_SRV_LIB/s3proxy.sh"
# shellcheck source=swift.sh
source "$_SRV_LIB/swift.sh"
# shellcheck source=ldap.sh
source "$_SRV_LIB/ldap.sh"
# shellcheck source=keycloak.sh
source "$_SRV_LIB/keycloak.sh"
# Launch order: Keycloak first, since it is by far the slowest to boot.
SERVERS=(keycloak kafka postgres mariadb mongo s3proxy swift ldap)
# Readiness is awaited fastest first, so that each reported time is its own
# (LDAP's directory is loaded before Keycloak's first sign-in needs it).
SERVERS_WAIT_ORDER=(ldap mariadb postgres mongo s3proxy kafka swift keycloak)
SERVER_TIMEOUT=${IMAGEREPO_SERVER_TIMEOUT:-180} # seconds for any one server to become ready

SERVERS_STARTED=() # what servers_launch launched, in order (for cleanup on failure)
SRV_PENDING=()     # launched, not yet awaited

server_known() { [[ " ${SERVERS[*]} " == *" $1 "* ]]; }
server_dir() { # NAME
  case "$1" in
    ldap | keycloak) printf '%s/%s' "${SRV_SHARED_DIR:-$SRV_DIR}" "$1" ;;
    *) printf '%s/%s' "$SRV_DIR" "$1" ;;
  esac
}
server_log() { printf '%s/%s.log' "$SRV_LOG_DIR" "$1"; }
kafka_pidfile() { printf '%s/kafka.pid' "$(server_dir kafka)"; }

# PostgreSQL may live under /tmp (see pg_cluster_dir): the folder in use.
pg_dir_existing() {
  local pref
  pref=$(server_dir postgres)
  if [[ -f "$pref.location" ]]; then cat "$pref.location"; else printf '%s' "$pref"; fi
}

server_port() { # NAME
  case "$1" in
    kafka) printf '%s' "$KAFKA_PORT" ;;
    postgres) printf '%s' "$PG_PORT" ;;
    mariadb) printf '%s' "$MARIADB_PORT" ;;
    mongo) printf '%s' "$MONGO_PORT" ;;
    s3proxy) printf '%s' "$S3_PORT" ;;
    swift) printf '%s' "$SWIFT_PORT" ;;
    ldap) printf '%s' "$LDAP_PORT" ;;
    keycloak) printf '%s' "$KEYCLOAK_PORT" ;;
    *) die "unknown server '$1'" ;;
  esac
}

server_port_var() { # NAME -> the variable that moves its port
  case "$1" in
    kafka) printf '%sKAFKA_PORT' "$SRV_PORT_ENV" ;;
    postgres) printf '%sPG_PORT' "$SRV_PORT_ENV" ;;
    mariadb) printf '%sMARIADB_PORT' "$SRV_PORT_ENV" ;;
    mongo) printf '%sMONGO_PORT' "$SRV_PORT_ENV" ;;
    s3proxy) printf '%sS3_PORT' "$SRV_PORT_ENV" ;;
    swift) printf '%sSWIFT_PORT' "$SRV_PORT_ENV" ;;
    ldap) printf '%sLDAP_PORT' "$SRV_PORT_ENV" ;;
    keycloak) printf '%sKEYCLOAK_PORT' "$SRV_PORT_ENV" ;;
  esac
}

# Validated port number from env NAME, or DEFAULT.
port_from_env() { # NAME DEFAULT
  local v=${!1:-$2}
  if ! [[ "$v" =~ ^[0-9]+$ ]] || (( v < 1 || v > 65535 )); then
    die "$1 must be a TCP port number, not '$v'"
  fi
  printf '%s' "$v"
}

# Set the server ports from SRV_PORT_ENV-prefixed variables, with defaults
# KAFKA PG MARIADB MONGO S3 SWIFT LDAP KEYCLOAK.
servers_load_ports() { # KAFKA PG MARIADB MONGO S3 SWIFT LDAP KEYCLOAK
  KAFKA_PORT=$(port_from_env "${SRV_PORT_ENV}KAFKA_PORT" "$1")
  KAFKA_CONTROLLER_PORT=$(( KAFKA_PORT + 1 ))
  PG_PORT=$(port_from_env "${SRV_PORT_ENV}PG_PORT" "$2")
  MARIADB_PORT=$(port_from_env "${SRV_PORT_ENV}MARIADB_PORT" "$3")
  MONGO_PORT=$(port_from_env "${SRV_PORT_ENV}MONGO_PORT" "$4")
  S3_PORT=$(port_from_env "${SRV_PORT_ENV}S3_PORT" "$5")
  SWIFT_PORT=$(port_from_env "${SRV_PORT_ENV}SWIFT_PORT" "$6")
  LDAP_PORT=$(port_from_env "${SRV_PORT_ENV}LDAP_PORT" "$7")
  KEYCLOAK_PORT=$(port_from_env "${SRV_PORT_ENV}KEYCLOAK_PORT" "$8")
  KEYCLOAK_MANAGEMENT_PORT=$(( KEYCLOAK_PORT + 1 ))
}

# The ports as shell assignments (for a state file).
servers_ports_state() {
  local v
  for v in KAFKA_PORT KAFKA_CONTROLLER_PORT PG_PORT MARIADB_PORT MONGO_PORT S3_PORT SWIFT_PORT \
      LDAP_PORT KEYCLOAK_PORT KEYCLOAK_MANAGEMENT_PORT; do
    printf '%s=%q\n' "$v" "${!v}"
  done
}

server_pid() { # NAME
  case "$1" in
    kafka) proc_pid "$(kafka_pidfile)" "$(kafka_marker "$(kafka_pidfile)")" ;;
    postgres) pg_pid "$(pg_dir_existing)" ;;
    mariadb) mariadb_pid "$(server_dir mariadb)" ;;
    mongo) mongo_pid "$(server_dir mongo)" ;;
    s3proxy) s3proxy_pid "$(server_dir s3proxy)" ;;
    swift) swift_pid "$(server_dir swift)" ;;
    ldap) ldap_pid "$(server_dir ldap)" ;;
    keycloak) keycloak_pid "$(server_dir keycloak)" ;;
    *) return 1 ;;
  esac
}

server_running() { # NAME
  case "$1" in
    swift) [[ -d "$(server_dir swift)" ]] && swift_running "$(server_dir swift)" ;;
    *) server_pid "$1" >/dev/null ;;
  esac
}

server_health() { # NAME -> ready / not ready / stopped
  local ok=1
  if ! server_running "$1"; then
    printf 'stopped'
    return
  fi
  case "$1" in
    kafka | mongo) tcp_open "$(server_port "$1")" || ok=0 ;;
    postgres) pg_ready "$PG_PORT" || ok=0 ;;
    mariadb) mariadb_ready "$(server_dir mariadb)" "$MARIADB_PORT" || ok=0 ;;
    s3proxy) s3proxy_ready "$S3_PORT" || ok=0 ;;
    swift) { swift_healthy "$SWIFT_PORT" && swift_auth_ok "$SWIFT_PORT"; } || ok=0 ;;
    ldap) ldap_ready "$LDAP_PORT" || ok=0 ;;
    keycloak) keycloak_ready "$KEYCLOAK_PORT" || ok=0 ;;
  esac
  if (( ok )); then printf 'ready'; else printf 'not ready'; fi
}

# Install or fetch what NAME needs (once; apt-get or Maven Central).
server_ensure_installed() { # NAME
  case "$1" in
    kafka) kafka_ensure_jars "$SRV_LOG_DIR/kafka-fetch.log" ;;
    postgres) pg_ensure_installed ;;
    mariadb) mariadb_ensure_installed ;;
    mongo) mongo_ensure_installed "$SRV_LOG_DIR/mongo-fetch.log" ;;
    s3proxy) s3proxy_ensure_installed "$SRV_LOG_DIR/s3proxy-fetch.log" ;;
    swift) swift_ensure_installed ;;
    ldap) ldap_ensure_installed ;;
    keycloak) keycloak_ensure_installed "$SRV_LOG_DIR/keycloak-fetch.log" ;;
  esac
}

# Fail fast, before installing or starting anything, when a port is taken.
server_require_ports() { # NAME
  local what="the ${SRV_LABEL}$1" var p
  var=$(server_port_var "$1")
  case "$1" in
    kafka)
      require_free_port "$KAFKA_PORT" "$what" "$var"
      require_free_port "$KAFKA_CONTROLLER_PORT" "$what controller ($var + 1)" "$var"
      ;;
    swift)
      for p in 0 1 2 3 4; do
        require_free_port $(( SWIFT_PORT + p )) "$what ($var + $p)" "$var"
      done
      ;;
    keycloak)
      require_free_port "$KEYCLOAK_PORT" "$what" "$var"
      require_free_port "$KEYCLOAK_MANAGEMENT_PORT" "$what management interface ($var + 1)" "$var"
      ;;
    *) require_free_port "$(server_port "$1")" "$what" "$var" ;;
  esac
}

# Launch NAME in the background (server_wait waits for it): the launches do
# slow work of their own (formatting Kafka's storage, building Swift's rings,
# initdb, mariadb-install-db, Keycloak's home), so all servers boot at once.
# The launch offsets of the logs are taken here, where the readiness waits can
# see them.
declare -A SRV_JOBS=()
server_launch() { # NAME
  local log
  log=$(server_log "$1")
  case "$1" in
    kafka) KAFKA_LAUNCH_OFFSET=$(log_offset "$log") ;;
    mongo) MONGO_LAUNCH_OFFSET=$(log_offset "$log") ;;
  esac
  server_launch_now "$1" "$(server_dir "$1")" "$log" &
  SRV_JOBS[$1]=$!
}

server_launch_now() { # NAME DIR LOG
  local dir=$2 log=$3
  case "$1" in
    kafka) kafka_launch "$dir" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$log" "$(kafka_pidfile)" ;;
    postgres)
      # pg_ctl waits until the cluster serves: create the database here too.
      local cdir
      cdir=$(pg_cluster_dir "$dir" "$PG_PORT")
      pg_start "$cdir" "$PG_PORT" "$log"
      pg_ensure_db "$cdir" "$PG_PORT" "$PG_DB" "$PG_USER" "$PG_PASSWORD"
      ;;
    mariadb) mariadb_start "$dir" "$MARIADB_PORT" "$log" ;;
    mongo) mongo_start "$dir" "$MONGO_PORT" "$log" ;;
    s3proxy) s3proxy_start "$dir" "$S3_PORT" "$log" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" ;;
    swift) swift_start "$dir" "$SWIFT_PORT" "$log" "$(server_port_var swift)" ;;
    ldap) ldap_start "$dir" "$LDAP_PORT" "$log" ;;
    # Its realm federates the LDAP server of the same set (needed at the first
    # sign-in, not at the start: the two boot side by side).
    keycloak) keycloak_start "$dir" "$KEYCLOAK_PORT" "$log" "$LDAP_PORT" ;;
  esac
}

# Wait (bounded) until NAME serves, then set it up (database, user, topics,
# the demo directory).
# Kafka's topics are created in the background: servers_finish waits for them.
server_wait() { # NAME
  local dir log name="${SRV_LABEL}$1"
  dir=$(server_dir "$1")
  log=$(server_log "$1")
  wait "${SRV_JOBS[$1]}" || die "$name could not be started; see $log"
  case "$1" in
    kafka)
      kafka_wait_ready "$KAFKA_PORT" "$log" "$KAFKA_LAUNCH_OFFSET" "$(kafka_pidfile)" "$SERVER_TIMEOUT" "$name"
      # Explicit and idempotent (the broker's auto-create would give a racing
      # producer the same 3 partitions).
      kafka_create_topics "$KAFKA_PORT" "${IMAGEREPO_TOPICS[@]}" &
      SRV_TOPICS_JOB=$!
      ;;
    postgres) ;;
    mariadb)
      mariadb_wait_ready "$dir" "$MARIADB_PORT" "$log" "$SERVER_TIMEOUT" "$name"
      mariadb_ensure_db "$dir" "$MARIADB_DB" "$MARIADB_USER" "$MARIADB_PASSWORD"
      ;;
    mongo) mongo_wait_ready "$dir" "$MONGO_PORT" "$log" "$SERVER_TIMEOUT" "$name" ;;
    s3proxy) s3proxy_wait_ready "$dir" "$S3_PORT" "$log" "$SERVER_TIMEOUT" "$name" ;;
    swift) swift_await "$dir" "$log" "$name" ;;
    ldap)
      ldap_wait_ready "$dir" "$LDAP_PORT" "$log" "$SERVER_TIMEOUT" "$name"
      ldap_load_demo "$dir" "$LDAP_PORT" "$log"
      ;;
    # Its own, longer timeout: the first start augments the build (minutes under load).
    keycloak) keycloak_wait_ready "$dir" "$KEYCLOAK_PORT" "$log" "$KEYCLOAK_TIMEOUT" "$name" ;;
  esac
}

# swift_wait_ready in short rounds, so that a Swift process that died at once
# (e.g. memcached finding its port taken) fails the start now, not at the timeout.
swift_await() { # DIR LOG NAME
  local deadline=$(( $(date +%s) + SERVER_TIMEOUT ))
  until (swift_wait_ready "$SWIFT_PORT" 5 2>/dev/null); do
    if ! swift_running "$1"; then
      show_log_tail "$2" 30
      die "a process of $3 exited during start-up; see $2"
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$2" 30
      die "$3 did not become ready within ${SERVER_TIMEOUT}s; see $2"
    fi
  done
}

server_stop() { # NAME
  local name="${SRV_LABEL}$1"
  case "$1" in
    kafka) kafka_stop "$(kafka_pidfile)" "$name" ;;
    postgres) pg_stop "$(pg_dir_existing)" "$name" ;;
    mariadb) mariadb_stop "$(server_dir mariadb)" "$name" ;;
    mongo) mongo_stop "$(server_dir mongo)" "$name" ;;
    s3proxy) s3proxy_stop "$(server_dir s3proxy)" "$name" ;;
    swift) [[ -d "$(server_dir swift)" ]] && swift_stop "$(server_dir swift)" "$name" ;;
    ldap) ldap_stop "$(server_dir ldap)" "$name" ;;
    keycloak) keycloak_stop "$(server_dir keycloak)" "$name" ;;
  esac
  return 0
}

# Start those of NAMES that are not running: install what is missing, launch
# them all at once, then wait for each. Appends to SERVERS_STARTED. Call
# servers_finish afterwards (it waits for Kafka's topics).
servers_up() { # NAME...
  servers_launch "$@"
  servers_await
}

# The first half of servers_up: the caller may do other work (a build) while
# the servers boot, then call servers_await.
servers_launch() { # NAME...
  local n
  SRV_PENDING=()
  for n in "$@"; do server_known "$n" || die "unknown server '$n' (known: ${SERVERS[*]})"; done
  # In the table's order whatever the caller's: the slowest (Keycloak) first.
  for n in "${SERVERS[@]}"; do
    [[ " $* " == *" $n "* ]] || continue
    server_running "$n" && continue
    if [[ "${SRV_ACCEPT_FOREIGN:-0}" == 1 ]] && port_in_use "$(server_port "$n")"; then
      warn "using the ${SRV_LABEL}$n that something else runs on 127.0.0.1:$(server_port "$n") (not started here: it must be set up as bin/test-servers would set it up)"
      continue
    fi
    SRV_PENDING+=("$n")
  done
  (( ${#SRV_PENDING[@]} )) || return 0
  for n in "${SRV_PENDING[@]}"; do server_require_ports "$n"; done
  mkdir -p "$SRV_DIR" "$SRV_LOG_DIR"
  touch "$SRV_DIR/.imagerepo-servers" # lets callers know the folder is ours to delete
  for n in "${SRV_PENDING[@]}"; do server_ensure_installed "$n"; done
  SRV_T0=$(now_ms)
  for n in "${SRV_PENDING[@]}"; do
    info "starting ${SRV_LABEL}$n on 127.0.0.1:$(server_port "$n") ..."
    SERVERS_STARTED+=("$n")
    server_launch "$n"
  done
}

servers_await() {
  local n
  for n in "${SERVERS_WAIT_ORDER[@]}"; do
    [[ " ${SRV_PENDING[*]} " == *" $n "* ]] || continue
    server_wait "$n"
    info "${SRV_LABEL}$n ready ($(elapsed_since "$SRV_T0"))"
  done
  SRV_PENDING=()
}

servers_finish() {
  if [[ -n "${SRV_TOPICS_JOB:-}" ]]; then
    wait "$SRV_TOPICS_JOB" || die "creating the Kafka topics failed"
    SRV_TOPICS_JOB=
  fi
}

# Stop those of NAMES that run, all at once (none depends on another).
servers_down() { # NAME...
  local n pids=() p
  for n in "$@"; do
    if server_running "$n" || [[ "$n" == swift ]]; then
      server_stop "$n" &
      pids+=("$!")
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
}

# NAME PID PORT HEALTH lines; status 3 unless all are ready.
servers_status() { # NAME...
  local n all=0 health
  for n in "$@"; do
    health=$(server_health "$n")
    [[ "$health" == ready ]] || all=3
    printf '%-10s %-8s %-6s %s\n' "$n" "$(server_pid "$n" || printf -- -)" "$(server_port "$n")" "$health"
  done
  return "$all"
}
