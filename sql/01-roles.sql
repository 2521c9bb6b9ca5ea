-- 01-roles.sql: the login roles' passwords, from POSTGRES_PASSWORD.
-- \getenv reads the variable as it is (any characters), and :'pgpass'
-- quotes it as a literal; the value never passes through a shell.

\getenv pgpass POSTGRES_PASSWORD

ALTER USER authenticator WITH PASSWORD :'pgpass';
ALTER USER pgbouncer WITH PASSWORD :'pgpass';
ALTER USER supabase_auth_admin WITH PASSWORD :'pgpass';
ALTER USER supabase_functions_admin WITH PASSWORD :'pgpass';
ALTER USER supabase_storage_admin WITH PASSWORD :'pgpass';
-- Realtime and postgres-meta connect as supabase_admin.
ALTER USER supabase_admin WITH PASSWORD :'pgpass';

\unset pgpass
