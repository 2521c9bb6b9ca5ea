import YAML from 'yaml';

/** A kubeconfig for the local cluster: one cluster, one user with a bearer token. */
export function buildKubeconfig(options: {
  server: string;
  token: string;
  /** PEM of the CA that signed the serving certificate. */
  certificateAuthority: string;
  name?: string;
  namespace?: string;
}): string {
  const name = options.name ?? 'local-cluster';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(
            options.certificateAuthority,
          ).toString('base64'),
        },
      },
    ],
    users: [{ name: `${name}-admin`, user: { token: options.token } }],
    contexts: [
      {
        name,
        context: {
          cluster: name,
          user: `${name}-admin`,
          namespace: options.namespace ?? 'default',
        },
      },
    ],
    'current-context': name,
    preferences: {},
  });
}
