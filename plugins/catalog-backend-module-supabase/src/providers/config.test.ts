import { ConfigReader } from '@backstage/config';
import { readProviderConfig } from './config';

const read = (supabase?: object) =>
  readProviderConfig(
    new ConfigReader(supabase ? { catalog: { providers: { supabase } } } : {}),
  );

describe('readProviderConfig', () => {
  it('defaults to every 30 seconds, group:default/platform and experimental', () => {
    expect(read()).toEqual({
      schedule: { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
      defaultOwner: 'group:default/platform',
      lifecycle: 'experimental',
    });
  });

  it('reads the schedule, owner and lifecycle', () => {
    expect(
      read({
        schedule: {
          frequency: { minutes: 2 },
          timeout: 'PT45S',
          initialDelay: { seconds: 5 },
        },
        defaultOwner: 'group:ops/dba',
        lifecycle: 'production',
      }),
    ).toEqual({
      schedule: {
        frequency: { minutes: 2 },
        timeout: { seconds: 45 },
        initialDelay: { seconds: 5 },
      },
      defaultOwner: 'group:ops/dba',
      lifecycle: 'production',
    });
  });

  it('takes a bare owner name as a group in the default namespace', () => {
    expect(read({ defaultOwner: 'dba' }).defaultOwner).toBe(
      'group:default/dba',
    );
  });

  it('refuses settings that cannot work', () => {
    expect(() => read({ defaultOwner: 'group:' })).toThrow(
      /catalog.providers.supabase.defaultOwner "group:" is not an entity ref/,
    );
    expect(() => read({ lifecycle: ' ' })).toThrow(
      /lifecycle must not be empty/,
    );
    expect(() => read({ schedule: { timeout: { minutes: 1 } } })).toThrow(
      /frequency/,
    );
  });
});
