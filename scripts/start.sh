#!/usr/bin/env bash
# Sets up everything from nothing and starts the app (frontend on :3000, backend on :7007)
# with the embedded defaults: SQLite, the local cluster and a local PostgreSQL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_apt postgresql-client openssl
ensure_postgres_user
ensure_node
ensure_deps
ensure_port_free 3000 "the frontend"
ensure_port_free 7007 "the backend"

say "Starting Backstage: open http://localhost:3000 (Ctrl-C stops it)"
exec yarn start "$@"
