import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  ComponentStatus,
  SupabaseComponentName,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import {
  COMPONENT_LABEL,
  enabledComponents,
  projectSelector,
} from '../resources';
import { COMPONENT_DEFINITIONS } from '../resources/componentDefinitions';
import { PipelineContext } from './types';

/** The annotation the local cluster puts on pods it only simulates. */
export const SIMULATED_POD_ANNOTATION =
  'local-cluster.supabase-backstage.dev/simulated';

/** How each of the project's Deployments is doing, read from the cluster. */
export async function componentStatuses(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<ComponentStatus[]> {
  const selector = projectSelector(project.name);
  const [deployments, pods] = await Promise.all([
    ctx.cluster.list<V1Deployment>(
      'apps/v1',
      'Deployment',
      project.namespace,
      selector,
    ),
    ctx.cluster.list<V1Pod>('v1', 'Pod', project.namespace, selector),
  ]);
  const running = deployments.map(deployment => {
    const name = deployment.metadata?.labels?.[
      COMPONENT_LABEL
    ] as SupabaseComponentName;
    const simulated = pods.some(
      pod =>
        pod.metadata?.labels?.[COMPONENT_LABEL] === name &&
        pod.metadata?.annotations?.[SIMULATED_POD_ANNOTATION] === 'true',
    );
    return statusOf(deployment, name, simulated);
  });
  // Components the spec leaves out are listed too, saying why.
  const enabled = new Set(enabledComponents(project).map(c => c.name));
  const left: ComponentStatus[] = COMPONENT_DEFINITIONS.filter(
    c => !enabled.has(c.name) && !running.some(s => s.name === c.name),
  ).map(c => ({
    name: c.name,
    image: '',
    desiredReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    state: 'Disabled',
    ...(c.disabledBecause ? { message: c.disabledBecause } : {}),
  }));
  return [...running, ...left].sort((a, b) => a.name.localeCompare(b.name));
}

function statusOf(
  deployment: V1Deployment,
  name: SupabaseComponentName,
  simulated: boolean,
): ComponentStatus {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const available = status.availableReplicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const current =
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const availableCondition = status.conditions?.find(
    c => c.type === 'Available',
  );
  let state: ComponentStatus['state'] = 'Progressing';
  if (desired === 0) state = 'Disabled';
  else if (
    current &&
    availableCondition?.status === 'True' &&
    updated >= desired &&
    // Old pods still there: the rollout is not over (kubectl rollout status).
    (status.replicas ?? 0) <= updated &&
    available >= desired
  ) {
    state = 'Available';
  } else if (availableCondition?.status === 'False' && available === 0) {
    state = 'Unavailable';
  }
  return {
    name,
    image: deployment.spec?.template.spec?.containers[0]?.image ?? '',
    desiredReplicas: desired,
    readyReplicas: status.readyReplicas ?? 0,
    availableReplicas: available,
    state,
    ...(simulated ? { simulated } : {}),
    ...(state === 'Available' || !availableCondition?.message
      ? {}
      : { message: availableCondition.message }),
  };
}

/** The components that are not available, with their counts, for messages. */
export function describeUnavailable(statuses: ComponentStatus[]): string {
  return statuses
    .filter(s => s.state !== 'Available' && s.state !== 'Disabled')
    .map(
      s =>
        `${s.name} (${s.availableReplicas}/${s.desiredReplicas} available${
          s.message ? `: ${s.message}` : ''
        })`,
    )
    .join(', ');
}

/** True when every component that should run is Available. */
export function allAvailable(statuses: ComponentStatus[]): boolean {
  return statuses.every(s => s.state === 'Available' || s.state === 'Disabled');
}
