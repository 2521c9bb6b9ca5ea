import type { V1Deployment, V1EnvVar, V1Secret } from '@kubernetes/client-node';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { buildComponentObjects } from '../resources/components';
import { testOwner, testProject } from './testProject';

/** A component's environment as its pod would see it, Secrets resolved. */
export function environmentOf(
  spec: ProjectSpec,
  component: string,
  secrets: V1Secret[],
): Record<string, string> {
  const deployment = buildComponentObjects(
    testProject({ spec }),
    testOwner,
  ).find(
    o => o.kind === 'Deployment' && o.metadata?.name === `shop-${component}`,
  ) as V1Deployment;
  const env: V1EnvVar[] = deployment.spec!.template.spec!.containers[0].env!;
  return Object.fromEntries(
    env.map(e => {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) return [e.name, e.value ?? ''];
      const secret = secrets.find(s => s.metadata?.name === ref.name);
      const data = secret?.data?.[ref.key];
      return [
        e.name,
        data === undefined ? '' : Buffer.from(data, 'base64').toString('utf8'),
      ];
    }),
  );
}
