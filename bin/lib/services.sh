# shellcheck shell=bash
# The imagerepo Quarkus services: build when needed, start, health. Needs
# common.sh and proc.sh.

IMAGEREPO_SERVICES=(catalog-service blob-service accounting-service trigger-service auth-gateway)

service_jar() { printf '%s/services/%s/target/quarkus-app/quarkus-run.jar' "$IMAGEREPO_ROOT" "$1"; }

# Is SERVICE's jar missing, or older than anything it is built from (its own
# sources, the shared libs, the poms)?
service_jar_stale() { # SERVICE
  local jar
  jar=$(service_jar "$1")
  [[ -f "$jar" ]] || return 0
  local -a inputs=("$IMAGEREPO_ROOT/pom.xml" "$IMAGEREPO_ROOT/services/$1/pom.xml" "$IMAGEREPO_ROOT/services/$1/src")
  local d
  for d in "$IMAGEREPO_ROOT"/libs/*/ "$IMAGEREPO_ROOT"/client/; do # trigger-service uses the client library
    inputs+=("${d}pom.xml" "${d}src")
  done
  local -a existing=()
  for d in "${inputs[@]}"; do [[ -e "$d" ]] && existing+=("$d"); done
  [[ -n "$(find "${existing[@]}" -type f -newer "$jar" -print -quit 2>/dev/null)" ]]
}

# Build the whole reactor (quietly, into LOGFILE) if any service jar is missing
# or stale. IMAGEREPO_SKIP_BUILD=1 never builds (e.g. when called from inside a
# running Maven build, which has just packaged the jars).
services_build_if_needed() { # LOGFILE
  local log=$1 s need=() start
  for s in "${IMAGEREPO_SERVICES[@]}"; do
    service_jar_stale "$s" && need+=("$s")
  done
  (( ${#need[@]} == 0 )) && return 0
  if [[ "${IMAGEREPO_SKIP_BUILD:-0}" == 1 ]]; then
    for s in "${need[@]}"; do
      [[ -f "$(service_jar "$s")" ]] || die "$(service_jar "$s") is missing and IMAGEREPO_SKIP_BUILD=1"
    done
    warn "jars older than their sources (${need[*]}), not rebuilt: IMAGEREPO_SKIP_BUILD=1"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to build the services"
  info "building the services (${need[*]} missing or out of date); log: $log ..."
  start=$(now_ms)
  mkdir -p "$(dirname "$log")"
  if ! mvn -B -q -f "$IMAGEREPO_ROOT/pom.xml" package -DskipTests >"$log" 2>&1; then
    die "build failed; see $log"
  fi
  for s in "${IMAGEREPO_SERVICES[@]}"; do
    [[ -f "$(service_jar "$s")" ]] || die "build succeeded but $(service_jar "$s") is missing; see $log"
  done
  info "services built ($(elapsed_since "$start"))"
}

service_marker() { printf -- '-Dimagerepo.instance=%s' "$1"; } # PIDFILE

# Start SERVICE detached with the given environment (NAME=VALUE words), in
# WORKDIR: Quarkus reads ./config/application.properties and ./.env from its
# working directory, so a folder of its own keeps stray files from leaking in.
service_launch() { # SERVICE WORKDIR LOG PIDFILE [NAME=VALUE...]
  local svc=$1 workdir=$2 log=$3 pidfile=$4
  shift 4
  mkdir -p "$workdir"
  local -a opts=()
  # shellcheck disable=SC2206 # a list of JVM options, split on purpose
  [[ -n "${IMAGEREPO_SERVICE_JAVA_OPTS:-}" ]] && opts=($IMAGEREPO_SERVICE_JAVA_OPTS)
  local -a jvm
  mapfile -t jvm < <(service_jvm_options "$svc")
  (
    cd "$workdir" || exit 1
    proc_start "$pidfile" "$log" env "$@" java "${jvm[@]}" \
      "$(service_marker "$pidfile")" "${opts[@]}" -jar "$(service_jar "$svc")"
  )
}

# The JVM each service is sized for (issue 17; docs/operations.md): the serial collector (one or two cores, heaps
# of a few hundred MB: the least memory and CPU beside the work) starting at 32 MB and giving back what it no
# longer needs, a heap cap by what the service holds, the full JIT only where bytes or queries run hot
# (accounting and trigger-service compile with C1 alone: quicker to start, less memory), and the class-data
# archive the build made (quarkus.package.jar.appcds), which cuts start-up. IMAGEREPO_SERVICE_HEAP caps every
# heap instead; IMAGEREPO_SERVICE_JAVA_OPTS adds options after these.
service_jvm_options() { # SERVICE -> one option per line
  local svc=$1 heap start=32m young=() jit=()
  case "$svc" in
    auth-gateway) heap=128m ;;
    # A young generation of its own for the upload's 64 KiB body pieces: with the 32 MB start they filled it
    # many times a second, and collecting cost blob-service 1.3 of its 4.9 CPU-seconds per GiB
    # (perf/cpu-per-gib direct: 4.91 -> 3.59).
    blob-service) heap=192m; start=64m; young=(-Xmn48m) ;;
    catalog-service) heap=192m ;;
    accounting-service) heap=160m; jit=(-XX:TieredStopAtLevel=1) ;;
    trigger-service) heap=128m; jit=(-XX:TieredStopAtLevel=1) ;;
    *) heap=256m ;;
  esac
  # A cap of the caller's own (IMAGEREPO_SERVICE_HEAP), which may be smaller than these, caps every heap alike.
  [[ -n "${IMAGEREPO_SERVICE_HEAP:-}" ]] && { start=16m; young=(); heap=$IMAGEREPO_SERVICE_HEAP; }
  printf '%s\n' -XX:+UseSerialGC "-Xms$start" "-Xmx$heap" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
    "${young[@]}" "${jit[@]}"
  local cds
  cds="$(dirname "$(service_jar "$svc")")/app-cds.jsa"
  [[ -f "$cds" ]] && printf '%s\n' "-XX:SharedArchiveFile=$cds" -Xshare:auto
  return 0
}

# Wait (bounded by DEADLINE, epoch seconds) for GET /q/health/ready == 200.
# On failure: name the log and show its end.
service_wait_ready() { # NAME PORT LOG PIDFILE DEADLINE
  local name=$1 port=$2 log=$3 pidfile=$4 deadline=$5 code
  while :; do
    code=$(http_status "$port" /q/health/ready)
    [[ "$code" == 200 ]] && return 0
    if ! proc_alive "$pidfile" "$(service_marker "$pidfile")"; then
      show_log_tail "$log" 40
      die "$name exited during start-up; see $log"
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$log" 40
      die "$name did not become ready on port $port (last /q/health/ready status: $code); see $log"
    fi
    sleep 0.5
  done
}
