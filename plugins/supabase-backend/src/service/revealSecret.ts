import type { V1Secret } from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ProjectSecretName,
  RevealedSecret,
  stringifyProjectRef,
  supabaseSharedServerSecretsReadPermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import {
  describeDatabaseSecret,
  readDatabaseConnection,
} from '../pipeline/roleCredentials';
import { secretData } from '../pipeline/secretData';
import {
  DatabaseConnection,
  JWT_SECRET_KEYS,
  databaseUrl,
  databaseVersion,
  databaseVersionOf,
  legacyApiKeysOn,
  objectNames,
} from '../resources';
import { requireSharedServerPermission } from './requireSharedServerPermission';

/**
 * Reads one of a project's secrets for a developer who asked for it on
 * purpose (the router checks the permission and audits the reveal). Values
 * come from the cluster's Secrets as the components get them.
 *
 * On a server the platform shares between owners, the connection string
 * (the server's login) and Studio's credentials (Studio works as
 * supabase_admin) reach every owner's database: they are revealed only to
 * whom `maySeeSharedServerSecrets` admits, the platform team
 * (docs/decisions/0027).
 *
 * The connection string is the login of the Secret the project names, so
 * it is revealed only once the project holds that database: a db-init run
 * there succeeded (its claim and the server's owner check passed) and the
 * components' Secret points at it. Naming another team's Secret in a
 * project never reveals its login, whatever became of the project.
 */
export async function revealProjectSecret(
  deps: {
    cluster: ClusterClient;
    maySeeSharedServerSecrets: () => Promise<boolean>;
  },
  project: ProjectRecord,
  secret: ProjectSecretName,
): Promise<RevealedSecret> {
  const ref = stringifyProjectRef(project);
  // A shared server's admin login and Studio reach every owner's database.
  const requireOwnServer = async (
    db: DatabaseConnection | undefined,
    what: string,
  ) =>
    requireSharedServerPermission(project, db, {
      permission: supabaseSharedServerSecretsReadPermission,
      allowed: deps.maySeeSharedServerSecrets,
      reach: `${what} reaches every owner's database`,
      act: 'reveal it',
    });
  const secretNamed = (name: string) =>
    deps.cluster.get<V1Secret>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: project.namespace,
      name,
    });
  const read = async (name: string, what: string) => {
    const found = await secretNamed(name);
    if (!found) {
      throw new NotFoundError(
        `${what} of ${ref} is not there: the Secret ${project.namespace}/${name} does not exist (the project is ${project.phase})`,
      );
    }
    return secretData(found);
  };
  const value = (
    values: Record<string, string>,
    key: string,
    secretName: string,
  ) => {
    if (!values[key]) {
      throw new NotFoundError(
        `The Secret ${project.namespace}/${secretName} of ${ref} has no key "${key}" yet (the project is ${project.phase})`,
      );
    }
    return values[key];
  };

  switch (secret) {
    case 'connectionString': {
      const db = await readDatabaseConnection(deps.cluster, project);
      if (!db) {
        throw new NotFoundError(
          `${describeDatabaseSecret(project)} of ${ref} does not exist`,
        );
      }
      await requireOwnServer(db, 'its admin login');
      const roles = await secretNamed(objectNames(project.name).roles);
      if (databaseVersionOf(roles) !== databaseVersion(db)) {
        throw new ConflictError(
          `${describeDatabaseSecret(
            project,
          )} of ${ref} names a database the project does not hold yet (it is ${
            project.phase
          }): its connection string is revealed once a db-init run there has succeeded`,
        );
      }
      return {
        secret,
        value: databaseUrl(db, db.username, db.password),
      };
    }
    case 'serviceRoleKey': {
      if (!legacyApiKeysOn(project.spec)) {
        throw new NotFoundError(
          `${ref} does not accept the legacy keys (spec.apiKeys.legacy is false), so its service_role key would not work: reveal its secret key instead`,
        );
      }
      const name = objectNames(project.name).jwtSecret;
      const values = await read(name, 'The service_role key');
      return { secret, value: value(values, JWT_SECRET_KEYS.serviceKey, name) };
    }
    case 'secretKey': {
      const name = objectNames(project.name).jwtSecret;
      const values = await read(name, 'The secret key');
      return { secret, value: value(values, JWT_SECRET_KEYS.secretKey, name) };
    }
    case 'studioCredentials': {
      await requireOwnServer(
        await readDatabaseConnection(deps.cluster, project),
        'Studio (which works as supabase_admin)',
      );
      const own = project.spec.studio?.basicAuthSecretRef;
      const name = own ?? objectNames(project.name).jwtSecret;
      const values = await read(name, "Studio's dashboard credentials");
      const [userKey, passwordKey] = own
        ? ['username', 'password']
        : [
            JWT_SECRET_KEYS.dashboardUsername,
            JWT_SECRET_KEYS.dashboardPassword,
          ];
      return {
        secret,
        username: value(values, userKey, name),
        password: value(values, passwordKey, name),
      };
    }
    default:
      throw new NotFoundError(`Unknown secret "${secret}"`);
  }
}
