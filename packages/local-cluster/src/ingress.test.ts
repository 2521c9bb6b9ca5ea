import type { V1Ingress } from '@kubernetes/client-node';
import {
  apiError,
  useTestCluster,
  type TestCluster,
} from './__testUtils__/testCluster';

const ingress = (name: string, spec: V1Ingress['spec']): V1Ingress => ({
  metadata: { name, namespace: 'default' },
  spec,
});

describe('networking.k8s.io/v1 Ingress', () => {
  let t: TestCluster;
  useTestCluster(cluster => {
    t = cluster;
  });

  it('creates, reads, updates and deletes an Ingress with TLS', async () => {
    const api = t.kc.makeApiClient(t.k8s.NetworkingV1Api);
    const created = await api.createNamespacedIngress({
      namespace: 'default',
      body: ingress('web', {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
        rules: [
          {
            host: 'api.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: 'kong', port: { number: 8000 } },
                  },
                },
              ],
            },
          },
        ],
      }),
    });
    expect(created.metadata?.generation).toBe(1);
    expect(created.status).toEqual({ loadBalancer: {} });

    const read = await api.readNamespacedIngress({
      namespace: 'default',
      name: 'web',
    });
    read.spec!.rules![0].host = 'api2.example.com';
    const updated = await api.replaceNamespacedIngress({
      namespace: 'default',
      name: 'web',
      body: read,
    });
    expect(updated.metadata?.generation).toBe(2);
    const list = await api.listNamespacedIngress({ namespace: 'default' });
    expect(list.items.map(i => i.spec?.rules?.[0].host)).toEqual([
      'api2.example.com',
    ]);
    await api.deleteNamespacedIngress({ namespace: 'default', name: 'web' });
    const after = await api.listNamespacedIngress({ namespace: 'default' });
    expect(after.items).toEqual([]);
  });

  it('refuses an Ingress without rules, path type or a valid host (422, naming the fields)', async () => {
    const api = t.kc.makeApiClient(t.k8s.NetworkingV1Api);
    const noRules = await apiError(
      api.createNamespacedIngress({
        namespace: 'default',
        body: ingress('empty', {}),
      }),
    );
    expect(noRules.code).toBe(422);
    expect(noRules.status.reason).toBe('Invalid');
    expect(noRules.status.details?.causes?.map(c => c.field)).toEqual([
      'spec.rules',
    ]);

    const bad = await apiError(
      api.createNamespacedIngress({
        namespace: 'default',
        body: ingress('bad', {
          rules: [
            {
              host: 'Not_A_Host',
              http: {
                paths: [
                  {
                    path: '/',
                    backend: {
                      service: { name: 'kong', port: { number: 80 } },
                    },
                  } as never,
                ],
              },
            },
          ],
        }),
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.status.details?.causes?.map(c => c.field)).toEqual([
      'spec.rules[0].host',
      'spec.rules[0].http.paths[0].pathType',
    ]);
  });
});
