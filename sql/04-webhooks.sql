-- 04-webhooks.sql: database webhooks. Triggers call
-- supabase_functions.http_request(), which sends the request with pg_net and
-- records it in supabase_functions.hooks. Without pg_net the schema, the
-- table and the function are still created, and the runner warns on every
-- run (warning=pg_net); webhooks then fail when they fire, not silently.

\getenv pguser POSTGRES_USER

DO $pg_net$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_net') THEN
    NULL;
  -- Not on the server: the runner warns (warning=pg_net). Asked first of
  -- pg_available_extensions, which reads each extension's control file,
  -- where pg_available_extension_versions also lists every extension's
  -- scripts, once per extension.
  ELSIF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_net') THEN
    NULL;
  -- pg_net is not a trusted extension: only a superuser may create it.
  ELSIF EXISTS (SELECT 1 FROM pg_available_extension_versions
                 WHERE name = 'pg_net'
                   AND (trusted OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))) THEN
    CREATE EXTENSION IF NOT EXISTS pg_net WITH SCHEMA extensions;
  END IF;
END
$pg_net$;

CREATE SCHEMA IF NOT EXISTS supabase_functions AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA supabase_functions TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA supabase_functions TO :"pguser";
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;

CREATE TABLE IF NOT EXISTS supabase_functions.migrations (
  version text PRIMARY KEY,
  inserted_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO supabase_functions.migrations (version) VALUES ('initial')
ON CONFLICT (version) DO NOTHING;

CREATE TABLE IF NOT EXISTS supabase_functions.hooks (
  id bigserial PRIMARY KEY,
  hook_table_id integer NOT NULL,
  hook_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  request_id bigint
);
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_request_id_idx
  ON supabase_functions.hooks USING btree (request_id);
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_h_table_id_h_name_idx
  ON supabase_functions.hooks USING btree (hook_table_id, hook_name);
COMMENT ON TABLE supabase_functions.hooks IS
  'Supabase Functions Hooks: Audit trail for triggered hooks.';

-- Trigger arguments: url, method, headers (json), params (json), timeout ms.
-- PL/pgSQL resolves net.http_* when it runs, so this exists without pg_net.
CREATE OR REPLACE FUNCTION supabase_functions.http_request()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = supabase_functions
AS $function$
DECLARE
  request_id bigint;
  payload jsonb;
  url text := TG_ARGV[0]::text;
  method text := TG_ARGV[1]::text;
  headers jsonb DEFAULT '{}'::jsonb;
  params jsonb DEFAULT '{}'::jsonb;
  timeout_ms integer DEFAULT 1000;
BEGIN
  IF url IS NULL OR url = 'null' THEN
    RAISE EXCEPTION 'url argument is missing';
  END IF;
  IF method IS NULL OR method = 'null' THEN
    RAISE EXCEPTION 'method argument is missing';
  END IF;
  IF TG_ARGV[2] IS NOT NULL AND TG_ARGV[2] <> 'null' THEN
    headers := TG_ARGV[2]::jsonb;
  ELSE
    headers := '{"Content-Type": "application/json"}'::jsonb;
  END IF;
  IF TG_ARGV[3] IS NOT NULL AND TG_ARGV[3] <> 'null' THEN
    params := TG_ARGV[3]::jsonb;
  END IF;
  IF TG_ARGV[4] IS NOT NULL AND TG_ARGV[4] <> 'null' THEN
    timeout_ms := TG_ARGV[4]::integer;
  END IF;

  CASE
    WHEN method = 'GET' THEN
      SELECT net.http_get(url, params, headers, timeout_ms) INTO request_id;
    WHEN method = 'POST' THEN
      payload := jsonb_build_object(
        'old_record', OLD,
        'record', NEW,
        'type', TG_OP,
        'table', TG_TABLE_NAME,
        'schema', TG_TABLE_SCHEMA
      );
      SELECT net.http_post(url, payload, params, headers, timeout_ms) INTO request_id;
    ELSE
      RAISE EXCEPTION 'method argument % is invalid', method;
  END CASE;

  INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id)
  VALUES (TG_RELID, TG_NAME, request_id);
  RETURN NEW;
END
$function$;

REVOKE ALL ON FUNCTION supabase_functions.http_request() FROM public;
GRANT EXECUTE ON FUNCTION supabase_functions.http_request() TO anon, authenticated, service_role;

GRANT ALL PRIVILEGES ON SCHEMA supabase_functions TO supabase_functions_admin;
GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA supabase_functions TO supabase_functions_admin;
GRANT ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA supabase_functions TO supabase_functions_admin;
ALTER ROLE supabase_functions_admin SET search_path = supabase_functions;
