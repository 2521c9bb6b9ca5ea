import { ConfigReader } from '@backstage/config';
import { readSupabaseConfig } from './config';

const KEY = 'k'.repeat(32);
const CLUSTER = { kubernetes: { type: 'inCluster' } };

describe('readSupabaseConfig', () => {
  it('has sensible timings by default', () => {
    const settings = readSupabaseConfig(
      new ConfigReader({ supabase: { ...CLUSTER, secretsEncryptionKey: KEY } }),
    );
    expect(settings.dbInitWaitSeconds).toBe(60);
    expect(settings.dbInitMaxConcurrentRunsPerServer).toBe(4);
    expect(settings.componentTimeoutMs).toBe(600_000);
    expect(settings.resyncInterval).toEqual({ seconds: 30 });
    expect(settings.watch).toBe(true);
    expect(settings.clusters.clusters.map(c => c.name)).toEqual(['default']);
  });

  it('reads how many db-init Jobs may run per database server, and rejects what is not a whole number of at least 1', () => {
    const read = (maxConcurrentRunsPerServer: number) =>
      readSupabaseConfig(
        new ConfigReader({
          supabase: {
            ...CLUSTER,
            secretsEncryptionKey: KEY,
            dbInit: { maxConcurrentRunsPerServer },
          },
        }),
      );
    expect(read(2).dbInitMaxConcurrentRunsPerServer).toBe(2);
    for (const bad of [0, -1, 1.5]) {
      expect(() => read(bad)).toThrow(
        /supabase\.dbInit\.maxConcurrentRunsPerServer must be a whole number of at least 1/,
      );
    }
  });

  it('requires an encryption key, naming it', () => {
    expect(() =>
      readSupabaseConfig(new ConfigReader({ supabase: CLUSTER })),
    ).toThrow(/supabase\.secretsEncryptionKey is required/);
  });

  it('reads one encryption key or a list of them, and refuses short ones', () => {
    const read = (secretsEncryptionKey: unknown) =>
      readSupabaseConfig(
        new ConfigReader({
          supabase: { ...CLUSTER, secretsEncryptionKey },
        } as any),
      );
    expect(read(KEY).secretsEncryptionKeys).toEqual([KEY]);
    expect(read([KEY, `${KEY}-old`]).secretsEncryptionKeys).toEqual([
      KEY,
      `${KEY}-old`,
    ]);
    expect(() => read('short')).toThrow(
      /supabase\.secretsEncryptionKey must be a string of at least 32 characters/,
    );
    expect(() => read([])).toThrow(/supabase\.secretsEncryptionKey/);
  });
});
