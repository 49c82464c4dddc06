# shellcheck shell=bash
# The servers the tests run against, on fixed test ports under
# <repo>/target/test-infra (data, logs): what bin/test-servers and bin/test
# share. Needs common.sh, proc.sh, servers.sh. Tests find the servers through
# the IMAGEREPO_TEST_* variables that test_servers_env prints (read by
# libs/test-support's TestServers). Ports move with IMAGEREPO_TEST_<X>_PORT.

# Demo credentials of throwaway, loopback-only servers.
# shellcheck disable=SC2034 # read by servers.sh
test_servers_config() {
  SRV_DIR=${IMAGEREPO_TEST_INFRA_DIR:-$IMAGEREPO_ROOT/target/test-infra}
  # Absolute: the servers' command lines (their pid markers) hold it.
  SRV_DIR=$(mkdir -p "$SRV_DIR" && cd "$SRV_DIR" && pwd)
  SRV_LOG_DIR=$SRV_DIR
  SRV_LABEL="test "
  SRV_PORT_ENV=IMAGEREPO_TEST_
  # A server started by hand on a test port (e.g. while developing a plugin) is used, not fought over.
  SRV_ACCEPT_FOREIGN=1
  servers_load_ports 29092 25432 23306 27117 28090 28080 23890 28380
  PG_DB=imagerepo_test PG_USER=imagerepo PG_PASSWORD=imagerepo
  MARIADB_DB=imagerepo_test MARIADB_USER=imagerepo MARIADB_PASSWORD=imagerepo
  S3_ACCESS_KEY=imagerepo-test S3_SECRET_KEY=imagerepo-test-secret
  # Swift's tempauth user for tests, whatever a developer's shell says.
  IMAGEREPO_SWIFT_USER=test:tester IMAGEREPO_SWIFT_KEY=testing
}

# `export NAME=VALUE` lines for every test server (eval-able).
test_servers_env() {
  local -a vars=(
    "IMAGEREPO_TEST_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"
    "IMAGEREPO_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
    "IMAGEREPO_TEST_PG_USER=$PG_USER"
    "IMAGEREPO_TEST_PG_PASSWORD=$PG_PASSWORD"
    "IMAGEREPO_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:$MARIADB_PORT/$MARIADB_DB"
    "IMAGEREPO_TEST_MARIADB_USER=$MARIADB_USER"
    "IMAGEREPO_TEST_MARIADB_PASSWORD=$MARIADB_PASSWORD"
    "IMAGEREPO_TEST_MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT"
    "IMAGEREPO_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT"
    "IMAGEREPO_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY"
    "IMAGEREPO_TEST_S3_SECRET_KEY=$S3_SECRET_KEY"
    "IMAGEREPO_TEST_SWIFT_AUTH_URL=http://127.0.0.1:$SWIFT_PORT/auth/v1.0"
    "IMAGEREPO_TEST_SWIFT_USER=$IMAGEREPO_SWIFT_USER"
    "IMAGEREPO_TEST_SWIFT_KEY=$IMAGEREPO_SWIFT_KEY"
    "IMAGEREPO_TEST_LDAP_URL=$(ldap_url "$LDAP_PORT")"
    # The base URL (the realm is imagerepo: .../realms/imagerepo is the issuer).
    "IMAGEREPO_TEST_KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT"
  )
  local v
  for v in "${vars[@]}"; do printf 'export %s=%q\n' "${v%%=*}" "${v#*=}"; done
}

# Which test servers run (names, one line).
test_servers_running() {
  local n out=()
  for n in "${SERVERS[@]}"; do server_running "$n" && out+=("$n"); done
  printf '%s' "${out[*]}"
}
