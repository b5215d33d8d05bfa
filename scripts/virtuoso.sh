#!/usr/bin/env bash
# Virtuoso Open Source (Debian's virtuoso-opensource) as a throw-away SPARQL 1.1 server on loopback.
#
#   scripts/virtuoso.sh install                      apt-get install it when virtuoso-t is missing
#   scripts/virtuoso.sh start DIR [SQLPORT HTTPPORT] database, log and ini in DIR; prints the /sparql URL
#   scripts/virtuoso.sh stop DIR                     stop the server started in DIR
#
# The ini is Debian's /etc/virtuoso-opensource-7/virtuoso.ini with every file moved into DIR, both
# ServerPorts bound to 127.0.0.1, a larger result limit (kg reads whole graphs back), and SPARQL
# update rights for the anonymous SPARQL user granted through isql once the server answers (the
# server is loopback-only and throw-away; against a shared server use the -auth endpoints instead).
# The tests (tests/graph/test_remote.py) start and stop their own server with this script.
set -euo pipefail

cmd=${1:-}
INI_SRC=/etc/virtuoso-opensource-7/virtuoso.ini

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
install)
    if command -v virtuoso-t >/dev/null 2>&1; then
        echo "virtuoso already installed: $(command -v virtuoso-t)"
        exit 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: virtuoso-t is missing and installing it needs root." >&2
        echo "       run as root:  apt-get update && apt-get install -y virtuoso-opensource" >&2
        exit 1
    fi
    # the package asks for a dba password through debconf; a database made by `start` has its own
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y virtuoso-opensource
    command -v virtuoso-t >/dev/null || { echo "error: apt-get finished but virtuoso-t is missing" >&2; exit 1; }
    echo "installed: $(command -v virtuoso-t)"
    ;;
start)
    dir=${2:?usage: virtuoso.sh start DIR [SQLPORT HTTPPORT]}
    sql_port=${3:-$(free_port)}
    http_port=${4:-$(free_port)}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    awk -v d="$dir" -v sql="127.0.0.1:$sql_port" -v http="127.0.0.1:$http_port" '
        /^\[/ { section = $0 }
        section == "[Database]" && /^(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)[ \t]*=/ {
            split($0, kv, "="); key = kv[1]; gsub(/[ \t]/, "", key)
            ext["DatabaseFile"] = "db"; ext["ErrorLogFile"] = "log"; ext["LockFile"] = "lck"
            ext["TransactionFile"] = "trx"; ext["xa_persistent_file"] = "pxa"
            print key " = " d "/virtuoso." ext[key]; next }
        section == "[TempDatabase]" && /^(DatabaseFile|ErrorLogFile|LockFile|TransactionFile|xa_persistent_file)[ \t]*=/ {
            split($0, kv, "="); key = kv[1]; gsub(/[ \t]/, "", key)
            ext["DatabaseFile"] = "db"; ext["ErrorLogFile"] = "log"; ext["LockFile"] = "lck"
            ext["TransactionFile"] = "trx"; ext["xa_persistent_file"] = "pxa"
            print key " = " d "/virtuoso-temp." ext[key]; next }
        section == "[Parameters]" && /^ServerPort[ \t]*=/ { print "ServerPort = " sql; next }
        section == "[HTTPServer]" && /^ServerPort[ \t]*=/ { print "ServerPort = " http; next }
        section == "[SPARQL]" && /^ResultSetMaxRows[ \t]*=/ { print "ResultSetMaxRows = 1000000"; next }
        { print }
    ' "$INI_SRC" > "$dir/virtuoso.ini"
    (cd "$dir" && exec virtuoso-t -c "$dir/virtuoso.ini" +foreground >"$dir/stdout.log" 2>&1) &
    echo $! > "$dir/virtuoso.pid"
    url="http://127.0.0.1:$http_port/sparql"
    ready=0
    for _ in $(seq 1 240); do
        if ! kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
            echo "virtuoso.sh: virtuoso-t exited; see $dir/virtuoso.log" >&2
            exit 1
        fi
        if python3 - "$url" <<'EOF' 2>/dev/null; then ready=1; break; fi
import sys, urllib.parse, urllib.request
q = urllib.parse.urlencode({"query": "ASK {}"})
with urllib.request.urlopen(f"{sys.argv[1]}?{q}", timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
        sleep 0.5
    done
    if [ "$ready" != 1 ]; then
        echo "virtuoso.sh: no answer from $url after 120 s; see $dir/virtuoso.log" >&2
        exit 1
    fi
    # Graph Store writes on /sparql-graph-crud and updates on /sparql run as the SPARQL user
    isql-vt "127.0.0.1:$sql_port" dba dba exec="GRANT SPARQL_UPDATE TO \"SPARQL\"; \
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);" >"$dir/isql.log" 2>&1 || {
        echo "virtuoso.sh: granting SPARQL update rights failed; see $dir/isql.log" >&2
        exit 1
    }
    echo "$http_port" > "$dir/http.port"
    echo "$sql_port" > "$dir/sql.port"
    echo "$url"
    ;;
stop)
    dir=${2:?usage: virtuoso.sh stop DIR}
    if [ -f "$dir/virtuoso.pid" ]; then
        pid=$(cat "$dir/virtuoso.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/virtuoso.pid"
    fi
    ;;
*)
    echo "usage: $0 install | start DIR [SQLPORT HTTPPORT] | stop DIR" >&2
    exit 2
    ;;
esac
