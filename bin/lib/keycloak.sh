# shellcheck shell=bash
# Keycloak (the distribution zip from Maven Central) in development mode with
# an in-memory database, loopback only: the realm imagerepo
# (infra/keycloak/imagerepo-realm.json) is imported at every start, its LDAP
# federation pointed at the LDAP server of the same set (shared/INFRA.md,
# docs/adr/0009). Needs common.sh and proc.sh.
#
# Ports: HTTP PORT, management PORT+1 (/health/ready). Bootstrap admin of the
# master realm admin / admin-demo; the realm file's client secrets and LDAP bind
# password are placeholders, rendered here to demo credentials, loopback only.
#
# The zip is unzipped once into the cache (dist/). Each instance folder DIR
# gets a Keycloak home of its own (DIR/home: kc.sh, conf, providers, themes,
# data/, lib/quarkus — everything Keycloak writes) whose lib/lib links to the
# cache's jars (168 MB, only read), so a developer's stack and the test
# servers run side by side from one cache. The first start augments the
# build (about 80 s); the result (lib/quarkus) is kept in the cache
# (augmented/) and copied into every new home, so later starts skip it.

KEYCLOAK_VERSION=26.7.3
KEYCLOAK_INFRA_DIR="$IMAGEREPO_ROOT/infra/keycloak"
KEYCLOAK_REALM=imagerepo
KEYCLOAK_ADMIN_USER='admin'
KEYCLOAK_ADMIN_PASSWORD=admin-demo # demo credentials
# Seconds to wait for readiness: the first start (augmentation) on a loaded
# 2-core machine takes minutes.
# shellcheck disable=SC2034 # read by servers.sh
KEYCLOAK_TIMEOUT=${IMAGEREPO_KEYCLOAK_TIMEOUT:-360}

keycloak_cache() { printf '%s/keycloak-%s' "$(imagerepo_cache_dir)" "$KEYCLOAK_VERSION"; }
keycloak_dist() { printf '%s/dist' "$(keycloak_cache)"; }
keycloak_augmented() { printf '%s/augmented' "$(keycloak_cache)"; }
keycloak_home() { printf '%s/home' "$1"; } # DIR

# Fetch the zip (177 MB) and unzip it into dist/ once (renamed into place
# under a lock, like maven_fetch_into_cache: nobody sees half a folder). The
# zip is deleted once unzipped (Maven's local repository keeps a copy);
# dist/.complete holds the pom's hash, so editing the pom refetches.
keycloak_ensure_installed() { # LOGFILE
  local zips zip dist want lock tmp start
  zips="$(keycloak_cache)/zip"
  zip="$zips/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  dist=$(keycloak_dist)
  want=$(sha256sum "$KEYCLOAK_INFRA_DIR/pom.xml" | cut -d' ' -f1)
  maven_fetch_current "$dist" "$want" && return 0
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  mkdir -p "$(keycloak_cache)" # a fresh cache: the lock file's folder comes first
  exec {lock}>"$dist.lock"
  flock "$lock"
  if ! maven_fetch_current "$dist" "$want"; then
    [[ -f "$zip" ]] || rm -f "$zips/.complete" # fetched and unzipped before: fetch again
    maven_fetch_into_cache "$KEYCLOAK_INFRA_DIR/pom.xml" "$zips" "$1" "Keycloak $KEYCLOAK_VERSION"
    info "unzipping Keycloak $KEYCLOAK_VERSION into $dist ..."
    start=$(now_ms)
    tmp=$(mktemp -d "$dist.tmp.XXXXXX")
    if ! unzip -q "$zip" -d "$tmp" >>"$1" 2>&1; then
      rm -rf "$tmp"
      exec {lock}>&-
      die "unzipping Keycloak failed; see $1"
    fi
    # The zip holds one folder, keycloak-<version>: its content is the dist.
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$tmp/dist"
    printf '%s\n' "$want" >"$tmp/dist/.complete"
    rm -rf "$dist.old" "$(keycloak_augmented)" # an augmentation of an older dist is void
    if [[ -d "$dist" ]]; then mv "$dist" "$dist.old"; fi
    mv "$tmp/dist" "$dist"
    rm -rf "$dist.old" "$tmp" "$zip"
    info "Keycloak $KEYCLOAK_VERSION unzipped ($(elapsed_since "$start"))"
  fi
  exec {lock}>&-
}

