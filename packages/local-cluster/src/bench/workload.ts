/** What the CPU benchmarks create: Deployments shaped like a Supabase component's. */

/** Deployments per namespace (a project has about this many components). */
export const DEPLOYMENTS = 8;

const ENV = Array.from({ length: 30 }, (_, i) => ({
  name: `SETTING_${i}`,
  value: `value-${i}`,
}));

/** A Deployment as a Supabase component's: one container, many settings. */
export function deployment(name: string) {
  const labels = { app: name };
  return {
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name,
              image: `example/${name}:1`,
              ports: [{ containerPort: 8080 }],
              env: ENV,
              resources: { requests: { cpu: '10m', memory: '32Mi' } },
              readinessProbe: { httpGet: { path: '/health', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

/** The change a reconciler makes to a Deployment it owns, as a JSON patch. */
export const JSON_PATCH = [
  { op: 'add', path: '/metadata/labels/touched', value: 'yes' },
];
