#!/bin/sh
# run-migrations.sh: applies the Supabase SQL set to the database that the
# libpq environment names (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
# PGSSLMODE), in file-name order, then the custom SQL in CUSTOM_SQL_DIR.
#
# Every file applied is recorded (file, checksum, time, result) in
# supabase_init.applied_files in that database; a file already applied with
# the same checksum is skipped, so a later run applies only new or changed
# files. The run stops at the first file that fails. Lines for the backend
# (sql/README.md lists them all):
#   supabase-init: file=<name> result=<applied|skipped|failed> errors=<n> checksum=<sha256>
#   supabase-init: file=<name> result=not-attempted
#   supabase-init: summary applied=<n> skipped=<n> failed=<n> errors=<n> not_attempted=<n>
#
# Settings (environment):
#   PROJECT_CLAIMANT     <namespace>/<name>: claim the database for that
#                        project before anything else (one project each)
#   CREATE_DATABASE      create this database first (PGDATABASE is then the
#                        server's maintenance database) and initialize it
#   RELEASE_CLAIM=true   only release PROJECT_CLAIMANT's claim, keeping the data
#   TURN_DATABASE        where runs on one server take turns (default postgres)
#   DECLARED_MAJOR       the PostgreSQL major the project declares; a warning
#                        says so when the server runs another
#   STRICT=true          stop a file at its first SQL error (ON_ERROR_STOP=1);
#                        by default a file's errors are counted and it goes on
#   DB_WAIT_SECONDS      how long to wait for the database (default 60)
#   CUSTOM_SQL_DIR       a folder of extra *.sql files to run after the set
#   REAPPLY              file names to apply even if already recorded
#   POSTGRES_USER, POSTGRES_PASSWORD, JWT_SECRET, JWT_EXP: psql variables
#   AUTHENTICATOR_PASSWORD, AUTH_ADMIN_PASSWORD, STORAGE_ADMIN_PASSWORD,
#   FUNCTIONS_ADMIN_PASSWORD, SUPABASE_ADMIN_PASSWORD, PGBOUNCER_PASSWORD:
#                        each role's own password (default POSTGRES_PASSWORD)
#   ROLES_VERSION, ROLES_CLAIMANT, ROLES_PREVIOUS_VERSION: the claim on
#                        the server-wide roles (see 01-roles.sql)
#   PROJECT_OWNER        the project's owner (an entity ref): with
#                        PROJECT_CLAIMANT, a server holds the projects of
#                        one owner (see "The server's owner")
#   SERVER_SHARED=true   the platform shares the server between owners: the
#                        server is recorded shared instead of owned, and a
#                        warning says so
#
# Passwords reach psql only through the environment, never a URL or the
# command line, and are masked in everything this script prints.
#
# One psql session does the whole run (and a second one holds the
# server-wide turn): a psql process and a login per file cost more than the
# SQL set itself. Each file still starts as in a session of its own.
# Exit codes: 0 done; 1 a file failed (a retry may pass); 2 the server could
# not be reached (a retry may pass); 3 a permanent failure that no retry
# fixes (the error line says which and what to do).

set -u

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
STRICT=${STRICT:-false}
WAIT_SECONDS=${DB_WAIT_SECONDS:-60}
CUSTOM_SQL_DIR=${CUSTOM_SQL_DIR:-}
REAPPLY=${REAPPLY:-}
PROJECT_CLAIMANT=${PROJECT_CLAIMANT:-}
CREATE_DATABASE=${CREATE_DATABASE:-}
RELEASE_CLAIM=${RELEASE_CLAIM:-false}
PROJECT_OWNER=${PROJECT_OWNER:-}
SERVER_SHARED=${SERVER_SHARED:-false}
TURN_DATABASE=${TURN_DATABASE:-postgres}
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"
export PGAPPNAME=supabase-db-init

WORK=$(mktemp -d "${TMPDIR:-/tmp}/supabase-init.XXXXXX") || exit 1
# Closing the turn holder's input ends its session, which gives up the turn;
# the run's session ends before the script does, so that nothing of the run
# is still connected when it has exited.
trap 'exec 3>&- 4<&-; end_session; rm -rf "$WORK"' EXIT
trap 'exit 2' INT TERM
# A session that has gone away must not end the script with SIGPIPE when it
# is sent a line: the step that waits for it says what happened.
trap '' PIPE

# An awk function that masks every secret value in a line. index() matches
# plain text, and ENVIRON gives the values as they are, with no escapes.
MASKED='
  function masked(line,    i, s, at, out) {
    if (!secrets_read) {
      secrets_read = split("PGPASSWORD POSTGRES_PASSWORD JWT_SECRET AUTHENTICATOR_PASSWORD AUTH_ADMIN_PASSWORD STORAGE_ADMIN_PASSWORD FUNCTIONS_ADMIN_PASSWORD SUPABASE_ADMIN_PASSWORD PGBOUNCER_PASSWORD", secret_names, " ")
      for (i = 1; i <= secrets_read; i++) secret[i] = ENVIRON[secret_names[i]]
    }
    for (i = 1; i <= secrets_read; i++) {
      s = secret[i]
      if (length(s) < 4) continue
      out = ""
      while ((at = index(line, s)) > 0) {
        out = out substr(line, 1, at - 1) "[masked]"
        line = substr(line, at + length(s))
      }
      line = out line
    }
    return line
  }'

# Masks what passes through.
mask() {
  awk "$MASKED"'
    {
      print masked($0)
      fflush()
    }'
}

note() { printf '%s\n' "$*"; }
# Prints its input, or the file $1, as cat does, without a process: the
# steps of a run print through it some ten times.
print_lines() {
  if [ "$#" -gt 0 ]; then
    print_lines <"$1"
    return
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s\n' "$line"
  done
}
result() { printf 'supabase-init: %s\n' "$*"; }

applied=0
skipped=0
failed=0
errors_total=0
not_attempted=0

# Ends the run with the summary line.
finish() {
  result "summary applied=$applied skipped=$skipped failed=$failed errors=$errors_total not_attempted=$not_attempted"
  exit "$1"
}

# A failure that ends the run before any file: $1 exit code, then the
# fields of the error line (error=<code> ... message=<text>).
fail() {
  code=$1
  shift
  result "$*"
  errors_total=$((errors_total + 1))
  finish "$code"
}

SERVER="PostgreSQL at ${PGHOST:-localhost}:${PGPORT:-5432}"

