import { ConfigReader } from '@backstage/config';
import { readSupabaseConfig } from './config';

describe('readSupabaseConfig', () => {
  it('defaults to the local cluster with sensible timings', () => {
    const settings = readSupabaseConfig(new ConfigReader({}));
    expect(settings.kubernetes).toEqual({
      type: 'local',
      demoNamespace: 'default',
    });
    expect(settings.dbInitWaitSeconds).toBe(60);
    expect(settings.componentTimeoutMs).toBe(600_000);
    expect(settings.resyncInterval).toEqual({ seconds: 30 });
    expect(settings.watch).toBe(true);
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
});
