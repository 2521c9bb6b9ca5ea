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
});

describe('parseUpdateProjectRequest', () => {
  it('takes the spec, with the project own name and namespace allowed', () => {
    expect(
      parseUpdateProjectRequest(base, { namespace: 'team-a', name: 'shop' }),
    ).toEqual(base.spec);
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
});
