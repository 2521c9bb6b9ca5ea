-- 06-pooler.sql: the _supavisor schema (the connection pooler's) in the
-- _supabase database.

\getenv pguser POSTGRES_USER
\set supabase_init_db :DBNAME

\c _supabase
CREATE SCHEMA IF NOT EXISTS _supavisor;
ALTER SCHEMA _supavisor OWNER TO :"pguser";
\c :"supabase_init_db"