# --- Settings ----------------------------------------------------------------
# Names go into lines that the backend splits at spaces, and into SQL as psql
# variables; allow only what Kubernetes and PostgreSQL names use.
case $PROJECT_CLAIMANT in
  *[!A-Za-z0-9._/-]*)
    fail 3 "error=settings message=PROJECT_CLAIMANT must be <namespace>/<name> (letters, digits, '.', '_', '-' and one '/')" ;;
esac
if [ -n "$CREATE_DATABASE" ]; then
  case $CREATE_DATABASE in
    *[!a-z0-9_]* | [!a-z_]* | _supabase | template0 | template1 | postgres)
      fail 3 "error=settings message=CREATE_DATABASE '$CREATE_DATABASE' is not a database name this runner creates: use lower-case letters, digits and '_', not starting with a digit, and none of _supabase, postgres, template0, template1" ;;
  esac
  [ "${#CREATE_DATABASE}" -le 63 ] ||
    fail 3 "error=settings message=CREATE_DATABASE '$CREATE_DATABASE' is longer than PostgreSQL's 63 characters"
fi
case $PROJECT_OWNER in
  *[!A-Za-z0-9._:/-]*)
    fail 3 "error=settings message=PROJECT_OWNER must be an entity ref such as group:default/team-a (letters, digits, '.', '_', '-', ':' and '/')" ;;
esac
if [ -n "$PROJECT_OWNER" ] && [ -z "$PROJECT_CLAIMANT" ]; then
  fail 3 "error=settings message=PROJECT_OWNER needs PROJECT_CLAIMANT, the project the server's owner is recorded for"
fi
case $SERVER_SHARED in
  true | false) ;;
  *) fail 3 "error=settings message=SERVER_SHARED must be true or false, not '$SERVER_SHARED'" ;;
esac
if [ "$RELEASE_CLAIM" = true ] && [ -z "$PROJECT_CLAIMANT" ]; then
  fail 3 "error=settings message=RELEASE_CLAIM=true needs PROJECT_CLAIMANT, the project whose claim is released"
fi

# --- The session -----------------------------------------------------------------
# The run talks to one psql through a pipe, a step at a time: the script
# sends a step's commands between two markers, and one awk masks everything
# psql prints, keeps the step's output in $WORK/step (echoing a file's
# output as it comes), counts its ERROR lines and says when the step ends.
# psql flushes what it printed before it reads the next line, so the end
# marker comes after everything the step printed.
MARK="supabase-init-step-$$"
SESSION_PID=''
SPLITTER_PID=''

# mawk (Debian's awk) reads a pipe in blocks unless told to read lines as
# they come; busybox's and GNU awk do that anyway.
AWK_LINES=''
case $(awk -W version 2>&1 </dev/null) in *mawk*) AWK_LINES='-W interactive' ;; esac

# Masks and splits the session's output; see above.
SPLIT_STEPS="$MASKED"'
    BEGIN {
      stepfile = dir "/step"
      printf "" > events
      printf "" > stepfile
    }
    # Markers are matched before masking: a secret may be part of one. A
    # step names the file (in the work folder) that keeps its output.
    $1 == mark && NF == 3 && ($2 == "echo" || $2 == "quiet") && $3 ~ /^[a-z]+$/ {
      close(stepfile)
      stepfile = dir "/" $3
      printf "" > stepfile
      echo = ($2 == "echo")
      errors = 0
      next
    }
    $0 == mark " end" {
      close(stepfile)
      print "end " errors > events
      fflush(events)
      next
    }
    {
      line = masked($0)
      if (index(line, "ERROR:") > 0) errors++
      print line > stepfile
      if (echo) {
        print line
        fflush()
      }
    }
    END {
      close(stepfile)
      print "eof " errors > events
    }'

# Starts the session on PGDATABASE. Nothing waits for it to connect: the
# first step says whether it did.
start_session() {
  rm -f "$WORK/session.in" "$WORK/session.out" "$WORK/session.events"
  mkfifo "$WORK/session.in" "$WORK/session.out" "$WORK/session.events" || exit 1
  # Neither may hold the other session's pipes open, so both are commands
  # of their own (a shell function in the background would keep a copy).
  psql -X -w -v VERBOSITY=terse -q <"$WORK/session.in" >"$WORK/session.out" 2>&1 3>&- 4<&- &
  SESSION_PID=$!
  # shellcheck disable=SC2086
  awk $AWK_LINES -v mark="$MARK" -v dir="$WORK" -v events="$WORK/session.events" \
    "$SPLIT_STEPS" <"$WORK/session.out" 3>&- 4<&- &
  SPLITTER_PID=$!
  exec 5>"$WORK/session.in" 6<"$WORK/session.events"
}

# Closes the session's input, which ends it, and waits until it has.
end_session() {
  [ -n "$SESSION_PID" ] || return 0
  # psql ends at the end of its input; the splitter's last word is read
  # before its pipe is closed.
  exec 5>&-
  while read -r _ <&6; do :; done
  exec 6<&-
  wait "$SESSION_PID" "$SPLITTER_PID" 2>/dev/null
  SESSION_PID=''
}

# Runs one step: the psql commands $3, or on standard input (a long text),
# with the output mode $1 (echo or quiet) and ON_ERROR_STOP=$2 (an error
# then ends the session). False when the session ended before the step did;
# its output is in $WORK/step either way, and the number of its ERROR lines
# in $step_errors. The short steps cost no process.
session_step() {
  send_step step "$@"
  step_done
}

# Sends a step as session_step does, its output kept in $WORK/$1, and does
# not wait for it: step_done does, for each step sent, in order. A step sent
# before the one ahead of it has ended saves a round trip.
send_step() {
  {
    printf '\\set ON_ERROR_STOP %s\n\\warn %s %s %s\n' "$3" "$MARK" "$2" "$1"
    if [ "$#" -ge 4 ]; then
      printf '%s\n' "$4"
    else
      print_lines
    fi
    printf '\\warn %s end\n' "$MARK"
  } >&5 2>/dev/null
}

# Waits for the oldest step sent to end; false when the session ended first.
# Sets $step_errors.
step_done() {
  event=''
  step_errors=0
  read -r event step_errors <&6
  step_errors=${step_errors:-0}
  [ "$event" = end ]
}

# The first line of the last step's output.
step_line() {
  step=''
  IFS= read -r step <"$WORK/step"
  printf '%s' "$step"
}

