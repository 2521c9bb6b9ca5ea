-- 00-baseline.sql: what the supabase/postgres image has and a plain PostgreSQL
-- 15+ (a managed database, CloudNativePG) lacks: Supabase's roles, the schemas
-- the services expect, and the extensions they use where the server has them.
-- Runs before the upstream-named files. Idempotent: every object is created
-- only when it is missing, nothing existing is dropped or replaced.

\getenv pguser POSTGRES_USER

-- Roles. Attributes only a superuser may grant are added when we are one;
-- otherwise the role is created without them.
DO $baseline$
DECLARE
  superuser boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
  spec record;
BEGIN
  FOR spec IN
    SELECT * FROM (VALUES
      ('anon',                       'NOLOGIN NOINHERIT', ''),
      ('authenticated',              'NOLOGIN NOINHERIT', ''),
      ('service_role',               'NOLOGIN NOINHERIT', 'BYPASSRLS'),
      ('authenticator',              'LOGIN NOINHERIT', ''),
      ('supabase_admin',             'LOGIN CREATEROLE CREATEDB', 'REPLICATION BYPASSRLS'),
      ('supabase_auth_admin',        'LOGIN NOINHERIT CREATEROLE', ''),
      ('supabase_storage_admin',     'LOGIN NOINHERIT CREATEROLE', ''),
      ('supabase_functions_admin',   'LOGIN NOINHERIT CREATEROLE', ''),
      ('supabase_realtime_admin',    'NOLOGIN NOINHERIT', ''),
      ('supabase_replication_admin', 'LOGIN', 'REPLICATION'),
      ('supabase_read_only_user',    'LOGIN', 'BYPASSRLS'),
      ('pgbouncer',                  'LOGIN', ''),
      ('dashboard_user',             'NOLOGIN CREATEROLE CREATEDB', 'REPLICATION')
    ) AS roles(name, attributes, privileged)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = spec.name) THEN
      EXECUTE format('CREATE ROLE %I %s', spec.name, spec.attributes);
      RAISE NOTICE 'supabase-init: created role %', spec.name;
    END IF;
    -- Without superuser rights these stay missing; the runner warns about
    -- them on every run (warning=role_attributes).
    IF spec.privileged <> '' AND superuser THEN
      EXECUTE format('ALTER ROLE %I %s', spec.name, spec.privileged);
    END IF;
  END LOOP;
END
$baseline$;

-- PostgREST switches from authenticator to the request's role.
GRANT anon, authenticated, service_role TO authenticator;
-- The owner of the database may act for the service roles, as upstream's
-- postgres user can.
GRANT anon, authenticated, service_role TO :"pguser";
GRANT supabase_admin TO :"pguser";
-- Creating a schema for another role takes membership in it: a superuser
-- needs none, an admin with CREATEROLE gets it here.
SELECT NOT rolsuper AS baseline_needs_membership FROM pg_roles WHERE rolname = current_user \gset
\if :baseline_needs_membership
  GRANT supabase_auth_admin, supabase_storage_admin TO :"pguser";
\endif

-- The connecting roles need to reach the database.
SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO supabase_admin, supabase_auth_admin, supabase_storage_admin, supabase_functions_admin, authenticator, pgbouncer, dashboard_user',
              current_database())
\gexec

-- Schemas the services expect, owned by the role that migrates them.
CREATE SCHEMA IF NOT EXISTS extensions;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_auth_admin;
CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_storage_admin;
CREATE SCHEMA IF NOT EXISTS realtime AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql_public;

GRANT USAGE ON SCHEMA extensions, public, graphql_public TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA auth, storage TO anon, authenticated, service_role, dashboard_user;
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role, supabase_realtime_admin;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin, dashboard_user;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin, dashboard_user;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin;
GRANT ALL ON SCHEMA extensions TO supabase_admin, dashboard_user;

-- The services find their objects through their role's search_path.
ALTER ROLE supabase_auth_admin SET search_path = auth;
ALTER ROLE supabase_storage_admin SET search_path = storage;
ALTER ROLE authenticator SET search_path = public, extensions;

-- Extensions the services use, where the server ships them.
DO $extensions$
DECLARE
  wanted text;
BEGIN
  FOREACH wanted IN ARRAY ARRAY['pgcrypto', 'uuid-ossp'] LOOP
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = wanted) THEN
      CONTINUE;
    ELSIF EXISTS (SELECT 1 FROM pg_available_extensions AS a WHERE a.name = wanted) THEN
      EXECUTE format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA extensions', wanted);
    END IF;
    -- A missing one is a warning of the runner's (warning=extension_<name>).
  END LOOP;
END
$extensions$;

-- Realtime streams changes through this publication.
DO $publication$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
  END IF;
END
$publication$;
