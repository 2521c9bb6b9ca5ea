import {
  parseCreateProjectRequest,
  parseUpdateProjectRequest,
} from './validation';

const base = {
  namespace: 'team-a',
  name: 'shop',
  spec: { database: { secretRef: 'db' } },
};

describe('parseCreateProjectRequest', () => {
  it("takes the server's PostgreSQL major and refuses one the SQL set does not support", () => {
    const withMajor = (majorVersion: unknown) => ({
      ...base,
      spec: { database: { secretRef: 'db', majorVersion } },
    });
    expect(
      parseCreateProjectRequest(withMajor(17)).spec.database.majorVersion,
    ).toBe(17);
    expect(() => parseCreateProjectRequest(withMajor(16))).toThrow(
      "spec.database.majorVersion: must be one of 15, 17: the major version of the server's PostgreSQL",
    );
  });

  it('refuses a request without a spec, or with too long a name, naming the field', () => {
    expect(() =>
      parseCreateProjectRequest({ namespace: 'team-a', name: 'shop' }),
    ).toThrow(/\bspec\b/);
    expect(() =>
      parseCreateProjectRequest({ ...base, name: 'a'.repeat(60) }),
    ).toThrow(/name: must be at most \d+ characters/);
  });

  it('accepts resources that name only some quantities', () => {
    const request = parseCreateProjectRequest({
      ...base,
      spec: {
        ...base.spec,
        components: { auth: { resources: { requests: { cpu: '100m' } } } },
      },
    });
    expect(request.spec.components?.auth?.resources).toEqual({
      requests: { cpu: '100m' },
    });
  });

  it('names each field at fault', () => {
    expect(() =>
      parseCreateProjectRequest({
        ...base,
        spec: {
          database: { secretRef: 'DB!' },
          components: { auth: { resources: { limits: { gpu: '1' } } } },
          auth: { siteUrl: 'ftp://example.com' },
        },
      }),
    ).toThrow(
      'Invalid project: spec.database.secretRef: must be a Kubernetes object name: lower-case letters, digits, "-" and "."; spec.auth.siteUrl: Invalid URL; spec.components.auth.resources.limits: Unrecognized key: "gpu"',
    );
  });

  it('takes a catalog lifecycle word, and names the field when it is not one', () => {
    const spec = { ...base.spec, lifecycle: 'production' };
    expect(parseCreateProjectRequest({ ...base, spec }).spec.lifecycle).toBe(
      'production',
    );
    expect(() =>
      parseCreateProjectRequest({
        ...base,
        spec: { ...base.spec, lifecycle: 'in production!' },
      }),
    ).toThrow('spec.lifecycle: must be a word such as experimental');
  });
});

describe('spec.apiKeys', () => {
  const withApiKeys = (apiKeys: unknown) => ({
    ...base,
    spec: { ...base.spec, apiKeys },
  });

  it("gives a new project only the new keys, as upstream's new projects, unless it asks for the legacy ones", () => {
    expect(parseCreateProjectRequest(base).spec.apiKeys).toEqual({
      legacy: false,
    });
    expect(parseCreateProjectRequest(withApiKeys({})).spec.apiKeys).toEqual({
      legacy: false,
    });
    expect(
      parseCreateProjectRequest(withApiKeys({ legacy: true })).spec.apiKeys,
    ).toEqual({ legacy: true });
  });

  it('names the field and what it takes', () => {
    expect(() =>
      parseCreateProjectRequest(withApiKeys({ legacy: 'yes' })),
    ).toThrow(
      'spec.apiKeys.legacy: must be true or false: whether the legacy anon and service_role keys are accepted besides the publishable and secret keys',
    );
    expect(() =>
      parseCreateProjectRequest(withApiKeys({ legacyKeys: true })),
    ).toThrow('spec.apiKeys');
  });

  it('leaves an update as it is sent (the store keeps the switch of a spec without it)', () => {
    expect(
      parseUpdateProjectRequest({ spec: base.spec }, base).spec!.apiKeys,
    ).toBeUndefined();
  });
});

describe('spec.database', () => {
  it('takes an existing database or a server on which the project gets its own', () => {
    expect(
      parseCreateProjectRequest({
        ...base,
        spec: { database: { serverSecretRef: 'pg-server' } },
      }).spec.database,
    ).toEqual({ serverSecretRef: 'pg-server' });
    expect(parseCreateProjectRequest(base).spec.database).toEqual({
      secretRef: 'db',
    });
  });

  it('needs exactly one of the two, and says which to set', () => {
    expect(() =>
      parseCreateProjectRequest({ ...base, spec: { database: {} } }),
    ).toThrow(
      'Invalid project: spec.database: set secretRef (a Secret of an existing database) or serverSecretRef (a Secret of a server on which the project gets its own database)',
    );
    expect(() =>
      parseCreateProjectRequest({
        ...base,
        spec: { database: { secretRef: 'db', serverSecretRef: 'srv' } },
      }),
    ).toThrow(
      'Invalid project: spec.database: set either secretRef (an existing database) or serverSecretRef (a server on which the project gets its own database), not both; remove one',
    );
  });

  it('names a bad server Secret name', () => {
    expect(() =>
      parseCreateProjectRequest({
        ...base,
        spec: { database: { serverSecretRef: 'Server!' } },
      }),
    ).toThrow(
      'spec.database.serverSecretRef: must be a Kubernetes object name',
    );
  });
});