# How a step (not a file) prints: as psql -tAq, at its defaults otherwise.
STEP_SETTINGS='\o
\set QUIET on
\pset tuples_only on
\pset format unaligned
\pset fieldsep '"' '"'
\set VERBOSITY terse'
# How a file runs: as psql -f with VERBOSITY=terse prints, with the psql
# settings a file may have changed back at their defaults.
FILE_SETTINGS='\set QUIET on
\pset tuples_only off
\pset format aligned
\set AUTOCOMMIT on
\set ON_ERROR_ROLLBACK off
\set ECHO none
\set VERBOSITY terse
\set QUIET off'
# What every session starts from: the step settings, and the settings that go
# into SQL as psql variables, straight from the environment.
SESSION_SETTINGS="$STEP_SETTINGS"'
\set claimant '"''"'
\getenv claimant PROJECT_CLAIMANT
\set target '"''"'
\getenv target CREATE_DATABASE
\set expected_major '"''"'
\getenv expected_major DECLARED_MAJOR
\set owner '"''"'
\getenv owner PROJECT_OWNER
\set shared '"''"'
\getenv shared SERVER_SHARED
SELECT current_database() AS supabase_init_run_db \gset'

# A new session on PGDATABASE, for what comes after a failed file (which may
# have left its session without a connection, or ended it). False when it
# could not connect.
restart_session() {
  end_session
  start_session
  session_step quiet 0 "$SESSION_SETTINGS"
}

# Starts the session that holds the server-wide turn (see "The server-wide
# turn" below) on TURN_DATABASE, without waiting for it to connect: it logs
# in while the run's own session does.
launch_turn_holder() {
  [ -p "$WORK/turn.in" ] || mkfifo "$WORK/turn.in" "$WORK/turn.out" || exit 1
  : >"$WORK/turn.log"
  # The database name comes from the environment, where libpq never reads
  # it as a connection string.
  PGDATABASE=$TURN_DATABASE psql -X -w -v VERBOSITY=terse -q <"$WORK/turn.in" >/dev/null 2>"$WORK/turn.out" 5>&- 6<&- &
  exec 3>"$WORK/turn.in" 4<"$WORK/turn.out"
}

# Sets $quoted to a psql meta-command argument for the path $1: quoted,
# with backslashes and quotes escaped (a plain path costs no process).
psql_quote() {
  case $1 in
    *[\\\']*) quoted="'$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")'" ;;
    *) quoted="'$1'" ;;
  esac
}

# --- Wait for the server -------------------------------------------------------
launch_turn_holder
note "Waiting up to ${WAIT_SECONDS}s for $SERVER (database ${PGDATABASE:-?}, user ${PGUSER:-?})"
start=$(date +%s)
while :; do
  start_session
  session_step quiet 0 "$SESSION_SETTINGS
SHOW server_version;" && break
  end_session
  now=$(date +%s)
  # TLS settings the server and the client do not agree on: waiting will not help.
  if grep -q -e 'SSL' -e 'certificate' -e 'sslmode' "$WORK/step"; then
    print_lines "$WORK/step"
    fail 3 "error=tls message=$SERVER and sslmode ${PGSSLMODE:-prefer} do not agree (see the line above); set the project's database sslMode to what the server supports"
  fi
  # Wrong credentials or database, or a server that refuses this login: waiting will not help.
  if grep -q -e 'authentication failed' -e 'does not exist' -e 'no pg_hba.conf entry' \
    -e 'permission denied for database' -e 'not permitted to log in' "$WORK/step"; then
    print_lines "$WORK/step"
    fail 3 "error=rejected message=$SERVER refused the connection (see the line above); check the username, password and database in the database Secret"
  fi
  if [ $((now - start)) -ge "$WAIT_SECONDS" ]; then
    print_lines "$WORK/step"
    fail 2 "error=unreachable message=$SERVER did not accept connections within ${WAIT_SECONDS}s; check the host, port, credentials and network policy"
  fi
  sleep 1
done
note "PostgreSQL accepts connections: $(step_line)"

# --- Release ---------------------------------------------------------------------
# Marks the claim released and keeps everything else: a project deleted from
# Backstage leaves its data, and whoever comes next (the same project made
# again, or another) may claim the database.
release_claim() {
  if ! session_step quiet 1 <<'SQL'
SELECT to_regclass('supabase_init.database_claim') IS NOT NULL AS has_claims \gset
\if :has_claims
  UPDATE supabase_init.database_claim SET released_at = now()
   WHERE claimant = :'claimant' AND released_at IS NULL
  RETURNING 'released';
\endif
SQL
  then
    print_lines "$WORK/step"
    fail 3 "error=privileges message=Could not release the claim on database ${PGDATABASE:-?} (see the line above); the user needs to be the one that claimed it"
  fi
  if grep -qx released "$WORK/step"; then
    result "released database=${PGDATABASE:-?} claimant=$PROJECT_CLAIMANT"
  else
    result "released database=${PGDATABASE:-?} claimant=$PROJECT_CLAIMANT result=none"
  fi
  exit 0
}

# The project's claims: its place in the server's owner record (in the
# server-wide turn), then its database's claim.
release_run() {
  release_server_owner
  give_turn || lost_turn
  [ -n "$CREATE_DATABASE" ] || release_claim
  session_step quiet 1 "SELECT count(*) FROM pg_database WHERE datname = :'target';" ||
    fail 2 "error=unreachable message=$SERVER: $(step_line)"
  if [ "$(step_line)" = 0 ]; then
    result "released database=$CREATE_DATABASE claimant=$PROJECT_CLAIMANT result=none"
    exit 0
  fi
  export PGDATABASE="$CREATE_DATABASE"
  session_step quiet 1 '\c :"target"' ||
    fail 3 "error=privileges message=Could not connect to database $CREATE_DATABASE on $SERVER to release the claim: $(step_line)"
  release_claim
}

# --- The server-wide turn ----------------------------------------------------------
# Roles, role settings and memberships, databases and their settings, and the
# shared _supabase database belong to the server, not to one database, and
# PostgreSQL fails two changes of one such object at once ("tuple
# concurrently updated", a duplicate key) rather than waiting. Projects that
# share a server start their runs together (a batch of new projects, a
# rotation), so runs take turns: the claim and every file that runs hold the
# server-wide turn. Advisory locks hold per database, so the turn is an
# advisory lock in one database every run reaches, TURN_DATABASE, taken and
# given back by a second session (the holder) that stays open for the run.
# Logins and other clients never wait for it; a run that dies gives it up
# with its session.
TURN_KEY="hashtext('supabase-backstage/server-turn')"

