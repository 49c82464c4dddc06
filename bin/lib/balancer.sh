# shellcheck shell=bash
# The stack's load balancer when it runs several instances of each service
# (bin/stack up --replicas N, docs/adr/0015): nginx from Debian, in the role a
# Kubernetes Service (or the production Ingress) has. Each service's port is a
# listener that spreads requests round-robin over the instances' ports and
# passes a request that could not reach one instance (refused, timed out
# connecting) to the next; bodies stream both ways, never buffered. Needs
# common.sh.
#
# balancer_start DIR LISTENERS: LISTENERS is a list of words
#   PORT=INSTANCE_PORT,INSTANCE_PORT,...
# one per service; DIR holds nginx.conf, its pid file, log and temp folders.

balancer_ensure_installed() {
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt_install nginx
}

balancer_nginx() {
  if command -v nginx >/dev/null 2>&1; then command -v nginx; else printf '/usr/sbin/nginx'; fi
}

balancer_pid() { # DIR
  local pid
  [[ -f "$1/nginx.pid" ]] || return 1
  pid=$(head -n 1 "$1/nginx.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == nginx ]] || return 1
  printf '%s' "$pid"
}

balancer_config() { # DIR LISTENER...
  local dir=$1 listener port instances p n=0
  shift
  # As root, nginx's workers would run as nobody, and could not use the temp folders made here.
  (( EUID == 0 )) && printf 'user root;\n'
  cat <<EOF
# Written by bin/stack (bin/lib/balancer.sh) at each up: edits are lost.
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;

events {
    worker_connections 1024;
}

http {
    # The path without its query: transfer links carry a bearer capability there (ADR 16), never logged.
    log_format imagerepo '\$remote_addr [\$time_local] "\$request_method \$uri \$server_protocol" \$status '
                         '\$body_bytes_sent \$request_time upstream=\$upstream_addr';
    access_log $dir/access.log imagerepo buffer=64k flush=1s;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;

    # Image bodies stream through: nothing is held whole, in memory or on disk.
    client_max_body_size 0;
    proxy_request_buffering off;
    proxy_buffering off;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    proxy_connect_timeout 2s;
    proxy_send_timeout 1h;
    proxy_read_timeout 1h;
    # A request goes to the next instance only if this one could not be reached: one that was sent (a POST
    # that may have been applied, a body that was streamed) is answered by the instance it reached.
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 0;
EOF
  for listener in "$@"; do
    port=${listener%%=*}
    instances=${listener#*=}
    n=$(( n + 1 ))
    printf '\n    upstream service_%s {\n' "$port"
    for p in ${instances//,/ }; do
      # An instance that refused a connection is left out for a second, then tried again.
      printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=1s;\n' "$p"
    done
    printf '        keepalive 16;\n    }\n'
    printf '    server {\n        listen 127.0.0.1:%s;\n        location / {\n            proxy_pass http://service_%s;\n        }\n    }\n' \
      "$port" "$port"
  done
  printf '}\n'
}

balancer_start() { # DIR LISTENER...
  local dir=$1 nginx
  shift
  balancer_ensure_installed
  nginx=$(balancer_nginx)
  mkdir -p "$dir"
  balancer_config "$dir" "$@" >"$dir/nginx.conf"
  "$nginx" -t -q -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" 2>>"$dir/error.log" ||
    die "nginx refused its configuration $dir/nginx.conf; see $dir/error.log"
  "$nginx" -c "$dir/nginx.conf" -p "$dir" -e "$dir/error.log" 2>>"$dir/error.log" ||
    die "nginx (the stack's balancer) did not start; see $dir/error.log"
  local i
  for (( i = 0; i < 50; i++ )); do
    balancer_pid "$dir" >/dev/null && return 0
    sleep 0.1
  done
  die "nginx (the stack's balancer) did not write its pid file; see $dir/error.log"
}

balancer_stop() { # DIR
  local pid i
  pid=$(balancer_pid "$1") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for (( i = 0; i < 100; i++ )); do
    pid_running "$pid" || break
    sleep 0.1
  done
  pid_running "$pid" && kill -KILL "$pid" 2>/dev/null
  rm -f "$1/nginx.pid"
  info "stopped the balancer (nginx, pid $pid)"
}
