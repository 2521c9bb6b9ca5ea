import { ConfigReader } from '@backstage/config';
import { readClusters } from './clusterConfig';

const cluster = (name: string, extra: object = {}) => ({
  name,
  url: `https://${name}.example.com:6443`,
  authProvider: 'serviceAccount',
  serviceAccountToken: `token-${name}`,
  caData: 'Y2E=',
  ...extra,
});

describe('readClusters', () => {
  it('reads the config clusters of kubernetes.clusterLocatorMethods in order', () => {
    const list = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [cluster('eu'), cluster('us')] },
            { type: 'config', clusters: [cluster('asia')] },
          ],
        },
      }),
    );
    expect(list.clusters.map(c => c.name)).toEqual(['eu', 'us', 'asia']);
    expect(list.clusters[1]).toEqual({
      name: 'us',
      configKey: 'kubernetes.clusterLocatorMethods[0].clusters[1]',
      connection: {
        type: 'config',
        url: 'https://us.example.com:6443',
        token: 'token-us',
        caData: 'Y2E=',
        caFile: undefined,
        skipTLSVerify: false,
      },
    });
    expect(list.skipped).toEqual([]);
  });

  it('skips, saying why, what it cannot provision on', () => {
    const list = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'gke', projectId: 'p' },
            {
              type: 'config',
              clusters: [
                cluster('oidc', { authProvider: 'oidc' }),
                cluster('ok'),
              ],
            },
          ],
        },
      }),
    );
    expect(list.clusters.map(c => c.name)).toEqual(['ok']);
    expect(list.skipped).toEqual([
      'kubernetes.clusterLocatorMethods[0] (type gke) is skipped: supabase reads clusters of type config.',
      'kubernetes.clusterLocatorMethods[1].clusters[0] (oidc) is skipped: supabase provisions as a service account, so it needs authProvider: serviceAccount and a serviceAccountToken.',
    ]);
  });

  it('takes supabase.kubernetes, the short form, as the one cluster', () => {
    const list = readClusters(
      new ConfigReader({
        supabase: {
          kubernetes: { type: 'kubeconfig', name: 'dev', context: 'kind' },
        },
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [cluster('x')] }],
        },
      }),
    );
    expect(list.clusters).toEqual([
      {
        name: 'dev',
        configKey: 'supabase.kubernetes',
        connection: { type: 'kubeconfig', context: 'kind' },
      },
    ]);
  });

  it('says what to configure when there is no cluster', () => {
    for (const data of [
      {},
      { kubernetes: { clusterLocatorMethods: [] } },
      {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [cluster('a', { authProvider: 'aws' })],
            },
          ],
        },
      },
    ]) {
      expect(() => readClusters(new ConfigReader(data))).toThrow(
        /No Kubernetes cluster is configured for supabase\. List your clusters under kubernetes\.clusterLocatorMethods.*or set supabase\.kubernetes/,
      );
    }
  });

  it('refuses an unknown short-form type and a name used twice', () => {
    expect(() =>
      readClusters(
        new ConfigReader({ supabase: { kubernetes: { type: 'local' } } }),
      ),
    ).toThrow(
      /supabase\.kubernetes\.type must be one of kubeconfig, inCluster, config; got "local"/,
    );
    expect(() =>
      readClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: [cluster('a'), cluster('a')] },
            ],
          },
        }),
      ),
    ).toThrow(
      'kubernetes.clusterLocatorMethods[0].clusters[1]: the cluster name "a" is used twice',
    );
    expect(() =>
      readClusters(
        new ConfigReader({ supabase: { kubernetes: { type: 'config' } } }),
      ),
    ).toThrow(/supabase\.kubernetes\.url/);
  });
});