keycloak_pidfile() { printf '%s/keycloak.pid' "$1"; } # DIR
# Marker on the command lines of kc.sh and of its JVM (kc.sh hands -D options on).
keycloak_marker() { printf -- '-Dimagerepo.instance=%s' "$(keycloak_pidfile "$1")"; } # DIR
keycloak_pid() { proc_pid "$(keycloak_pidfile "$1")" "$(keycloak_marker "$1")"; } # DIR
keycloak_running() { keycloak_pid "$1" >/dev/null; } # DIR

# (Re)build DIR/home from the cache: fresh copies of the small writable parts
# on every start (so a new dist or a new augmentation is picked up), the jars
# linked. kc.sh must be a copy: it finds its home through its own real path.
keycloak_prepare_home() { # DIR
  local dist home lock aug
  dist=$(keycloak_dist)
  home=$(keycloak_home "$1")
  aug=$(keycloak_augmented)
  rm -rf "${home:?}/bin" "$home/conf" "$home/providers" "$home/themes" "${home:?}/lib" "$home/data/import"
  mkdir -p "$home/bin" "$home/lib" "$home/data/import"
  cp "$dist/bin/kc.sh" "$home/bin/"
  cp -R "$dist/conf" "$dist/providers" "$dist/themes" "$home/"
  cp -R "$dist/lib/app" "$dist/lib/quarkus-run.jar" "$home/lib/"
  ln -s "$dist/lib/lib" "$home/lib/lib"
  exec {lock}>"$aug.lock"
  flock "$lock"
  if [[ -f "$aug/.complete" ]]; then
    cp -R "$aug" "$home/lib/quarkus"
    rm -f "$home/lib/quarkus/.complete"
  else
    cp -R "$dist/lib/quarkus" "$home/lib/quarkus"
  fi
  exec {lock}>&-
}

# After a successful start: if this home's build (lib/quarkus) differs from the
# cache's (first start, or options changed), it becomes the cache's.
keycloak_save_augmentation() { # DIR
  local q aug lock tmp
  q="$(keycloak_home "$1")/lib/quarkus"
  aug=$(keycloak_augmented)
  [[ -f "$aug/.complete" ]] && cmp -s "$q/quarkus-application.dat" "$aug/quarkus-application.dat" && return 0
  exec {lock}>"$aug.lock"
  flock "$lock"
  tmp=$(mktemp -d "$aug.tmp.XXXXXX")
  chmod 755 "$tmp"
  cp -R "$q/." "$tmp/"
  touch "$tmp/.complete"
  rm -rf "$aug"
  mv "$tmp" "$aug"
  exec {lock}>&-
}

# The realm file where --import-realm reads it, its placeholders rendered: the LDAP server of this set and
# the demo secrets. (docker-compose.yml leaves them to Keycloak, which resolves them from its environment.)
keycloak_write_realm() { # DIR LDAP_PORT
  sed -e "s|\${IMAGEREPO_LDAP_URL}|ldap://127.0.0.1:$2|g" \
    -e "s|\${IMAGEREPO_LDAP_BIND_PASSWORD}|admin-demo|g" \
    -e "s|\${IMAGEREPO_GATEWAY_CLIENT_SECRET}|gateway-demo-secret|g" \
    -e "s|\${IMAGEREPO_RAIN_CLIENT_SECRET}|rain-demo-secret|g" \
    -e "s|\${IMAGEREPO_TRIGGERS_CLIENT_SECRET}|triggers-demo-secret|g" \
    "$KEYCLOAK_INFRA_DIR/imagerepo-realm.json" >"$(keycloak_home "$1")/data/import/$KEYCLOAK_REALM-realm.json"
  if grep -q '\${IMAGEREPO_' "$(keycloak_home "$1")/data/import/$KEYCLOAK_REALM-realm.json"; then
    die "infra/keycloak/imagerepo-realm.json has a placeholder keycloak_write_realm does not render"
  fi
}

