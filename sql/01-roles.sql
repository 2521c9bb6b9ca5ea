-- 01-roles.sql: the login roles' passwords.
--
-- Each role gets the password in its own variable (AUTHENTICATOR_PASSWORD,
-- AUTH_ADMIN_PASSWORD, ...); a role whose variable is not set gets
-- POSTGRES_PASSWORD, as in upstream's set. \getenv reads a value as it is
-- (any characters), and :'name' quotes it as a literal; no value ever
-- passes through a shell.
--
-- Roles are server-wide, shared by every database on the server. With
-- ROLES_VERSION set (a fingerprint of the passwords, never the passwords),
-- the roles are claimed for it and ROLES_CLAIMANT with a comment. A run
-- whose passwords differ from the claimed ones sets nothing and fails,
-- unless the claim is its own project's or was made with the passwords
-- that project set before (ROLES_PREVIOUS_VERSION, a prefix of their
-- fingerprint). So a second project with other credentials can never
-- silently lock the first one out. Everything happens in one transaction:
-- all roles change, or none.

\getenv authenticator_password AUTHENTICATOR_PASSWORD
\if :{?authenticator_password}
\else
  \getenv authenticator_password POSTGRES_PASSWORD
\endif
\getenv auth_admin_password AUTH_ADMIN_PASSWORD
\if :{?auth_admin_password}
\else
  \getenv auth_admin_password POSTGRES_PASSWORD
\endif
\getenv storage_admin_password STORAGE_ADMIN_PASSWORD
\if :{?storage_admin_password}
\else
  \getenv storage_admin_password POSTGRES_PASSWORD
\endif
\getenv functions_admin_password FUNCTIONS_ADMIN_PASSWORD
\if :{?functions_admin_password}
\else
  \getenv functions_admin_password POSTGRES_PASSWORD
\endif
\getenv supabase_admin_password SUPABASE_ADMIN_PASSWORD
\if :{?supabase_admin_password}
\else
  \getenv supabase_admin_password POSTGRES_PASSWORD
\endif
\getenv pgbouncer_password PGBOUNCER_PASSWORD
\if :{?pgbouncer_password}
\else
  \getenv pgbouncer_password POSTGRES_PASSWORD
\endif

\getenv roles_version ROLES_VERSION
\getenv roles_claimant ROLES_CLAIMANT
\getenv roles_previous ROLES_PREVIOUS_VERSION
\if :{?roles_version}
\else
  \set roles_version ''
\endif
\if :{?roles_claimant}
\else
  \set roles_claimant ''
\endif
\if :{?roles_previous}
\else
  \set roles_previous ''
\endif

-- Runs for many projects on one server meet here (a rotation starts them
-- all at once), and two ALTER ROLEs of one role at once fail with "tuple
-- concurrently updated": run-migrations.sh runs this file, like every other,
-- in the server-wide turn.
BEGIN;

-- The claim this run finds (the comment on authenticator, when it is one of
-- ours), and whether it stands in the way.
SELECT :'roles_version' <> '' AS roles_claiming,
       coalesce(max(d.description), 'none') AS roles_claim,
       coalesce(bool_or(:'roles_version' <> ''
                        AND substring(d.description from 'version=(\S+)') <> :'roles_version'
                        AND substring(d.description from 'claimant=(\S+)') IS DISTINCT FROM :'roles_claimant'
                        AND NOT (:'roles_previous' <> ''
                                 AND starts_with(substring(d.description from 'version=(\S+)'), :'roles_previous'))),
                false) AS roles_conflict
  FROM pg_roles r
  JOIN pg_shdescription d ON d.objoid = r.oid AND d.classoid = 'pg_authid'::regclass
 WHERE r.rolname = 'authenticator'
   AND d.description LIKE 'supabase-backstage roles %'
\gset

\if :roles_conflict
  ROLLBACK;
  SELECT format('supabase-init: error=roles-claimed message=The Supabase roles on this PostgreSQL server (authenticator, supabase_auth_admin, ...) have passwords from other credentials, set for project %s. Roles are server-wide, so projects on one server share them: give this project the same database username and password as that project, or a PostgreSQL server of its own.',
                coalesce(substring(:'roles_claim' from 'claimant=(\S+)'), 'unknown')) AS roles_error \gset
  \echo :roles_error
  -- Fails the file, and so the run.
  DO $$
  BEGIN
    RAISE EXCEPTION 'the Supabase roles on this server are claimed for another project; no role password was changed';
  END
  $$;
\else
  ALTER USER authenticator WITH PASSWORD :'authenticator_password';
  ALTER USER supabase_auth_admin WITH PASSWORD :'auth_admin_password';
  ALTER USER supabase_storage_admin WITH PASSWORD :'storage_admin_password';
  ALTER USER supabase_functions_admin WITH PASSWORD :'functions_admin_password';
  -- Realtime, postgres-meta and Studio connect as supabase_admin.
  ALTER USER supabase_admin WITH PASSWORD :'supabase_admin_password';
  ALTER USER pgbouncer WITH PASSWORD :'pgbouncer_password';
  \if :roles_claiming
    SELECT format('supabase-backstage roles version=%s claimant=%s', :'roles_version', :'roles_claimant') AS roles_comment \gset
    COMMENT ON ROLE authenticator IS :'roles_comment';
    COMMENT ON ROLE supabase_auth_admin IS :'roles_comment';
    COMMENT ON ROLE supabase_storage_admin IS :'roles_comment';
    COMMENT ON ROLE supabase_functions_admin IS :'roles_comment';
    COMMENT ON ROLE supabase_admin IS :'roles_comment';
    COMMENT ON ROLE pgbouncer IS :'roles_comment';
  \endif
  COMMIT;
\endif

\unset authenticator_password
\unset auth_admin_password
\unset storage_admin_password
\unset functions_admin_password
\unset supabase_admin_password
\unset pgbouncer_password
