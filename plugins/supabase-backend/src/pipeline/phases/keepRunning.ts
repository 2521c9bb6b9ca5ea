import { allAvailable } from '../componentStatuses';
import { currentDbInitVersion } from '../currentDbInitVersion';
import { readKeysVersion } from '../keysVersion';
import { databaseSecretGone, readRoleCredentials } from '../roleCredentials';
import { versionChanges } from '../dbInitVersion';
import { ProjectRecord } from '../../database/ProjectStore';
import { projectEndpoints } from '../../resources';
import { PhaseStep, PipelineContext } from '../types';
import { rollOut } from './deployComponents';
import { followRollout } from '../followRollout';

/**
 * Running: keeps being reconciled. Objects someone deleted or changed are
 * put back, component health is kept current, a changed spec is rolled out
 * and followed, and a changed SQL set (or custom scripts) or new JWT
 * settings send the project through a new db-init run.
 */
export const keepRunning: PhaseStep = async (ctx, project) => {
  // The credentials are read once, for the db-init version and the pods.
  const roles = await readRoleCredentials(ctx, project);
  if (!roles) return databaseSecretGone(project);
  const credentials = {
    keysVersion: await readKeysVersion(ctx, project),
    rolesVersion: roles.version,
  };
  const version = await currentDbInitVersion(ctx, project, credentials);
  const changes = versionChanges(project.appliedSqlVersion, version);
  // Only SQL upgrades can be held back: new JWT settings and role passwords
  // must reach the database, or the components could not use them.
  const held =
    changes.sql && !changes.settings && !!project.spec.dbInit?.holdUpgrades;
  await reportHeldUpgrade(ctx, project, held ? version : undefined);
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

const UPGRADE_HELD = 'SqlUpgradeHeld';

/** Keeps the "upgrade held back" warning in step with what is held. */
async function reportHeldUpgrade(
  ctx: PipelineContext,
  project: ProjectRecord,
  heldVersion: string | undefined,
) {
  const others = (project.warnings ?? []).filter(w => w.code !== UPGRADE_HELD);
  const warnings = heldVersion
    ? [
        ...others,
        {
          code: UPGRADE_HELD,
          message: `SQL set version ${heldVersion} is waiting (applied: ${project.appliedSqlVersion}). Set dbInit.holdUpgrades to false to apply it.`,
        },
      ]
    : others;
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