# Sends one line to the holder (SIGPIPE is ignored: a holder that has gone
# away shows in the next wait).
turn_send() {
  printf '%s\n' "$1" >&3 2>/dev/null
}

# Reads what the holder says until the line $1; false when it has ended.
# The answer to a turn given back "later" is passed over.
turn_wait() {
  while IFS= read -r line <&4; do
    [ "$line" = "$1" ] && return 0
    [ "$line" = turn-given ] && continue
    printf '%s\n' "$line" >>"$WORK/turn.log"
  done
  return 1
}

# Waits for the holder launched before (launch_turn_holder) to connect, and
# launches it again while the server does not take a second connection.
start_turn_holder() {
  started=$(date +%s)
  # The first launch went with the run's own login, before the server was
  # known to be up: a failure of that one is tried again at once.
  retry_at_once=true
  while :; do
    turn_send '\warn turn-holder-ready'
    turn_wait turn-holder-ready && return 0
    exec 3>&- 4<&-
    if grep -q -e 'does not exist' -e 'permission denied' -e 'no pg_hba.conf entry' "$WORK/turn.log"; then
      mask <"$WORK/turn.log"
      fail 3 "error=privileges message=Runs on one server take turns in its database $TURN_DATABASE, which user ${PGUSER:-?} cannot connect to (see the line above); grant it CONNECT on $TURN_DATABASE, or set TURN_DATABASE to a database every project's user on this server can connect to"
    fi
    # Busy (all connection slots taken, say): wait as for the server.
    if [ $(($(date +%s) - started)) -ge "$WAIT_SECONDS" ]; then
      mask <"$WORK/turn.log"
      fail 2 "error=unreachable message=$SERVER did not accept a second connection, for the server-wide turn, within ${WAIT_SECONDS}s (see the line above)"
    fi
    [ "$retry_at_once" = true ] || sleep 1
    retry_at_once=false
    launch_turn_holder
  done
}

# Asks for the turn without waiting for it: take_turn then waits.
turn_requested=false
request_turn() {
  turn_send "SELECT pg_advisory_lock($TURN_KEY);"
  turn_send '\warn turn-taken'
  turn_requested=true
}

take_turn() {
  [ "$turn_requested" = true ] || request_turn
  turn_requested=false
  turn_wait turn-taken
}

# Gives the turn back and, unless $1 is "later", waits until the holder
# says it has. The holder gives it back the moment it reads the line
# either way; "later" leaves its answer to the next wait.
give_turn() {
  turn_send "SELECT pg_advisory_unlock($TURN_KEY);"
  turn_send '\warn turn-given'
  [ "${1:-}" = later ] || turn_wait turn-given
}

lost_turn() {
  [ -f "$WORK/turn.log" ] && mask <"$WORK/turn.log"
  fail 2 "error=unreachable message=$SERVER closed the session that holds the server-wide turn (see the line above)"
}

start_turn_holder
take_turn || lost_turn

# --- The server's owner ----------------------------------------------------------------
# Supabase's roles are server-wide, Studio works as supabase_admin, and the
# server Secret's login reaches every database: a server is a trust
# boundary. So a server holds the projects of one owner unless the platform
# shares it (SERVER_SHARED=true). The record is server-wide, as the roles
# are, so it holds whatever Backstage instance or plugin store starts a
# run: the comment of the NOLOGIN role supabase_backstage_server, JSON
# {"owner": <entity ref>, "projects": [<namespace/name>, ...]}. It is read
# and written in the server-wide turn, after the checks that change nothing
# (a login that may not create the database fails as before) and before any
# database is created or claimed.
# The first project records its owner; a project of that owner joins; a
# project of another owner changes nothing and ends the run, unless it is
# the only project recorded (its owner changed): then the server moves
# with it. A server is owned or shared, never both: a run through a Secret
# the platform marks shared records {"shared": true, "projects": [...]}
# instead, and is refused (server-owned) on a server whose projects came
# through unmarked Secrets, whose admin login their owner may reveal;
# a run through an unmarked Secret is refused (server-shared) on a shared
# server. A server whose one recorded project is the run's own follows the
# run, its owner and its mark. A released project (RELEASE_CLAIM) leaves the record, and the
# last one leaves the server without an owner, in either mode.
SERVER_OWNER_ROLE=supabase_backstage_server

release_server_owner() {
  if ! session_step quiet 1 <<'SQL'
SET client_min_messages = warning;
SELECT set_config('supabase_init.claimant', :'claimant', false) AS claimant_set \gset
DO $release$
DECLARE
  me text := current_setting('supabase_init.claimant');
  record jsonb;
  projects jsonb;
  outcome text := 'none';
BEGIN
  SELECT shobj_description(oid, 'pg_authid')::jsonb INTO record
    FROM pg_roles WHERE rolname = 'supabase_backstage_server';
  projects := coalesce(record->'projects', '[]');
  IF projects ? me THEN
    projects := projects - me;
    IF jsonb_array_length(projects) = 0 THEN
      COMMENT ON ROLE supabase_backstage_server IS NULL;
      outcome := 'freed';
    ELSE
      EXECUTE format('COMMENT ON ROLE supabase_backstage_server IS %L',
                     jsonb_set(record, '{projects}', projects)::text);
      outcome := 'released';
    END IF;
  END IF;
  PERFORM set_config('supabase_init.server_owner', outcome || ' ' ||
                     CASE WHEN record->'shared' = 'true' THEN '(shared)'
                          ELSE coalesce(record->>'owner', '-') END, false);
END
$release$;
SELECT current_setting('supabase_init.server_owner');
RESET client_min_messages;
SQL
  then
    print_lines "$WORK/step"
    fail 3 "error=privileges message=Could not release project $PROJECT_CLAIMANT's place in the server's owner record, the comment of role $SERVER_OWNER_ROLE on $SERVER (see the line above); the user needs CREATEROLE and, on PostgreSQL 16 and later, ADMIN on that role"
  fi
  read -r outcome holder <"$WORK/step"
  case $holder in
    '(shared)') result "server shared claimant=$PROJECT_CLAIMANT result=$outcome" ;;
    *) result "server owner=$holder claimant=$PROJECT_CLAIMANT result=$outcome" ;;
  esac
}

[ "$RELEASE_CLAIM" = true ] && release_run