describe('spec.database.maxConnections', () => {
  it('must leave every pooled replica a connection, and says how many that is', () => {
    const spec = (maxConnections: number, replicas: number) => ({
      ...base,
      spec: {
        database: { secretRef: 'db', maxConnections },
        storage: { secretRef: 's3' },
        components: { rest: { replicas } },
      },
    });
    // auth, rest x3, realtime, storage: 6 replicas keep a pool.
    expect(parseCreateProjectRequest(spec(6, 3)).spec.database).toEqual({
      secretRef: 'db',
      maxConnections: 6,
    });
    expect(() => parseCreateProjectRequest(spec(5, 3))).toThrow(
      'Invalid project: spec.database.maxConnections: must be at least 6, one connection for each replica that keeps a database pool (auth, rest, realtime and storage); raise it or lower their replicas',
    );
  });
});

describe('functions and studio in the spec', () => {
  const parse = (spec: object) =>
    parseCreateProjectRequest({ ...base, spec: { ...base.spec, ...spec } });

  it('accepts the switch, a functions ConfigMap, a public URL and a Secret', () => {
    const request = parse({
      functions: { enabled: true, configMapRef: 'my-functions' },
      studio: {
        publicUrl: 'https://studio.example.com',
        basicAuthSecretRef: 'dash-auth',
      },
      components: { functions: { replicas: 2 } },
    });
    expect(request.spec.functions).toEqual({
      enabled: true,
      configMapRef: 'my-functions',
    });
    expect(request.spec.studio?.publicUrl).toBe('https://studio.example.com');
    expect(request.spec.components?.functions?.replicas).toBe(2);
  });

  it('names each field at fault', () => {
    expect(() =>
      parse({
        functions: { configMapRef: 'Not_A_Name', verifyJwt: true },
        studio: { publicUrl: 'ftp://studio.example.com', password: 'x' },
      }),
    ).toThrow(
      'Invalid project: spec.functions.enabled: Invalid input: expected boolean, received undefined; spec.functions.configMapRef: must be a Kubernetes object name: lower-case letters, digits, "-" and "."; spec.functions: Unrecognized key: "verifyJwt"; spec.studio.publicUrl: must be an http or https URL; spec.studio: Unrecognized key: "password"',
    );
    expect(() =>
      parse({ studio: { publicUrl: 'studio.example.com' } }),
    ).toThrow('spec.studio.publicUrl: must be an http or https URL');
    expect(() =>
      parse({ studio: { basicAuthSecretRef: 'Dash Auth' } }),
    ).toThrow(
      'spec.studio.basicAuthSecretRef: must be a Kubernetes object name',
    );
  });
});

describe('parseUpdateProjectRequest', () => {
  it('takes the spec, with the project own name and namespace allowed', () => {
    expect(
      parseUpdateProjectRequest(base, { namespace: 'team-a', name: 'shop' }),
    ).toEqual({ spec: base.spec, owner: undefined });
  });

  it('takes a new owner as a normalized entity ref, with or without a spec', () => {
    const project = { namespace: 'team-a', name: 'shop' };
    expect(
      parseUpdateProjectRequest({ owner: 'Group:Team-B' }, project),
    ).toEqual({ spec: undefined, owner: 'group:default/team-b' });
    expect(() => parseUpdateProjectRequest({}, project)).toThrow(
      'give the new "spec", a new "owner", or both',
    );
    expect(() =>
      parseUpdateProjectRequest({ owner: 'team-b' }, project),
    ).toThrow(
      'Invalid project update: owner: must be the entity ref of a user or group, e.g. "group:default/team-a" (got "team-b")',
    );
  });

  it('refuses another name or namespace, naming the field', () => {
    expect(() =>
      parseUpdateProjectRequest(
        { ...base, name: 'store' },
        { namespace: 'team-a', name: 'shop' },
      ),
    ).toThrow('name: a project cannot be renamed ("shop" → "store")');
    expect(() =>
      parseUpdateProjectRequest(
        { ...base, namespace: 'team-b' },
        { namespace: 'team-a', name: 'shop' },
      ),
    ).toThrow('namespace: a project cannot be moved to another namespace');
  });

  it('refuses bad values in the new spec, naming the field', () => {
    const project = { namespace: 'team-a', name: 'shop' };
    const withSpec = (spec: object) =>
      parseUpdateProjectRequest({ spec: { ...base.spec, ...spec } }, project);
    expect(() =>
      withSpec({ auth: { oauthProviders: { myspace: { secretRef: 'x' } } } }),
    ).toThrow('spec.auth.oauthProviders');
    expect(() => withSpec({ components: { auth: { replicas: 11 } } })).toThrow(
      'spec.components.auth.replicas',
    );
  });
});
