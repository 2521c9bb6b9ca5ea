import { ProjectRecord } from '../database/ProjectStore';
import { PipelineContext } from './types';

/**
 * Keeps a warning of the project in step: shown with `message`, else gone.
 * Returns true when the warning was not shown before and now is.
 */
export async function setWarning(
  ctx: Pick<PipelineContext, 'store'>,
  project: ProjectRecord,
  code: string,
  message: string | undefined,
): Promise<boolean> {
  const before = project.warnings ?? [];
  const others = before.filter(w => w.code !== code);
  const warnings = message ? [...others, { code, message }] : others;
  if (JSON.stringify(warnings) === JSON.stringify(before)) {
    return false;
  }
  project.warnings = warnings;
  await ctx.store.updateStatus(project.uid, {
    endpoints: project.endpoints,
    anonKey: project.anonKey,
    publishableKey: project.publishableKey,
    components: project.components,
    warnings,
  });
  return !!message && !before.some(w => w.code === code);
}

/** True when the project shows a warning with this code. */
export function hasWarning(project: ProjectRecord, code: string): boolean {
  return (project.warnings ?? []).some(w => w.code === code);
}