# Prepare the home and launch kc.sh detached (returns at once:
# keycloak_wait_ready waits). Heap IMAGEREPO_KEYCLOAK_HEAP (-Xms64m -Xmx512m);
# IMAGEREPO_KEYCLOAK_JAVA_OPTS (default -XX:TieredStopAtLevel=1: C1 only starts
# it about twice as fast on 2 cores, and a test Keycloak needs no peak speed).
# --hostname pins the issuer (http://127.0.0.1:PORT/realms/imagerepo) whatever
# host name a client uses.
keycloak_start() { # DIR PORT LOG LDAP_PORT
  local dir=$1 port=$2 log=$3
  dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
  mkdir -p "$(dirname "$log")"
  keycloak_prepare_home "$dir"
  keycloak_write_realm "$dir" "$4"
  # JAVA_OPTS from the caller's shell would replace kc.sh's options wholesale (the heap too).
  proc_start "$(keycloak_pidfile "$dir")" "$log" env -u JAVA_OPTS \
    KC_BOOTSTRAP_ADMIN_USERNAME="$KEYCLOAK_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    JAVA_OPTS_KC_HEAP="${IMAGEREPO_KEYCLOAK_HEAP:--Xms64m -Xmx512m}" \
    JAVA_OPTS_APPEND="${IMAGEREPO_KEYCLOAK_JAVA_OPTS--XX:TieredStopAtLevel=1}" \
    "$(keycloak_home "$dir")/bin/kc.sh" start-dev "$(keycloak_marker "$dir")" \
    --http-host=127.0.0.1 --http-port="$port" --http-management-port=$(( port + 1 )) \
    --hostname="http://127.0.0.1:$port" --health-enabled=true --db=dev-mem --import-realm
}

# Ready: the management interface says so and the realm is there (imported).
keycloak_ready() { # PORT
  [[ "$(http_status $(( $1 + 1 )) /health/ready)" == 200 &&
     "$(http_status "$1" "/realms/$KEYCLOAK_REALM/.well-known/openid-configuration")" == 200 ]]
}

keycloak_wait_ready() { # DIR PORT LOG TIMEOUT_S NAME
  proc_wait_until "$5" "$(keycloak_pidfile "$1")" "$(keycloak_marker "$1")" "$3" "$4" \
    keycloak_ready "$2"
  keycloak_save_augmentation "$1"
}

# The JVM that kc.sh (pid PID) runs as its child, if any: kc.sh waits for it,
# except after a re-augmentation, when it execs the JVM in its own place.
keycloak_jvm_child() { # PID MARKER
  local kids c
  if [[ -r "/proc/$1/task/$1/children" ]]; then
    kids=$(cat "/proc/$1/task/$1/children")
  else
    # /proc/N/stat is "pid (comm) state ppid ...", and comm may hold spaces.
    kids=$(awk -v p="$1" '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " ")
                            if (f[2] == p) { split(FILENAME, n, "/"); print n[3] } }' /proc/[0-9]*/stat 2>/dev/null)
  fi
  for c in $kids; do
    tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | grep -qF -- "$2" && { printf '%s' "$c"; return 0; }
  done
  return 1
}

# TERM to kc.sh, which hands it on to the JVM and waits for it. Should kc.sh
# have to be killed, its JVM would be left running: stop it too, by its pid.
keycloak_stop() { # DIR NAME [TIMEOUT_S]
  local dir=$1 pid jvm=
  if pid=$(keycloak_pid "$dir"); then
    jvm=$(keycloak_jvm_child "$pid" "$(keycloak_marker "$dir")") || jvm=
  fi
  proc_stop "$(keycloak_pidfile "$dir")" "$(keycloak_marker "$dir")" "$2" "${3:-30}"
  if [[ -n "$jvm" ]] && pid_running "$jvm"; then
    printf '%s\n' "$jvm" >"$dir/keycloak-jvm.pid"
    proc_stop "$dir/keycloak-jvm.pid" "$(keycloak_marker "$dir")" "$2 (JVM)" 10
  fi
}
