import {
  LocalPostgres,
  startLocalPostgres,
} from '@supabase-backstage/local-postgres';
import {
  HOSTILE,
  Login,
  createAdminLogin,
  query,
  results,
  runMigrations,
} from './__testUtils__/runMigrations';

// Fifty runs of real psql at once on a busy machine; they take turns.
jest.setTimeout(900_000);

const PROJECTS = 50;

/**
 * Starts every project's run at once, as a batch of new projects or a
 * rotation does: half of them create their database, half have one made for
 * them beforehand. All share the server's credentials, so its roles. Returns
 * how each run went and what its database holds.
 */
async function initializeAtOnce(server: LocalPostgres, login: Login) {
  const names = Array.from({ length: PROJECTS }, (_, i) => `project_${i}`);
  const existing = names.filter((_, i) => i % 2 === 1);
  for (const name of existing) {
    await query(
      server,
      'postgres',
      `CREATE DATABASE ${name} OWNER ${login.user}`,
    );
  }
  const runs = await Promise.all(
    names.map(name =>
      runMigrations(server, existing.includes(name) ? name : 'postgres', {
        login,
        env: {
          ...(existing.includes(name) ? {} : { CREATE_DATABASE: name }),
          PROJECT_CLAIMANT: `team/${name}`,
          JWT_SECRET: secretOf(name),
          ROLES_VERSION: 'v1',
          ROLES_CLAIMANT: `team/${name}`,
          DB_WAIT_SECONDS: '60',
        },
      }),
    ),
  );
  return Promise.all(
    names.map(async (name, i) => {
      const [database] = await query(
        server,
        name,
        `SELECT (SELECT claimant FROM supabase_init.database_claim) AS claimant,
                (SELECT count(*)::int FROM supabase_init.applied_files WHERE result = 'applied') AS applied,
                current_setting('app.settings.jwt_secret') AS secret`,
      );
      return {
        name,
        code: runs[i].code,
        errors: runs[i].output.match(/^.*ERROR:.*$/gm),
        results: [...new Set(results(runs[i].output).map(r => r.result))],
        database,
      };
    }),
  );
}

function secretOf(name: string) {
  return `jwt-secret-of-${name}-0123456789abcdef0123`;
}

/** Each run succeeded at its first attempt, and each database is its own. */
function initialized() {
  return Array.from({ length: PROJECTS }, (_, i) => {
    const name = `project_${i}`;
    return {
      name,
      code: 0,
      errors: null,
      results: ['applied'],
      database: {
        claimant: `team/${name}`,
        applied: 8,
        secret: secretOf(name),
      },
    };
  });
}

describe('runs on one server take turns on everything server-wide', () => {
  it(`initializes ${PROJECTS} projects at once, each in its database, each at the first attempt, as a superuser`, async () => {
    const server = await startLocalPostgres({ password: HOSTILE });
    try {
      expect(await initializeAtOnce(server, server)).toEqual(initialized());
    } finally {
      await server.stop();
    }
  });

  it(`initializes ${PROJECTS} projects at once, each at the first attempt, with an admin that is no superuser`, async () => {
    const server = await startLocalPostgres({ password: HOSTILE });
    try {
      const admin = await createAdminLogin(server);
      expect(await initializeAtOnce(server, admin)).toEqual(initialized());
    } finally {
      await server.stop();
    }
  });
});