# Checks and records the server's mode for this project (see above): an
# owned server takes its owner's projects, a shared one the projects that
# come through a Secret the platform marks shared; anything else ends the
# run. Called after the checks that change nothing and before the first
# change: the database's creation or its claim.
check_server_owner() {
  [ -n "$PROJECT_CLAIMANT" ] || return 0
  [ -n "$PROJECT_OWNER" ] || [ "$SERVER_SHARED" = true ] || return 0
  if ! session_step quiet 1 <<'SQL'
SET client_min_messages = warning;
SELECT set_config('supabase_init.claimant', :'claimant', false) AS claimant_set,
       set_config('supabase_init.owner', :'owner', false) AS owner_set,
       set_config('supabase_init.shared', :'shared', false) AS shared_set \gset
DO $owner$
DECLARE
  me text := current_setting('supabase_init.claimant');
  my_owner text := current_setting('supabase_init.owner');
  marked boolean := current_setting('supabase_init.shared') = 'true';
  record jsonb;
  holder text;
  projects jsonb;
  empty boolean;
  outcome text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_backstage_server') THEN
    CREATE ROLE supabase_backstage_server NOLOGIN;
  END IF;
  SELECT shobj_description(oid, 'pg_authid')::jsonb INTO record
    FROM pg_roles WHERE rolname = 'supabase_backstage_server';
  projects := coalesce(record->'projects', '[]');
  empty := jsonb_array_length(projects) = 0;
  holder := CASE WHEN empty THEN NULL
                 WHEN record->'shared' = 'true' THEN '(shared)'
                 ELSE record->>'owner' END;
  IF empty OR holder IS NULL THEN
    outcome := 'claimed';
    projects := jsonb_build_array(me);
  ELSIF (marked AND holder = '(shared)') OR (NOT marked AND holder = my_owner) THEN
    outcome := CASE WHEN projects ? me THEN 'held' ELSE 'joined' END;
  ELSIF projects = jsonb_build_array(me) THEN
    -- The one project on the server got another owner, or its Secret got
    -- or lost the mark: nobody else's database is here, the server follows.
    outcome := CASE WHEN marked THEN 'shared'
                    WHEN holder = '(shared)' THEN 'owned'
                    ELSE 'moved' END;
  ELSE
    -- Owned: the holder may reveal the admin login of its unmarked Secrets,
    -- so another owner's database, or a marked Secret's, has no place here.
    -- Shared: this unmarked Secret's admin login would reach every project.
    outcome := 'conflict';
  END IF;
  IF outcome = 'joined' THEN
    projects := projects || to_jsonb(me);
  END IF;
  IF outcome IN ('claimed', 'joined', 'moved', 'shared', 'owned') THEN
    EXECUTE format('COMMENT ON ROLE supabase_backstage_server IS %L',
                   CASE WHEN marked
                        THEN jsonb_build_object('shared', true, 'projects', projects)
                        ELSE jsonb_build_object('owner', my_owner, 'projects', projects)
                   END::text);
  END IF;
  PERFORM set_config('supabase_init.server_owner',
                     outcome || ' ' || coalesce(holder, '-'), false);
END
$owner$;
SELECT current_setting('supabase_init.server_owner');
RESET client_min_messages;
SQL
  then
    print_lines "$WORK/step"
    fail 3 "error=privileges message=Could not read or record the server's owner, the comment of role $SERVER_OWNER_ROLE on $SERVER (see the line above); the user needs CREATEROLE and, on PostgreSQL 16 and later, ADMIN on that role (the login that created it has it)"
  fi
  read -r outcome holder <"$WORK/step"
  case $outcome/$holder/$SERVER_SHARED in
    'conflict/(shared)/'*)
      fail 3 "error=server-shared message=$SERVER is shared between owners (another Secret of it carries the mark supabase.backstage.io/shared-by-owners: \"true\"), and this Secret's admin login would reach every project's database on it; nothing was changed. Ask the platform team to mark this Secret shared too, or give project $PROJECT_CLAIMANT a server Secret of your own team" ;;
    conflict/*/true)
      fail 3 "error=server-owned owner=$holder message=$SERVER holds the projects of $holder through Secrets not marked shared, whose admin login reaches every database on it; nothing was changed. A platform marks every Secret of a server shared or none: mark them all, then convert the server's record to shared (sql/README.md says how), or give project $PROJECT_CLAIMANT a server of its own" ;;
    conflict/*)
      fail 3 "error=server-owned owner=$holder message=$SERVER holds the projects of $holder, and Supabase's roles, Studio and the server's login reach every database on it; nothing was changed. Give project $PROJECT_CLAIMANT (owner $PROJECT_OWNER) a server Secret of your own team, or ask the platform team to mark the server Secret shared (annotation supabase.backstage.io/shared-by-owners: \"true\")" ;;
    */*/true) result "server shared claimant=$PROJECT_CLAIMANT result=$outcome" ;;
    *) result "server owner=$PROJECT_OWNER claimant=$PROJECT_CLAIMANT result=$outcome" ;;
  esac
}

# --- Privileges the set needs ------------------------------------------------------
# Checked before anything is created, so that a login that cannot finish the
# set leaves no half-made database or roles: send_privileges_query asks,
# privileges_answered reads the answer (a step later, it may be), and
# check_privileges says what is missing for the files that will run.
send_privileges_query() {
  send_step privileges quiet 0 <<'SQL'
SELECT current_setting('server_version_num')::int >= 150000 AS parameter_acl \gset
\if :parameter_acl
  SELECT has_parameter_privilege('app.settings.jwt_secret', 'SET')
     AND has_parameter_privilege('app.settings.jwt_exp', 'SET') AS jwt_settable \gset
\else
  \set jwt_settable t
\endif
SELECT rolsuper, rolcreaterole, rolcreatedb OR EXISTS (SELECT 1 FROM pg_database WHERE datname = '_supabase'),
       :'jwt_settable'
  FROM pg_roles WHERE rolname = current_user;
SQL
}

# Waits for the answer to send_privileges_query (the oldest step sent).
privileges_answered() {
  privileges_known=false
  step_done && [ "$step_errors" = 0 ] && privileges_known=true
}

