#!/usr/bin/env bash
# Sets up everything from nothing and starts the app (frontend on :3000, backend on :7007)
# with the embedded defaults: SQLite, the local cluster and a local PostgreSQL.
# Quiet by default: warnings and errors only (LOG_LEVEL=info for more).
# Ctrl-C or SIGTERM stops everything and leaves no process or temporary folder behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt postgresql-client openssl
ensure_postgres_user
ensure_node
ensure_deps
ensure_port_free 3000 "the frontend"
ensure_port_free 7007 "the backend"

export LOG_LEVEL="${LOG_LEVEL:-warn}"
say "Starting the backend and the frontend; wait for the line \"Ready\" (the frontend dev server announces itself earlier)"
CLI="$ROOT/node_modules/.bin/backstage-cli"

# The backend and the frontend dev server each run in a session of their own, so that a
# Ctrl-C in the terminal reaches this script only. `yarn start` would run both in one
# process whose frontend half exits at the first signal, cutting the backend's shutdown
# short (its SQLite snapshot times out, the local cluster and PostgreSQL folders stay).
(cd "$ROOT/packages/backend" && exec setsid "$CLI" package start "$@") &
backend=$!
(cd "$ROOT/packages/app" && BROWSER=none exec setsid "$CLI" package start "$@") &
frontend=$!

# Signals a process group and waits until its leader is gone (at most $3 seconds).
stop_group() {
  local leader="$1" signal="$2" seconds="$3"
  kill "-$signal" -- "-$leader" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$leader" 2>/dev/null || break
    sleep 0.1
  done
}

stopping=""
stop_all() {
  [ -n "$stopping" ] && return
  stopping=1
  trap '' INT TERM
  say "Stopping"
  # The backend first: it stops the local cluster's pods and PostgreSQL and removes their
  # folders. Only its command-line runner gets the signal; it hands it on and waits.
  if kill -TERM "$backend" 2>/dev/null; then
    for ((i = 0; i < 600; i++)); do
      kill -0 "$backend" 2>/dev/null || break
      sleep 0.1
    done
  fi
  stop_group "$backend" KILL 1
  stop_group "$frontend" TERM 20
  stop_group "$frontend" KILL 1
  wait 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Says so once both answer, with what the demo offers.
ready() {
  curl -fsS -o /dev/null http://127.0.0.1:7007/.backstage/health/v1/readiness 2>/dev/null &&
    curl -fsS -o /dev/null http://127.0.0.1:3000 2>/dev/null
}
until ready; do
  kill -0 "$backend" 2>/dev/null && kill -0 "$frontend" 2>/dev/null || die "the app stopped while starting" "read the output above"
  sleep 1
done
say "Ready after $SECONDS s. Open http://localhost:3000 and sign in as a guest; Ctrl-C stops it."
# The demo's Secrets, for the template's and the Edit dialog's database fields.
cat <<EOF
    Database Secrets: default/local-postgres-server (the template's default: a database of its own
    per project), default/local-postgres (an existing database), default/local-postgres-unreachable
    (nothing listens there: the failure path).
EOF
kubeconfig="$ROOT/.local/local-cluster/kubeconfig"
[ -f "$kubeconfig" ] && echo "    The local cluster: kubectl --kubeconfig ${kubeconfig#"$PWD"/} get pods"

# Whichever half ends first ends the other.
wait -n "$backend" "$frontend" || true
