-- 05-realtime.sql: the _realtime schema, where the Realtime service keeps its
-- tenants. Realtime also needs logical replication, which only the server's
-- configuration can turn on: the runner checks wal_level on every run and
-- warns (warning=wal_level) rather than let Realtime fail later.

\getenv pguser POSTGRES_USER

CREATE SCHEMA IF NOT EXISTS _realtime;
ALTER SCHEMA _realtime OWNER TO :"pguser";
GRANT ALL ON SCHEMA _realtime TO supabase_admin;
