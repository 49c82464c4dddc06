# shellcheck shell=bash
# A real single-node KRaft Apache Kafka run from jars fetched from Maven Central
# (no Docker, no tarball download: see shared/INFRA.md). Needs common.sh, proc.sh.

KAFKA_VERSION=4.4.0
KAFKA_INFRA_DIR="$IMAGEREPO_ROOT/infra/kafka"
# The topics the services exchange events on (used by bin/stack and bin/test):
# libs/events' Topics.ALL, no more and no less (tests/deploy LocalStackTest
# checks; the rain reservations one is a public contract: README).
# shellcheck disable=SC2034
IMAGEREPO_TOPICS=(imagerepo.images imagerepo.blobs imagerepo.access imagerepo.users imagerepo.notifications
  imagerepo.rain.reservations imagerepo.rain.staging imagerepo.image-requests)

kafka_home() { printf '%s/kafka-%s' "$(imagerepo_cache_dir)" "$KAFKA_VERSION"; }

# Fetch the broker and tool jars once into the cache (libs/).
kafka_ensure_jars() { # LOGFILE
  maven_fetch_into_cache "$KAFKA_INFRA_DIR/pom.xml" "$(kafka_home)/libs" "$1" "Apache Kafka $KAFKA_VERSION"
}

# Run a Kafka command-line tool (main CLASS) with quiet logging on stderr.
kafka_tool() { # CLASS ARGS...
  local cls=$1
  shift
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_INFRA_DIR/log4j2-tools.xml" \
    -cp "$(kafka_home)/libs/*" "$cls" "$@"
}

# Render DIR/server.properties (data in DIR/kraft-data) from the template.
kafka_write_config() { # DIR PORT CONTROLLER_PORT
  local dir=$1
  mkdir -p "$dir/kraft-data"
  sed -e "s|@PORT@|$2|g" -e "s|@CONTROLLER_PORT@|$3|g" -e "s|@DATA_DIR@|$dir/kraft-data|g" \
    "$KAFKA_INFRA_DIR/server.properties.template" >"$dir/server.properties"
}

# Marker on the broker's command line (see proc.sh).
kafka_marker() { printf -- '-Dimagerepo.instance=%s' "$1"; } # PIDFILE

# Format the storage on first use, then launch the broker in the background.
# Sets KAFKA_LAUNCH_OFFSET to the log's size before the launch: kafka_wait_ready
# looks for the readiness line only after it (the log is appended to across
# restarts). A global, not output: $(...) would start the broker in a subshell.
kafka_launch() { # DIR PORT CONTROLLER_PORT LOG PIDFILE
  local dir=$1 port=$2 cport=$3 log=$4 pidfile=$5 cid offset
  kafka_write_config "$dir" "$port" "$cport"
  mkdir -p "$(dirname "$log")"
  touch "$log"
  if [[ ! -f "$dir/kraft-data/meta.properties" ]]; then
    # Cluster id: 22 characters of URL-safe base64 of 16 random bytes.
    cid=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
    if ! kafka_tool kafka.tools.StorageTool format --standalone --ignore-formatted \
        -t "$cid" -c "$dir/server.properties" >>"$log" 2>&1; then
      show_log_tail "$log" 20
      die "formatting Kafka storage in $dir/kraft-data failed; see $log"
    fi
  fi
  offset=$(stat -c %s "$log")
  # shellcheck disable=SC2086 # IMAGEREPO_KAFKA_HEAP holds several JVM options
  proc_start "$pidfile" "$log" java ${IMAGEREPO_KAFKA_HEAP:--Xms256m -Xmx768m} \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "$(kafka_marker "$pidfile")" \
    -Dlog4j2.configurationFile="$KAFKA_INFRA_DIR/log4j2-broker.xml" \
    -cp "$(kafka_home)/libs/*" kafka.Kafka "$dir/server.properties"
  # shellcheck disable=SC2034 # read by the caller
  KAFKA_LAUNCH_OFFSET=$offset
}

# Wait (bounded) until the broker logs "Kafka Server started" past OFFSET.
kafka_wait_ready() { # PORT LOG OFFSET PIDFILE TIMEOUT_S NAME
  proc_wait_until "$6" "$4" "$(kafka_marker "$4")" "$2" "$5" \
    kafka_started "$1" "$2" "$3"
}

kafka_started() { # PORT LOG OFFSET
  log_has_since "$2" "$3" 'Kafka Server started' && tcp_open "$1"
}

# Create TOPICs (3 partitions, replication 1) if missing; in parallel, since
# each tool run is a JVM start of a couple of seconds.
kafka_create_topics() { # PORT TOPIC...
  local port=$1 t rc=0 out
  shift
  local -a pids=() outs=()
  for t in "$@"; do
    out=$(mktemp)
    outs+=("$out")
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" \
      --create --if-not-exists --topic "$t" --partitions 3 --replication-factor 1 >"$out" 2>&1 &
    pids+=("$!")
  done
  local i
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      rc=1
      info "creating topic ${*:$((i + 1)):1} failed:"
      sed 's/^/  /' "${outs[$i]}" >&2
    fi
    rm -f "${outs[$i]}"
  done
  return "$rc"
}

kafka_stop() { # PIDFILE NAME [TIMEOUT_S]
  # Shutdown of a single node takes a few seconds; allow 30 before KILL.
  proc_stop "$1" "$(kafka_marker "$1")" "$2" "${3:-30}"
}
