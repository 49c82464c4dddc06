# shellcheck shell=bash
# A MongoDB wire-protocol server (mongo-java-server with its H2 file backend,
# started by infra/mongo/MongoWireServer.java), loopback only: MongoDB itself
# cannot be had here (shared/INFRA.md). Needs common.sh and proc.sh.
#
# A server lives in one folder DIR: DIR/mongo.mv.db (every database, in one H2
# MVStore file) and DIR/mongo.pid.

MONGO_WIRE_VERSION=1.47.0
MONGO_INFRA_DIR="$IMAGEREPO_ROOT/infra/mongo"

mongo_libs() { printf '%s/mongo-java-server-%s/libs' "$(imagerepo_cache_dir)" "$MONGO_WIRE_VERSION"; }

# Fetch mongo-java-server, its H2 backend and an slf4j binding once into the cache.
mongo_ensure_installed() { # LOGFILE
  maven_fetch_into_cache "$MONGO_INFRA_DIR/pom.xml" "$(mongo_libs)" "$1" "mongo-java-server $MONGO_WIRE_VERSION"
}

mongo_pidfile() { printf '%s/mongo.pid' "$1"; } # DIR
mongo_marker() { printf -- '-Dimagerepo.instance=%s' "$(mongo_pidfile "$1")"; } # DIR
mongo_pid() { proc_pid "$(mongo_pidfile "$1")" "$(mongo_marker "$1")"; } # DIR
mongo_running() { mongo_pid "$1" >/dev/null; } # DIR

# Launch the server detached (returns at once: mongo_wait_ready waits). Sets
# The caller records MONGO_LAUNCH_OFFSET (the log's size before the launch) for mongo_ready.
# Heap: IMAGEREPO_MONGO_HEAP (JVM options, default -Xmx768m); GridFS chunks go
# to the H2 file, so the heap does not grow with the images.
mongo_start() { # DIR PORT LOG
  local dir=$1 port=$2 log=$3
  dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
  mkdir -p "$(dirname "$log")"
  # shellcheck disable=SC2086 # IMAGEREPO_MONGO_HEAP holds several JVM options
  proc_start "$(mongo_pidfile "$dir")" "$log" java ${IMAGEREPO_MONGO_HEAP:--Xmx768m} \
    -XX:+UseSerialGC -Djava.awt.headless=true "$(mongo_marker "$dir")" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$(mongo_libs)/*" "$MONGO_INFRA_DIR/MongoWireServer.java" "$port" "$dir/mongo.mv.db"
}

mongo_ready() { # LOG OFFSET PORT
  log_has_since "$1" "$2" 'MongoWireServer ready on' && tcp_open "$3"
}

# Wait for the launcher's readiness line past the offset of the last launch.
mongo_wait_ready() { # DIR PORT LOG TIMEOUT_S NAME
  proc_wait_until "$5" "$(mongo_pidfile "$1")" "$(mongo_marker "$1")" "$3" "$4" \
    mongo_ready "$3" "${MONGO_LAUNCH_OFFSET:-0}" "$2"
}

# TERM runs the launcher's shutdown hook, which closes the H2 file cleanly.
mongo_stop() { # DIR NAME [TIMEOUT_S]
  proc_stop "$(mongo_pidfile "$1")" "$(mongo_marker "$1")" "$2" "${3:-20}"
}