# $1: the files that will run. Nothing is said when the query failed.
check_privileges() {
  pending=" $1 "
  [ "$privileges_known" = true ] || return 0
  read -r superuser createrole createdb jwt_settable <"$WORK/privileges" || return 0
  [ "$superuser" = t ] && return 0
  missing=''
  case $pending in *' 00-baseline.sql '* | *' 01-roles.sql '* | *' 04-webhooks.sql '*)
    [ "$createrole" = t ] || missing="$missing CREATEROLE (for the Supabase roles);" ;;
  esac
  case $pending in *' 00-initial-schema.sql '*)
    [ "$createdb" = t ] || missing="$missing CREATEDB (for the _supabase database);" ;;
  esac
  case $pending in *' 02-jwt.sql '*)
    [ "$jwt_settable" = t ] || missing="$missing SET on the parameters app.settings.jwt_secret and app.settings.jwt_exp (a superuser runs: GRANT SET ON PARAMETER \"app.settings.jwt_secret\", \"app.settings.jwt_exp\" TO ${PGUSER:-?});" ;;
  esac
  [ -z "$missing" ] ||
    fail 3 "error=privileges message=User ${PGUSER:-?} is not a superuser and lacks what the SQL set needs on $SERVER:$missing grant it, or use a superuser"
}

# The set's file names, in the order they run.
set_files() {
  for path in "$SCRIPT_DIR"/*.sql; do
    [ -f "$path" ] || continue
    name=${path##*/}
    [ "$name" = init.sql ] || printf '%s ' "$name"
  done
}
SET_FILES=$(set_files)

# --- Create the database -------------------------------------------------------------
# With CREATE_DATABASE, PGDATABASE is the server's maintenance database. A
# database this runner creates carries a mark (its comment) from the first
# moment, so that a run cut off before its claim finds it again, and an
# existing database that is neither marked nor claimed is left alone.
if [ -n "$CREATE_DATABASE" ]; then
  if ! session_step quiet 1 <<'SQL'
\pset fieldsep '|'
SELECT r.rolsuper OR (r.rolcreatedb AND r.rolcreaterole),
       d.oid IS NOT NULL,
       coalesce(shobj_description(d.oid, 'pg_database'), '')
  FROM pg_roles r LEFT JOIN pg_database d ON d.datname = :'target'
 WHERE r.rolname = current_user;
\pset fieldsep ' '
SQL
  then
    print_lines "$WORK/step"
    fail 2 "error=unreachable message=$SERVER: could not look up database $CREATE_DATABASE (see the line above)"
  fi
  IFS='|' read -r may_create exists mark <"$WORK/step"
  if [ "$may_create" != t ]; then
    fail 3 "error=no-createdb message=User ${PGUSER:-?} on $SERVER may not create databases and roles (it needs CREATEDB and CREATEROLE, or superuser); give the project a server Secret with such a login, or a database Secret for a database that exists"
  fi
  if [ "$exists" = t ]; then
    created=false
    # Ours when it carries the mark or a claim; the claim below decides whose.
    ours=false
    case $mark in 'supabase-backstage database '*) ours=true ;; esac
    if [ "$ours" = false ]; then
      # The session moves to the database; one that is not ours ends the run.
      session_on_target=true
      session_step quiet 0 <<'SQL'
\c :"target"
SELECT to_regclass('supabase_init.database_claim') IS NOT NULL AS has_claims \gset
\if :has_claims
  SELECT EXISTS (SELECT 1 FROM supabase_init.database_claim);
\endif
SQL
      [ "$step_errors" = 0 ] && [ "$(step_line)" = t ] && ours=true
    fi
    [ "$ours" = true ] ||
      fail 3 "error=database-exists message=Database $CREATE_DATABASE already exists on $SERVER and was not created for a project; nothing was changed. Choose another project name, or, to use that database, give the project a database Secret for it"
    check_server_owner
  else
    send_privileges_query
    privileges_answered
    check_privileges "$SET_FILES"
    check_server_owner
    if ! session_step quiet 1 <<'SQL'
SELECT 'supabase-backstage database created-for=' || :'claimant' AS mark \gset
CREATE DATABASE :"target";
COMMENT ON DATABASE :"target" IS :'mark';
SQL
    then
      print_lines "$WORK/step"
      fail 1 "error=create-database message=Could not create database $CREATE_DATABASE on $SERVER (see the line above)"
    fi
    created=true
  fi
  result "database=$CREATE_DATABASE created=$created"
  export PGDATABASE="$CREATE_DATABASE"
  [ "${session_on_target:-false}" = true ] ||
    session_step quiet 0 '\c :"target"'
fi

# --- Claim the database and the tracking table --------------------------------------
# One project per database. The claim is a row inside the database, so it
# holds whatever Backstage instance or plugin store starts a run. It is
# checked before anything is created: a database claimed by another project
# gets no schema, no table, no row. A released claim (its project was
# deleted) may be taken by anyone. Without PROJECT_CLAIMANT (a run by hand)
# no claim is made or checked.
[ -n "$CREATE_DATABASE" ] || check_server_owner
if ! session_step quiet 1 <<'SQL'
SET client_min_messages = warning;
SELECT set_config('supabase_init.claimant', :'claimant', false) \gset
DO $claim$
DECLARE
  me text := current_setting('supabase_init.claimant');
  holder text;
  released boolean;
  outcome text := 'none';
BEGIN
  IF me <> '' THEN
    IF to_regclass('supabase_init.database_claim') IS NOT NULL THEN
      SELECT claimant, released_at IS NOT NULL INTO holder, released
        FROM supabase_init.database_claim;
    END IF;
    IF holder IS NULL THEN
      -- Made by a run that stopped before its claim: the mark says for whom.
      SELECT nullif(substring(shobj_description(oid, 'pg_database') from 'created-for=(\S+)'), '')
        INTO holder FROM pg_database WHERE datname = current_database();
      released := false;
      outcome := CASE WHEN holder IS NULL OR holder = me THEN 'claimed' ELSE 'conflict' END;
    ELSIF released THEN
      outcome := 'reclaimed';
    ELSIF holder = me THEN
      outcome := 'held';
    ELSE
      outcome := 'conflict';
    END IF;
  END IF;
  PERFORM set_config('supabase_init.claim', outcome || ' ' || coalesce(holder, '-'), false);
  IF outcome = 'conflict' THEN
    RETURN;
  END IF;

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
  IF me <> '' AND to_regclass('supabase_init.database_claim') IS NULL THEN
    CREATE TABLE supabase_init.database_claim (
      one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row),
      claimant text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz
    );
    COMMENT ON TABLE supabase_init.database_claim IS
      'The project (<namespace>/<name>) this database belongs to; released when the project was deleted';
    -- Anyone may see who holds the database, and so learn why it is not
    -- theirs (a schema of another owner's keeps its grants: a warning).
    GRANT USAGE ON SCHEMA supabase_init TO PUBLIC;
    GRANT SELECT ON supabase_init.database_claim TO PUBLIC;
  END IF;
  IF outcome IN ('claimed', 'reclaimed') THEN
    INSERT INTO supabase_init.database_claim (claimant) VALUES (me)
    ON CONFLICT (one_row) DO UPDATE
      SET claimant = EXCLUDED.claimant, claimed_at = now(), released_at = NULL;
  END IF;
END
$claim$;
SELECT current_setting('supabase_init.claim');
RESET client_min_messages;
SQL
then
  print_lines "$WORK/step"
  fail 3 "error=privileges message=Could not claim database ${PGDATABASE:-?} or create its tracking table supabase_init.applied_files (see the line above); the user needs CREATE on the database"
fi
read -r claim holder <"$WORK/step"
case $claim in
  conflict)
    fail 3 "error=database-claimed claimant=$holder message=Database ${PGDATABASE:-?} on $SERVER belongs to project $holder, and a database holds one project; nothing was changed in it. Give this project a database of its own (or let the plugin create one), or delete project $holder to release the database" ;;
  claimed | held | reclaimed)
    result "claim database=${PGDATABASE:-?} claimant=$PROJECT_CLAIMANT result=$claim" ;;
