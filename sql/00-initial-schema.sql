-- 00-initial-schema.sql: the _supabase database, which holds the analytics
-- (03-logs) and pooler (06-pooler) schemas, owned by the connecting user.
-- CREATE DATABASE cannot run inside a function, so the statement is
-- generated and run with \gexec only when the database is missing.

\getenv pguser POSTGRES_USER

SELECT format('CREATE DATABASE _supabase WITH OWNER %I', :'pguser')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '_supabase')
\gexec
