-- 05-realtime.sql: the _realtime schema, where the Realtime service keeps its
-- tenants. Realtime also needs logical replication, which only the server's
-- configuration can turn on: say so here rather than fail later.

\getenv pguser POSTGRES_USER

CREATE SCHEMA IF NOT EXISTS _realtime;
ALTER SCHEMA _realtime OWNER TO :"pguser";
GRANT ALL ON SCHEMA _realtime TO supabase_admin;

DO $wal$
BEGIN
  IF current_setting('wal_level') <> 'logical' THEN
    RAISE WARNING 'supabase-init: warning=wal_level message=Realtime needs wal_level=logical but the server has wal_level=%; set wal_level = logical in postgresql.conf (or the managed service''s parameters) and restart PostgreSQL',
      current_setting('wal_level');
  END IF;
END
$wal$;