esac
give_turn || lost_turn

# In one round trip: what the login may do; what is recorded already, read
# once ("<file> <checksum>" per line); and, after a line of its own, the
# psql variables there are before any file (what a file adds is unset after
# it).
VARIABLES_FOLLOW=supabase-init-variables-follow
send_privileges_query
send_step step quiet 0 "SELECT file, checksum FROM supabase_init.applied_files WHERE result = 'applied';
SELECT current_database() AS supabase_init_run_db \\gset
\\echo $VARIABLES_FOLLOW
\\set"
privileges_answered
step_done
recorded='
'
while IFS= read -r line; do
  [ "$line" = "$VARIABLES_FOLLOW" ] && break
  recorded="$recorded$line
"
done <"$WORK/step"

# Every file's checksum, computed once: "<checksum>  <path>" per line.
checksums=$(sha256sum "$SCRIPT_DIR"/*.sql 2>/dev/null)
if [ -n "$CUSTOM_SQL_DIR" ] && [ -d "$CUSTOM_SQL_DIR" ]; then
  checksums="$checksums
$(sha256sum "$CUSTOM_SQL_DIR"/*.sql 2>/dev/null)"
fi

# Sets $checksum to the file $1's.
checksum_of() {
  checksum=''
  while read -r sum file; do
    [ "$file" = "$1" ] && checksum=$sum && return 0
  done <<EOF
$checksums
EOF
}

# True when the file $2 (path $1) runs: not recorded with its checksum, or forced.
pending() {
  checksum_of "$1"
  for wanted in $REAPPLY; do
    [ "$wanted" = "$2" ] && return 0
  done
  case $recorded in
    *"
$2 $checksum
"*) return 1 ;;
  esac
  return 0
}

to_apply=''
for name in $SET_FILES; do
  pending "$SCRIPT_DIR/$name" "$name" && to_apply="$to_apply $name"
done

# True when the file of the set after the file $1 runs.
next_set_file_pending() {
  after=false
  for next in $SET_FILES; do
    if [ "$after" = true ]; then
      case "$to_apply " in *" $next "*) return 0 ;; esac
      return 1
    fi
    [ "$next" = "$1" ] && after=true
  done
  return 1
}
[ -z "$to_apply" ] || check_privileges "$to_apply"

# --- The files -------------------------------------------------------------------------
exit_code=0
stopped=false
# Sets $variables to the names that \set listed in the output $1.
listed_variables() {
  variables=' '
  while IFS= read -r line; do
    case $line in
      *' = '*) var=${line%% = *} ;;
      *) continue ;;
    esac
    case $var in '' | *[!A-Za-z0-9_]*) continue ;; esac
    variables="$variables$var "
  done <"$1"
}
listed_variables "$WORK/step"
session_variables=$variables

# Sends the file $1 to run in the session as psql -f would in a session of
# its own (aligned output, not quiet, VERBOSITY=terse, ON_ERROR_STOP by
# STRICT), echoing its output, and right behind it the first half of
# giving the next file a session as fresh as a new one: no transaction
# (ROLLBACK), the server's defaults (DISCARD ALL), and the list of psql
# variables. A file that fails ends the session, or leaves it to be
# replaced, so what follows it then does no harm. step_done waits for
# each.
send_file_and_reset() {
  psql_quote "$1"
  send_step step echo "$on_error_stop" "$FILE_SETTINGS
\\i $quoted"
  send_step reset quiet 0 "$STEP_SETTINGS
ROLLBACK;
DISCARD ALL;
\\set"
}

# The second half, once the reset has ended: sets $reset to the commands
# that unset the psql variables the file set and go back to the run's
# database if the file left it, for the step that records the file.
rest_of_reset() {
  listed_variables "$WORK/reset"
  reset=''
  for var in $variables; do
    case $session_variables in *" $var "*) continue ;; esac
    reset="$reset
\\unset $var"
  done
  reset="$reset
SELECT current_database() <> :'supabase_init_run_db' AS supabase_init_moved \\gset
\\if :supabase_init_moved
  \\c :\"supabase_init_run_db\"
\\endif
\\unset supabase_init_moved"
}

# Applies one file unless it is recorded with the same checksum; false when
# it failed. $1: path, $2: name recorded in the table.
apply_file() {
  path=$1
  name=$2
  if ! pending "$path" "$name"; then
    skipped=$((skipped + 1))
    result "file=$name result=skipped errors=0 checksum=$checksum"
    return 0
  fi

  note "--- $name"
  on_error_stop=0
  [ "$STRICT" = true ] && on_error_stop=1
  if ! take_turn; then
    exit_code=2
    [ -f "$WORK/turn.log" ] && mask <"$WORK/turn.log"
    result "error=unreachable message=$SERVER closed the session that holds the server-wide turn (see the line above)"
    errors_total=$((errors_total + 1))
    failed=$((failed + 1))
    result "file=$name result=failed errors=1 checksum=$checksum"
    return 1
  fi
  outcome=applied
  send_file_and_reset "$path"
  step_done || outcome=failed
  give_turn later
  errors=$step_errors
  [ "$errors" -gt 0 ] && outcome=failed
  [ "$outcome" = failed ] && [ "$errors" -eq 0 ] && errors=1
  # Whether the roles were claimed, from the file's output, before the
  # steps below replace it.
  roles_claimed=false
  [ "$outcome" = failed ] && grep -q 'supabase-init: error=roles-claimed' "$WORK/step" && roles_claimed=true
  reset=''
  if [ "$outcome" = applied ] && step_done; then
    rest_of_reset
    # The next file of the set runs after this one's record: its turn is
    # asked for now, and comes while the record goes in (after any run
    # that was waiting for it: PostgreSQL serves a lock's waiters first).
    next_set_file_pending "$name" && request_turn
  else
    # A failed file may have left its session without a connection, or
    # ended it (ON_ERROR_STOP): what follows runs in a new one.
    restart_session
  fi
  # The record goes in with the rest of the reset, in one round trip.
  session_step quiet 0 "$reset
INSERT INTO supabase_init.applied_files (file, checksum, result, errors, applied_at)
VALUES ('$name', '$checksum', '$outcome', $errors, now())
ON CONFLICT (file) DO UPDATE SET checksum = EXCLUDED.checksum, result = EXCLUDED.result,
  errors = EXCLUDED.errors, applied_at = EXCLUDED.applied_at;"
  print_lines "$WORK/step"
  errors_total=$((errors_total + errors))
  result "file=$name result=$outcome errors=$errors checksum=$checksum"
  if [ "$outcome" = applied ]; then
    applied=$((applied + 1))
    return 0
  fi
  failed=$((failed + 1))
  # Roles held by other credentials stay so until someone acts: permanent.
  if [ "$roles_claimed" = true ]; then
    exit_code=3
  elif [ "$exit_code" -eq 0 ]; then
    exit_code=1
  fi
  return 1
}

# Runs one file, or, after a failed one, only says it was not attempted: a
# file may depend on everything before it.
run_file() {
  if [ "$stopped" = true ]; then
    not_attempted=$((not_attempted + 1))
    result "file=$2 result=not-attempted"
  elif ! apply_file "$1" "$2"; then
    stopped=true
  fi
}

# File names go into SQL literals: allow only plain names.
valid_name() {
  case $1 in
    *[!A-Za-z0-9._-]*) return 1 ;;
    *) return 0 ;;
  esac
}

for name in $SET_FILES; do
  run_file "$SCRIPT_DIR/$name" "$name"
done

if [ -n "$CUSTOM_SQL_DIR" ]; then
  if [ ! -d "$CUSTOM_SQL_DIR" ]; then
    result "error=custom_sql message=CUSTOM_SQL_DIR $CUSTOM_SQL_DIR is not a folder"
    failed=$((failed + 1))
    errors_total=$((errors_total + 1))
    [ "$exit_code" -eq 0 ] && exit_code=1
  else
    for path in "$CUSTOM_SQL_DIR"/*.sql; do
      [ -f "$path" ] || continue
      name=${path##*/}
      if [ "$stopped" = false ] && ! valid_name "$name"; then
        result "file=custom/$name result=failed errors=1 message=file names may use only letters, digits, '.', '_' and '-'"
        failed=$((failed + 1))
        errors_total=$((errors_total + 1))
        [ "$exit_code" -eq 0 ] && exit_code=1
        stopped=true
        continue
      fi
      run_file "$path" "custom/$name"
    done
  fi
