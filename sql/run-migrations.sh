#!/bin/sh
# run-migrations.sh: applies the Supabase SQL set to the database that the
# libpq environment names (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
# PGSSLMODE), in file-name order, then the custom SQL in CUSTOM_SQL_DIR.
#
# Every file applied is recorded (file, checksum, time, result) in
# supabase_init.applied_files in that database; a file already applied with
# the same checksum is skipped, so a later run applies only new or changed
# files. For each file a machine-readable line is printed:
#   supabase-init: file=<name> result=<applied|skipped|failed> errors=<n> checksum=<sha256>
# and at the end:
#   supabase-init: summary applied=<n> skipped=<n> failed=<n> errors=<n>
#
# Settings (environment):
#   STRICT=true          stop at the first SQL error (ON_ERROR_STOP=1); by
#                        default errors are counted and the file goes on
#   DB_WAIT_SECONDS      how long to wait for the database (default 60)
#   CUSTOM_SQL_DIR       a folder of extra *.sql files to run after the set
#   REAPPLY              file names to apply even if already recorded
#   POSTGRES_USER, POSTGRES_PASSWORD, JWT_SECRET, JWT_EXP: psql variables
#   AUTHENTICATOR_PASSWORD, AUTH_ADMIN_PASSWORD, STORAGE_ADMIN_PASSWORD,
#   FUNCTIONS_ADMIN_PASSWORD, SUPABASE_ADMIN_PASSWORD, PGBOUNCER_PASSWORD:
#                        each role's own password (default POSTGRES_PASSWORD)
#   ROLES_VERSION, ROLES_CLAIMANT, ROLES_PREVIOUS_VERSION: the claim on
#                        the server-wide roles (see 01-roles.sql)
#
# Passwords reach psql only through the environment, never a URL or the
# command line, and are masked in everything this script prints.
# Exits non-zero when the database cannot be reached or any file failed.

set -u

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
STRICT=${STRICT:-false}
WAIT_SECONDS=${DB_WAIT_SECONDS:-60}
CUSTOM_SQL_DIR=${CUSTOM_SQL_DIR:-}
REAPPLY=${REAPPLY:-}
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"
export PGAPPNAME=supabase-db-init

