import { allAvailable } from '../componentStatuses';
import { currentDbInitVersion } from '../currentDbInitVersion';
import { readComponentCredentialVersions } from '../credentialVersions';
import {
  describeDatabaseSecret,
  readRoleCredentials,
} from '../roleCredentials';
import { versionChanges } from '../dbInitVersion';
import { ProjectRecord } from '../../database/ProjectStore';
import { databaseVersion, projectEndpoints } from '../../resources';
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
 * run.
 */
export const keepRunning: PhaseStep = async (ctx, project) => {
  const credentials = await readComponentCredentialVersions(ctx, project);
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
      keysVersion: credentials.keysVersion,
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
  const statuses = await rollOut(ctx, project, credentials);
  const rolling = (project.observedGeneration ?? 0) < project.generation;
  // An update may move the API (an Ingress added or removed).
  const endpoints = projectEndpoints(project);
  const changed =
    JSON.stringify(statuses) !== JSON.stringify(project.components ?? []) ||
    JSON.stringify(endpoints) !== JSON.stringify(project.endpoints ?? {});
  if (changed) {
    await ctx.store.updateStatus(project.uid, {
      endpoints,
      anonKey: project.anonKey,
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

/** Keeps a warning of the project in step: shown with `message`, else gone. */
async function setWarning(
  ctx: PipelineContext,
  project: ProjectRecord,
  code: string,
  message: string | undefined,
) {
  const others = (project.warnings ?? []).filter(w => w.code !== code);
  const warnings = message ? [...others, { code, message }] : others;
  if (JSON.stringify(warnings) === JSON.stringify(project.warnings ?? [])) {
    return;
  }
  project.warnings = warnings;
  await ctx.store.updateStatus(project.uid, {
    endpoints: project.endpoints,
    anonKey: project.anonKey,
    components: project.components,
    warnings,
  });
}