fi

# --- Warnings ------------------------------------------------------------------------
# What the server lacks, read from what it is on every run (not from what a
# file did when it ran), so that every project on the server, and every
# later run that skips the files, says so until it is fixed.
session_step quiet 0 <<'SQL'
SELECT format('warning=server_major message=The server runs PostgreSQL %s but the project says %s, so the Job runs the psql of %s; '
              'set spec.database.majorVersion to %s', major, :'expected_major', :'expected_major', major)
  FROM (SELECT (current_setting('server_version_num')::int / 10000)::text AS major) AS server
 WHERE :'expected_major' <> '' AND major <> :'expected_major';
SELECT 'warning=wal_level message=Realtime needs wal_level=logical but the server has wal_level='
       || current_setting('wal_level')
       || '; set wal_level = logical in postgresql.conf (or the managed service''s parameters) and restart PostgreSQL'
 WHERE current_setting('wal_level') <> 'logical';
SELECT 'warning=pg_net message=Database webhooks need the pg_net extension, which this database does not have; '
       || CASE WHEN EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_net')
               THEN 'the server has it, and a superuser creates it: CREATE EXTENSION pg_net WITH SCHEMA extensions (with pg_net in shared_preload_libraries)'
               ELSE 'install pg_net on the server, add it to shared_preload_libraries, restart PostgreSQL and run the initialization again' END
 WHERE NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_net');
SELECT format('warning=extension_%s message=Extension %s is not installed in this database because the server does not have it; install the PostgreSQL contrib package', wanted, wanted)
  FROM unnest(ARRAY['pgcrypto', 'uuid-ossp']) AS wanted
 WHERE NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = wanted);
SELECT 'warning=role_attributes message=Roles lack attributes only a superuser can grant: '
       || string_agg(format('%s (%s)', name, attributes), ', ' ORDER BY name)
       || '; grant them as a superuser if the services need them (ALTER ROLE <role> <attribute>)'
  FROM (
    SELECT r.rolname AS name,
           concat_ws(' ', CASE WHEN wanted.replication AND NOT r.rolreplication THEN 'REPLICATION' END,
                          CASE WHEN wanted.bypassrls AND NOT r.rolbypassrls THEN 'BYPASSRLS' END) AS attributes
      FROM (VALUES ('service_role', false, true),
                   ('supabase_admin', true, true),
                   ('supabase_replication_admin', true, false),
                   ('supabase_read_only_user', false, true),
                   ('dashboard_user', true, false)) AS wanted(name, replication, bypassrls)
      JOIN pg_roles r ON r.rolname = wanted.name
  ) AS lacking
 WHERE attributes <> ''
HAVING count(*) > 0;
SQL
[ "$step_errors" = 0 ] && while IFS= read -r line; do [ -n "$line" ] && result "$line"; done <"$WORK/step"
[ "$SERVER_SHARED" = true ] &&
  result "warning=shared_server message=The platform shares $SERVER between owners: Supabase's roles, Studio (which works as supabase_admin) and the server's login reach every project's database on it, and a rotation of the database passwords changes them for all of them. Only the platform team reveals the connection string and Studio's credentials here; for a boundary of your own team, ask for a server of your own"
end_session

finish "$exit_code"
