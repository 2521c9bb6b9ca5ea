import type { KubernetesObject } from '@kubernetes/client-node';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { ClusterClient, ObjectRef } from '../kubernetes/ClusterClient';
import { findDependencyProblems } from './dependencyProblems';

const secret = (name: string, values: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'team-a' },
  data: Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Buffer.from(v).toString('base64'),
    ]),
  ),
});

const configMap = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'team-a' },
  data,
});

/** A cluster that holds the namespace, the database Secret and `objects`. */
function clusterWith(objects: KubernetesObject[]): ClusterClient {
  const all: KubernetesObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    secret('db', {
      host: 'h',
      port: '5432',
      database: 'd',
      username: 'u',
      password: 'p',
    }),
    ...objects,
  ];
  return {
    get: async (ref: ObjectRef) =>
      all.find(
        o => o.kind === ref.kind && o.metadata?.name === ref.name,
      ) as any,
  } as Partial<ClusterClient> as ClusterClient;
}

const problemsOf = async (
  objects: KubernetesObject[],
  spec: Partial<ProjectSpec>,
) =>
  (
    await findDependencyProblems(clusterWith(objects), 'team-a', {
      database: { secretRef: 'db' },
      ...spec,
    })
  ).problems;

describe('the dashboard basic-auth Secret', () => {
  const spec = { studio: { basicAuthSecretRef: 'dash-auth' } };

  it('must exist with username and password', async () => {
    expect(await problemsOf([], spec)).toEqual([
      'The dashboard basic-auth Secret "team-a/dash-auth" does not exist. Create it with the keys username, password.',
    ]);
    expect(
      await problemsOf([secret('dash-auth', { username: 'admin' })], spec),
    ).toEqual([
      'The dashboard basic-auth Secret "team-a/dash-auth" is missing key "password". Add it to the Secret and retry.',
    ]);
    expect(
      await problemsOf(
        [secret('dash-auth', { username: 'admin', password: `p"\\|&'$ ü` })],
        spec,
      ),
    ).toEqual([]);
  });

  it('must hold values Kong can take', async () => {
    expect(
      await problemsOf(
        [secret('dash-auth', { username: 'ad:min', password: 'secret\n' })],
        spec,
      ),
    ).toEqual([
      'The dashboard basic-auth Secret "team-a/dash-auth" key "password" contains a line break or another control character (a file\'s trailing newline?). Store the value alone.',
      'The dashboard basic-auth Secret "team-a/dash-auth" key "username" contains ":", which basic auth cannot carry in a user name.',
    ]);
  });

  it('is not looked for without studio.basicAuthSecretRef', async () => {
    expect(
      await problemsOf([], { studio: { publicUrl: 'https://x.example' } }),
    ).toEqual([]);
  });
});

describe('the functions ConfigMap', () => {
  const spec = { functions: { enabled: true, configMapRef: 'fns' } };

  it('must exist when functions are enabled', async () => {
    expect(await problemsOf([], spec)).toEqual([
      'ConfigMap "team-a/fns" (edge functions) does not exist. Create it with a "<name>.ts" key per function, or remove functions.configMapRef.',
    ]);
    expect(
      await problemsOf([], {
        functions: { enabled: false, configMapRef: 'fns' },
      }),
    ).toEqual([]);
    expect(await problemsOf([], { functions: { enabled: true } })).toEqual([]);
  });

  it('must hold functions, each named as a function', async () => {
    expect(
      await problemsOf([configMap('fns', { 'README.md': '' })], spec),
    ).toEqual([
      'ConfigMap "team-a/fns" (edge functions) has no function: name each key "<name>.ts", with letters, digits, "_" and "-" in the name.',
    ]);
    expect(
      await problemsOf(
        [configMap('fns', { 'hello.ts': '', 'my.fn.ts': '' })],
        spec,
      ),
    ).toEqual([
      'ConfigMap "team-a/fns" (edge functions) has keys that are no function name: "my.fn.ts": name each key "<name>.ts", with letters, digits, "_" and "-" in the name.',
    ]);
    expect(
      await problemsOf(
        [
          configMap('fns', {
            'hello.ts': '',
            'send-mail_2.ts': '',
            'x.md': '',
          }),
        ],
        spec,
      ),
    ).toEqual([]);
  });
});

describe('the server Secret', () => {
  const spec = { database: { serverSecretRef: 'pg-server' } };

  it('must exist with host, port, username and password', async () => {
    expect(await problemsOf([], spec)).toEqual([
      'The server Secret "team-a/pg-server" does not exist. Create it with the keys host, port, username, password.',
    ]);
    expect(
      await problemsOf(
        [secret('pg-server', { host: 'h', port: '5432', username: 'u' })],
        spec,
      ),
    ).toEqual([
      'The server Secret "team-a/pg-server" is missing key "password". Add it to the Secret and retry.',
    ]);
  });

  it('needs no database key, and a port that is one', async () => {
    const server = { host: 'h', port: '5432', username: 'u', password: 'p' };
    expect(await problemsOf([secret('pg-server', server)], spec)).toEqual([]);
    expect(
      await problemsOf([secret('pg-server', { ...server, port: 'x' })], spec),
    ).toEqual([
      'The server Secret "team-a/pg-server" key "port" must be a TCP port number (1-65535).',
    ]);
  });
});
