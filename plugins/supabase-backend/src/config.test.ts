import { ConfigReader } from '@backstage/config';
import { readSupabaseConfig } from './config';

const KEY = 'k'.repeat(32);

describe('readSupabaseConfig', () => {
  it('defaults to the local cluster with sensible timings', () => {
    const settings = readSupabaseConfig(new ConfigReader({}));
    expect(settings.kubernetes).toEqual({
      type: 'local',
      demoNamespace: 'default',
    });
    expect(settings.dbInitWaitSeconds).toBe(60);
    expect(settings.dbInitMaxConcurrentRunsPerServer).toBe(4);
    expect(settings.componentTimeoutMs).toBe(600_000);
    expect(settings.resyncInterval).toEqual({ seconds: 30 });
    expect(settings.watch).toBe(true);
  });

  it('reads how many db-init Jobs may run per database server, and rejects what is not a whole number of at least 1', () => {
    const read = (maxConcurrentRunsPerServer: number) =>
      readSupabaseConfig(
        new ConfigReader({
          supabase: { dbInit: { maxConcurrentRunsPerServer } },
        }),
      );
    expect(read(2).dbInitMaxConcurrentRunsPerServer).toBe(2);
    for (const bad of [0, -1, 1.5]) {
      expect(() => read(bad)).toThrow(
        /supabase\.dbInit\.maxConcurrentRunsPerServer must be a whole number of at least 1/,
      );
    }
  });

  it('reads the local mode settings, including where to write the kubeconfig', () => {
    const settings = readSupabaseConfig(
      new ConfigReader({
        supabase: {
          kubernetes: {
            type: 'local',
            local: { port: 6443, demoNamespace: 'demo', kubeconfigPath: 'kc' },
          },
        },
      }),
    );
    expect(settings.kubernetes).toEqual({
      type: 'local',
      port: 6443,
      demoNamespace: 'demo',
      kubeconfigPath: 'kc',
    });
  });

  it('reads an explicit cluster connection', () => {
    const settings = readSupabaseConfig(
      new ConfigReader({
        supabase: {
          kubernetes: {
            type: 'config',
            url: 'https://k8s.example.com:6443',
            token: 't',
            caData: 'Y2E=',
          },
          secretsEncryptionKey: KEY,
        },
      }),
    );
    expect(settings.kubernetes).toEqual({
      type: 'config',
      url: 'https://k8s.example.com:6443',
      token: 't',
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
  });

  it('names the key and the choices for an unknown cluster type', () => {
    expect(() =>
      readSupabaseConfig(
        new ConfigReader({ supabase: { kubernetes: { type: 'minikube' } } }),
      ),
    ).toThrow(
      'supabase.kubernetes.type must be one of local, kubeconfig, inCluster, config; got "minikube"',
    );
  });

  it('names the missing url of an explicit connection', () => {
    expect(() =>
      readSupabaseConfig(
        new ConfigReader({ supabase: { kubernetes: { type: 'config' } } }),
      ),
    ).toThrow(/supabase\.kubernetes\.url/);
  });

  it('requires an encryption key outside local mode, naming it', () => {
    expect(() =>
      readSupabaseConfig(
        new ConfigReader({ supabase: { kubernetes: { type: 'inCluster' } } }),
      ),
    ).toThrow(/supabase\.secretsEncryptionKey is required/);
    const local = readSupabaseConfig(new ConfigReader({}));
    expect(local.demoSecretsEncryptionKey).toBe(true);
    expect(local.secretsEncryptionKeys).toHaveLength(1);
  });

  it('reads one encryption key or a list of them, and refuses short ones', () => {
    const read = (secretsEncryptionKey: unknown) =>
      readSupabaseConfig(
        new ConfigReader({
          supabase: { kubernetes: { type: 'inCluster' }, secretsEncryptionKey },
        } as any),
      );
    expect(read(KEY).secretsEncryptionKeys).toEqual([KEY]);
    expect(read([KEY, `${KEY}-old`]).secretsEncryptionKeys).toEqual([
      KEY,
      `${KEY}-old`,
    ]);
    expect(read(KEY).demoSecretsEncryptionKey).toBe(false);
    expect(() => read('short')).toThrow(
      /supabase\.secretsEncryptionKey must be a string of at least 32 characters/,
    );
    expect(() => read([])).toThrow(/supabase\.secretsEncryptionKey/);
  });
});
