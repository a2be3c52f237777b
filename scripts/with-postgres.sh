#!/usr/bin/env bash
# Run a command against a private, throw-away PostgreSQL cluster on 127.0.0.1.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Installs Debian's postgresql with apt-get when missing, initdb's a cluster into a temporary folder
# (as the postgres user when run as root), starts it on a spare loopback port, creates a role that may
# create databases (the test runner creates test_itrs) and a database `itrs`, exports DATABASE_URL,
# runs COMMAND, then stops the cluster and removes the folder whatever happens.
set -euo pipefail

find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return 0
    return 1
}

PG_BIN="$(find_pg_bin || true)"
if [[ -z "$PG_BIN" ]]; then
    echo "PostgreSQL is not installed: installing Debian's postgresql with apt-get." >&2
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "apt-get needs root; install postgresql yourself (sudo apt-get install postgresql)." >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(find_pg_bin)"
fi

# As root, the server must run as an unprivileged user.
if [[ "$(id -u)" -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
    RUN_AS=postgres
else
    as_pg() { "$@"; }
    RUN_AS="$(id -un)"
fi

CLUSTER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/itrs-pg.XXXXXX")"
chmod 700 "$CLUSTER_DIR"
[[ "$(id -u)" -eq 0 ]] && chown postgres: "$CLUSTER_DIR"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"

cleanup() {
    local status=$?
    as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$CLUSTER_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PG_BIN/initdb" -D "$CLUSTER_DIR/data" -U "$RUN_AS" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$CLUSTER_DIR/initdb.log" 2>&1 \
    || { cat "$CLUSTER_DIR/initdb.log" >&2; exit 1; }
# Loopback only, the socket in the cluster folder; settings that trade durability for speed are fine
# for a throw-away cluster (never for a real one).
as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $CLUSTER_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$CLUSTER_DIR/server.log" >&2; exit 1; }

as_pg "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h "$CLUSTER_DIR" -p "$PORT" -U "$RUN_AS" -d postgres <<SQL
CREATE ROLE itrs LOGIN CREATEDB PASSWORD '$PASSWORD';
CREATE DATABASE itrs OWNER itrs;
SQL

export DATABASE_URL="postgres://itrs:$PASSWORD@127.0.0.1:$PORT/itrs"
export PG_BIN
echo "PostgreSQL $("$PG_BIN/postgres" --version | sed -E 's/.* ([0-9]+\.[0-9]+).*/\1/') on 127.0.0.1:$PORT (cluster in $CLUSTER_DIR)" >&2
"$@"
