import { allAvailable } from '../componentStatuses';
import { currentDbInitVersion } from '../currentDbInitVersion';
import { readComponentCredentialVersions } from '../credentialVersions';
import {
  RoleCredentials,
  describeDatabaseSecret,
  readRoleCredentials,
} from '../roleCredentials';
import { versionChanges } from '../dbInitVersion';
import { ProjectRecord } from '../../database/ProjectStore';
import {
  ProjectKeys,
  buildDbInitSecret,
  buildProjectSecrets,
  buildRolesSecret,
  databaseVersion,
  projectEndpoints,
  publicKeys,
  signingSecretVersion,
} from '../../resources';
import { applyObjects } from '../applyObjects';
import { ensureAnchor } from '../ensureAnchor';
import { projectKeys } from '../keyMaterial';
import { setWarning } from '../projectWarnings';
import { PhaseStep, PipelineContext } from '../types';
import { rollOut } from './deployComponents';
import { followRollout } from '../followRollout';

/** Warning codes this phase keeps in step. */
const UPGRADE_HELD = 'SqlUpgradeHeld';
const DATABASE_SECRET_MISSING = 'DatabaseSecretMissing';

/**
 * Running: keeps being reconciled. Objects someone deleted or changed are
 * put back, component health is kept current, a changed spec is rolled out
 * and followed, and a changed SQL set (or custom scripts), new JWT
 * settings or new role passwords send the project through a new db-init
 * run. The keys are the store's: a deleted or changed Secret gets the same
 * values back, and only a rotation changes them (docs/decisions/0011).
 */
export const keepRunning: PhaseStep = async (ctx, project) => {
  const keys = await projectKeys(ctx, project);
  // Without them nothing is touched (the pods keep what they run with) and
  // the project waits, saying so.
  if (!keys) return {};
  const roles = await readRoleCredentials(ctx, project);
  // Without its database Secret a project cannot run db-init, but what runs
  // keeps running: say so, and go on repairing the rest.
  await setWarning(
    ctx,
    project,
    DATABASE_SECRET_MISSING,
    roles
      ? undefined
      : `${describeDatabaseSecret(
          project,
        )} is missing; restarted components cannot connect. Create it again.`,
  );
  if (roles) {
    const version = await currentDbInitVersion(ctx, project, {
      keysVersion: signingSecretVersion(keys.jwtSecret),
      rolesVersion: roles.version,
      databaseVersion: databaseVersion(roles.connection),
    });
    const changes = versionChanges(project.appliedSqlVersion, version);
    // Only SQL upgrades can be held back: new JWT settings and role
    // passwords must reach the database, or the components could not use
    // them.
    const held =
      changes.sql && !changes.settings && !!project.spec.dbInit?.holdUpgrades;
    await setWarning(
      ctx,
      project,
      UPGRADE_HELD,
      held
        ? `SQL set version ${version} is waiting (applied: ${project.appliedSqlVersion}). Set dbInit.holdUpgrades to false to apply it.`
        : undefined,
    );
    if (changes.settings) {
      return {
        next: {
          to: 'InitializingDatabase',
          reason: 'DatabaseSettingsChanged',
          message: `${
            changes.roles
              ? 'The role passwords changed (a rotation or new database credentials)'
              : 'The JWT secret or expiry changed'
          }; writing them to the database`,
        },
      };
    }
    if (changes.sql && !held) {
      return {
        next: {
          to: 'InitializingDatabase',
          reason: 'SqlSetChanged',
          message: `The SQL set changed (${project.appliedSqlVersion} → ${version}); applying what is new`,
        },
      };
    }
  }
  const rolling = (project.observedGeneration ?? 0) < project.generation;
  await restoreSecrets(ctx, project, keys, roles, rolling);
  const credentials = await readComponentCredentialVersions(ctx, project);
  const statuses = await rollOut(ctx, project, credentials);
  // An update may move the API (an Ingress added or removed).
  const endpoints = projectEndpoints(project);
  // A switch of the legacy keys, or keys completed after an upgrade.
  const shown = publicKeys(project.spec, keys);
  const changed =
    JSON.stringify(statuses) !== JSON.stringify(project.components ?? []) ||
    JSON.stringify(endpoints) !== JSON.stringify(project.endpoints ?? {}) ||
    shown.anonKey !== project.anonKey ||
    shown.publishableKey !== project.publishableKey;
  if (changed) {
    await ctx.store.updateStatus(project.uid, {
      endpoints,
      ...shown,
      components: statuses,
      warnings: project.warnings,
    });
    if (
      !rolling &&
      !allAvailable(statuses) &&
      allAvailable(project.components ?? [])
    ) {
      await ctx.store.addEvent(project.uid, {
        reason: 'ComponentsDegraded',
        message: `Not available: ${statuses
          .filter(s => s.state !== 'Available' && s.state !== 'Disabled')
          .map(s => s.name)
          .join(', ')}`,
      });
    }
  }
  return rolling ? followRollout(ctx, project, statuses) : {};
};

/**
 * Puts the project's Secrets back as the store and the database Secret say
 * they are: a deleted or changed one gets the same values again. (Role
 * passwords that changed have sent the project to a db-init run before
 * this.)
 */
async function restoreSecrets(
  ctx: PipelineContext,
  project: ProjectRecord,
  keys: ProjectKeys,
  roles: RoleCredentials | undefined,
  rolling: boolean,
) {
  const owner = await ensureAnchor(ctx, project);
  const applied = await applyObjects(ctx, [
    await buildProjectSecrets(project, owner, keys),
    ...(roles
      ? [
          buildDbInitSecret(project, owner, roles),
          buildRolesSecret(project, owner, roles.connection, roles),
        ]
      : []),
  ]);
  const repaired = [...applied.created, ...applied.updated];
  // While a changed spec rolls out, a changed Secret is the update's doing.
  if (repaired.length > 0 && !rolling) {
    await ctx.store.addEvent(project.uid, {
      reason: 'DriftRepaired',
      message: `Put back with the same values: ${repaired.join(', ')}`,
    });
  }
}
