-- 02-jwt.sql: the project's JWT secret and token lifetime as database
-- settings, read by SQL that checks tokens. Set on the database we are
-- connected to, whatever its name.

\getenv jwt_secret JWT_SECRET
\getenv jwt_exp JWT_EXP

SELECT format('ALTER DATABASE %I SET "app.settings.jwt_secret" TO %L', current_database(), :'jwt_secret')
\gexec
SELECT format('ALTER DATABASE %I SET "app.settings.jwt_exp" TO %L', current_database(), coalesce(nullif(:'jwt_exp', ''), '3600'))
\gexec

\unset jwt_secret
