# shellcheck shell=bash
# S3Proxy, a real S3 API server, with its filesystem provider, loopback only
# (shared/INFRA.md). Needs common.sh and proc.sh.
#
# A server lives in one folder DIR: DIR/s3proxy.properties, DIR/buckets (one
# folder per bucket, one file per object) and DIR/s3proxy.pid. Clients use
# path-style access, region us-east-1 (any region is accepted), and
# AWS signature v2 or v4 with the keys given to s3proxy_start.

S3PROXY_VERSION=4.1.0
S3PROXY_INFRA_DIR="$IMAGEREPO_ROOT/infra/s3proxy"

s3proxy_libs() { printf '%s/s3proxy-%s/libs' "$(imagerepo_cache_dir)" "$S3PROXY_VERSION"; }

# Fetch the jar-with-dependencies (55 MB) once into the cache.
s3proxy_ensure_installed() { # LOGFILE
  maven_fetch_into_cache "$S3PROXY_INFRA_DIR/pom.xml" "$(s3proxy_libs)" "$1" "S3Proxy $S3PROXY_VERSION"
}

s3proxy_pidfile() { printf '%s/s3proxy.pid' "$1"; } # DIR
s3proxy_marker() { printf -- '-Dimagerepo.instance=%s' "$(s3proxy_pidfile "$1")"; } # DIR
s3proxy_pid() { proc_pid "$(s3proxy_pidfile "$1")" "$(s3proxy_marker "$1")"; } # DIR
s3proxy_running() { s3proxy_pid "$1" >/dev/null; } # DIR

# Write the configuration and launch the server detached (returns at once:
# s3proxy_wait_ready waits). Heap: IMAGEREPO_S3PROXY_HEAP (default -Xmx512m);
# objects stream to files, so the heap does not grow with them.
s3proxy_start() { # DIR PORT LOG ACCESS_KEY SECRET_KEY
  local dir=$1 port=$2 log=$3 jar
  dir=$(mkdir -p "$dir/buckets" && cd "$dir" && pwd)
  mkdir -p "$(dirname "$log")"
  jar=$(s3proxy_libs)/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar
  [[ -f "$jar" ]] || die "$jar is missing: run s3proxy_ensure_installed first"
  # The keys are demo credentials of a loopback-only server; still, keep the
  # file private.
  (umask 077 && cat >"$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$4
s3proxy.credential=$5
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/buckets
EOF
  )
  # shellcheck disable=SC2086 # IMAGEREPO_S3PROXY_HEAP holds several JVM options
  proc_start "$(s3proxy_pidfile "$dir")" "$log" java ${IMAGEREPO_S3PROXY_HEAP:--Xmx512m} \
    -Djava.awt.headless=true "$(s3proxy_marker "$dir")" \
    -jar "$jar" --properties "$dir/s3proxy.properties"
}

# Ready when the endpoint answers HTTP at all (anonymous GET / is refused: 403).
s3proxy_ready() { # PORT
  [[ "$(http_status "$1" /)" != 000 ]]
}

s3proxy_wait_ready() { # DIR PORT LOG TIMEOUT_S NAME
  proc_wait_until "$5" "$(s3proxy_pidfile "$1")" "$(s3proxy_marker "$1")" "$3" "$4" \
    s3proxy_ready "$2"
}

s3proxy_stop() { # DIR NAME [TIMEOUT_S]
  proc_stop "$(s3proxy_pidfile "$1")" "$(s3proxy_marker "$1")" "$2" "${3:-20}"
}