WORK=$(mktemp -d "${TMPDIR:-/tmp}/supabase-init.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT INT TERM

# Masks every secret value in what passes through. awk's index() matches
# plain text, and ENVIRON gives the values as they are, with no escapes.
mask() {
  awk '
    BEGIN {
      n = split("PGPASSWORD POSTGRES_PASSWORD JWT_SECRET AUTHENTICATOR_PASSWORD AUTH_ADMIN_PASSWORD STORAGE_ADMIN_PASSWORD FUNCTIONS_ADMIN_PASSWORD SUPABASE_ADMIN_PASSWORD PGBOUNCER_PASSWORD", names, " ")
      for (i = 1; i <= n; i++) secret[i] = ENVIRON[names[i]]
    }
    {
      line = $0
      for (i = 1; i <= n; i++) {
        s = secret[i]
        if (length(s) < 4) continue
        out = ""
        while ((at = index(line, s)) > 0) {
          out = out substr(line, 1, at - 1) "[masked]"
          line = substr(line, at + length(s))
        }
        line = out line
      }
      print line
      fflush()
    }'
}

note() { printf '%s\n' "$*"; }
result() { printf 'supabase-init: %s\n' "$*"; }

# Runs psql with our defaults; SQL or a file comes as arguments.
run_psql() {
  psql -X -v VERBOSITY=terse "$@"
}

# Runs against one database take turns, file by file: projects that share a
# database start their runs together (a batch of new projects, a rotation),
# and PostgreSQL fails, rather than waits for, two CREATE DATABASE,
# CREATE SCHEMA IF NOT EXISTS or ALTER DATABASE ... SET of one object at
# once. psql runs this first in each file's session; the lock is released
# when the session ends.
cat >"$WORK/take-turns.sql" <<'SQL'
SELECT pg_advisory_lock(hashtext('supabase-backstage/run-migrations')) AS turn \gset
SQL

# --- Wait for the database -------------------------------------------------
note "Waiting up to ${WAIT_SECONDS}s for PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} (database ${PGDATABASE:-?}, user ${PGUSER:-?})"
start=$(date +%s)
while :; do
  if run_psql -tAq -c 'SELECT 1' >"$WORK/probe" 2>&1; then
    break
  fi
  now=$(date +%s)
  # TLS settings the server and the client do not agree on: waiting will not help.
  if grep -q -e 'SSL' -e 'certificate' -e 'sslmode' "$WORK/probe"; then
    mask <"$WORK/probe"
    result "error=tls message=PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} and sslmode ${PGSSLMODE:-prefer} do not agree (see the line above); set the project's database sslMode to what the server supports"
    result "summary applied=0 skipped=0 failed=0 errors=1"
    exit 2
  fi
  # Wrong credentials or database: waiting will not help.
  if grep -q -e 'authentication failed' -e 'does not exist' "$WORK/probe"; then
    mask <"$WORK/probe"
    result "error=rejected message=PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} refused the connection; check the username, password and database in the database Secret"
    result "summary applied=0 skipped=0 failed=0 errors=1"
    exit 2
  fi
  if [ $((now - start)) -ge "$WAIT_SECONDS" ]; then
    mask <"$WORK/probe"
    result "error=unreachable message=PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432} did not accept connections within ${WAIT_SECONDS}s; check the host, port, credentials and network policy"
    result "summary applied=0 skipped=0 failed=0 errors=1"
    exit 2
  fi
  sleep 1
done
note "PostgreSQL accepts connections: $(run_psql -tAq -c 'SHOW server_version' 2>/dev/null)"

# --- Tracking table ----------------------------------------------------------
run_psql -q -v ON_ERROR_STOP=1 -f "$WORK/take-turns.sql" -f - 2>&1 <<'SQL' | mask
CREATE SCHEMA IF NOT EXISTS supabase_init;
CREATE TABLE IF NOT EXISTS supabase_init.applied_files (
  file text PRIMARY KEY,
  checksum text NOT NULL,
  result text NOT NULL,
  errors integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE supabase_init.applied_files IS
  'What run-migrations.sh applied: one row per SQL file, the last run of it';
SQL
if ! run_psql -tAq -c "SELECT 1 FROM supabase_init.applied_files LIMIT 1" >/dev/null 2>&1; then
  result "error=tracking message=Could not create supabase_init.applied_files; the user needs CREATE on the database"
  result "summary applied=0 skipped=0 failed=0 errors=1"
  exit 3
fi

# What is recorded already, read once: "<file> <checksum>" per line.
run_psql -tAq -F ' ' -c "SELECT file, checksum FROM supabase_init.applied_files WHERE result = 'applied'" \
  >"$WORK/recorded" 2>/dev/null

applied=0
skipped=0
failed=0
errors_total=0

# Applies one file unless it is recorded with the same checksum.
# $1: path, $2: name recorded in the table.
apply_file() {
  path=$1
  name=$2
  checksum=$(sha256sum "$path" | cut -d ' ' -f 1)
  recorded=$(awk -v f="$name" '$1 == f { print $2 }' "$WORK/recorded")
  forced=false
  for wanted in $REAPPLY; do
    [ "$wanted" = "$name" ] && forced=true
  done
  if [ "$recorded" = "$checksum" ] && [ "$forced" = false ]; then
    skipped=$((skipped + 1))
    result "file=$name result=skipped errors=0 checksum=$checksum"
    return 0
  fi

  note "--- $name"
  stop=0
  [ "$STRICT" = true ] && stop=1
  : >"$WORK/out"
  {
    run_psql -v ON_ERROR_STOP=$stop -f "$WORK/take-turns.sql" -f "$path" 2>&1
    echo $? >"$WORK/status"
  } | mask | tee "$WORK/out"
  status=$(cat "$WORK/status")
  errors=$(grep -c 'ERROR:' "$WORK/out")
  outcome=applied
  if [ "$status" -ne 0 ] || [ "$errors" -gt 0 ]; then
    outcome=failed
    [ "$errors" -eq 0 ] && errors=1
  fi
  run_psql -q -v ON_ERROR_STOP=1 -c "INSERT INTO supabase_init.applied_files (file, checksum, result, errors, applied_at)
      VALUES ('$name', '$checksum', '$outcome', $errors, now())
      ON CONFLICT (file) DO UPDATE SET checksum = EXCLUDED.checksum, result = EXCLUDED.result,
        errors = EXCLUDED.errors, applied_at = EXCLUDED.applied_at" 2>&1 | mask
  errors_total=$((errors_total + errors))
  if [ "$outcome" = applied ]; then
    applied=$((applied + 1))
  else
    failed=$((failed + 1))
  fi
  result "file=$name result=$outcome errors=$errors checksum=$checksum"
  [ "$outcome" = applied ] || [ "$STRICT" != true ]
}

# File names go into SQL literals: allow only plain names.
valid_name() {
  case $1 in
    *[!A-Za-z0-9._-]*) return 1 ;;
    *) return 0 ;;
  esac
}

stopped=false
for path in "$SCRIPT_DIR"/*.sql; do
  [ -f "$path" ] || continue
  name=$(basename "$path")
  [ "$name" = init.sql ] && continue
  if ! apply_file "$path" "$name"; then
    stopped=true
    break
  fi
done

if [ "$stopped" = false ] && [ -n "$CUSTOM_SQL_DIR" ]; then
  if [ ! -d "$CUSTOM_SQL_DIR" ]; then
    result "error=custom_sql message=CUSTOM_SQL_DIR $CUSTOM_SQL_DIR is not a folder"
    failed=$((failed + 1))
  else
    for path in "$CUSTOM_SQL_DIR"/*.sql; do
      [ -f "$path" ] || continue
      name=$(basename "$path")
      if ! valid_name "$name"; then
        result "file=custom/$name result=failed errors=1 message=file names may use only letters, digits, '.', '_' and '-'"
        failed=$((failed + 1))
        continue
      fi
      if ! apply_file "$path" "custom/$name"; then
        break
      fi
    done
  fi
fi

result "summary applied=$applied skipped=$skipped failed=$failed errors=$errors_total"
[ "$failed" -eq 0 ]
