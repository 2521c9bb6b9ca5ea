-- 03-logs.sql: the _analytics schema (Logflare's) in the _supabase database.

\getenv pguser POSTGRES_USER
\set supabase_init_db :DBNAME

\c _supabase
CREATE SCHEMA IF NOT EXISTS _analytics;
ALTER SCHEMA _analytics OWNER TO :"pguser";
\c :"supabase_init_db"
