# shellcheck shell=bash disable=SC2034
# (SC2034: the variables are for the scripts that source this.)
# Shared by scripts/ttrss-*: where the test TT-RSS lives and how to reach it.
# Sourced, not run. Every setting can be overridden from the environment.

# runuser, setpriv and friends live in sbin, which a CI environment may not have on PATH.
PATH="$PATH:/usr/sbin:/sbin"
TTRSS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TTRSS_SCRIPTS="$TTRSS_REPO/scripts"

TTRSS_PORT=${TTRSS_PORT:-28480}             # TT-RSS web/API (php -S)
TTRSS_PROXY_PORT=${TTRSS_PROXY_PORT:-28481} # the feed proxy TT-RSS fetches through
TTRSS_PG_PORT=${TTRSS_PG_PORT:-28432}       # the private PostgreSQL cluster
TTRSS_USER=${TTRSS_USER:-tidings}
TTRSS_PASSWORD=${TTRSS_PASSWORD:-tidings}
TTRSS_WORKERS=${TTRSS_WORKERS:-4}           # PHP_CLI_SERVER_WORKERS for the API server

TTRSS_PKG_WWW=/usr/share/tt-rss/www
TTRSS_PG_BIN=/usr/lib/postgresql/15/bin
# The documentation address feeds are subscribed on; only the proxy answers it.
TTRSS_FEED_HOST=192.0.2.1

ttrss_die() {
    echo "ttrss: error: $*" >&2
    exit 1
}

ttrss_log() {
    echo "ttrss: $*" >&2
}

# Can both service users (postgres, www-data) reach into directory $1?
ttrss_reachable() {
    local user
    for user in postgres www-data; do
        id -u "$user" >/dev/null 2>&1 || continue
        runuser -u "$user" -- test -x "$1" 2>/dev/null || return 1
    done
}

# The state directory: $TTRSS_STATE, else target/ttrss in the repo, else (when the
# repo sits where the service users cannot reach, e.g. under /root) a fixed /tmp path
# derived from the repo's location, so ttrss-up and ttrss-down agree on it.
ttrss_state_dir() {
    if [ -n "${TTRSS_STATE:-}" ]; then
        echo "$TTRSS_STATE"
        return
    fi
    mkdir -p "$TTRSS_REPO/target" 2>/dev/null || true
    if [ -d "$TTRSS_REPO/target" ] && ttrss_reachable "$TTRSS_REPO/target"; then
        echo "$TTRSS_REPO/target/ttrss"
    else
        echo "/tmp/tidings-ttrss-$(printf '%s' "$TTRSS_REPO" | cksum | cut -d' ' -f1)"
    fi
}

TTRSS_STATE=$(ttrss_state_dir)
case "$TTRSS_STATE" in /*) ;; *) TTRSS_STATE=$PWD/$TTRSS_STATE ;; esac
TTRSS_URL="http://127.0.0.1:$TTRSS_PORT/"

# Is the process whose pid is in file $1 alive?
ttrss_pid_alive() {
    local pid
    [ -s "$1" ] || return 1
    pid=$(cat "$1")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

ttrss_pg_running() {
    [ -f "$TTRSS_STATE/pg/PG_VERSION" ] &&
        runuser -u postgres -- "$TTRSS_PG_BIN/pg_ctl" -D "$TTRSS_STATE/pg" status >/dev/null 2>&1
}

# psql as the superuser on the private cluster; extra arguments pass through.
ttrss_psql() {
    PGCONNECT_TIMEOUT=5 "$TTRSS_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(ttrss_running_pg_port)" \
        -U postgres "$@"
}

# The port the running cluster listens on (recorded at start), else the configured one.
ttrss_running_pg_port() {
    if [ -s "$TTRSS_STATE/pg-port" ]; then
        cat "$TTRSS_STATE/pg-port"
    else
        echo "$TTRSS_PG_PORT"
    fi
}

# POST a JSON body to the API at $1; prints the reply.
ttrss_api() {
    curl -sS --max-time 10 -H 'Content-Type: application/json' -A tidings-ttrss-scripts \
        -d "$2" "${1}api/"
}

# Stops the server whose pid is in file $1. The servers run in sessions of their own
# (setsid), so the pid is also their process group: the PHP workers go with it.
ttrss_stop_pidfile() {
    local file=$1 pid
    if ttrss_pid_alive "$file"; then
        pid=$(cat "$file")
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
        ttrss_log "stopped $(basename "$file" .pid) server ($pid)"
    fi
    rm -f "$file"
}
