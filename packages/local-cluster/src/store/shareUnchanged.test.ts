import { shareUnchanged } from './shareUnchanged';

describe('shareUnchanged', () => {
  const previous = Object.freeze({
    spec: Object.freeze({ replicas: 1, env: Object.freeze([{ name: 'A' }]) }),
    status: Object.freeze({ ready: 0 }),
  });

  it('answers the previous object itself when nothing changed', () => {
    const next = {
      spec: { replicas: 1, env: [{ name: 'A' }] },
      status: { ready: 0 },
    };
    expect(shareUnchanged(next, previous)).toBe(previous);
  });

  it('keeps what changed and shares what did not', () => {
    const next = {
      spec: { replicas: 1, env: [{ name: 'A' }] },
      status: { ready: 1 },
    };
    const shared = shareUnchanged(next, previous);
    expect(shared).not.toBe(previous);
    expect(shared.spec).toBe(previous.spec);
    expect(shared.status).toEqual({ ready: 1 });
    expect(JSON.stringify(shared)).toBe(
      JSON.stringify({
        spec: { replicas: 1, env: [{ name: 'A' }] },
        status: { ready: 1 },
      }),
    );
  });

  it('sees a removed field and a longer list as changes', () => {
    expect(shareUnchanged({ spec: previous.spec }, previous)).not.toBe(
      previous,
    );
    const longer = {
      ...previous,
      spec: { ...previous.spec, env: [{ name: 'A' }, { name: 'B' }] },
    };
    const shared = shareUnchanged(longer, previous);
    expect(shared.spec).not.toBe(previous.spec);
    expect(shared.spec.env[0]).toBe(previous.spec.env[0]);
  });

  it('compares a frozen part without changing it', () => {
    const other = Object.freeze({ ready: 0 });
    const next = { spec: previous.spec, status: other };
    expect(shareUnchanged(next, previous)).toBe(previous);
    const changed = Object.freeze({ ready: 2 });
    expect(
      shareUnchanged({ spec: previous.spec, status: changed }, previous).status,
    ).toBe(changed);
  });
});
