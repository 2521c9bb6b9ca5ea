import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { BackendFeature, ServiceFactory } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import { supabasePlugin } from '../plugin';
import { clusterLocatorConfig } from './clusterLocatorConfig';
import { TestCluster } from './startTestCluster';

/** The tests' `supabase.secretsEncryptionKey`. */
export const TEST_ENCRYPTION_KEY =
  'test-key-for-the-projects-generated-keys-0001';

/** A running test backend and a client for the plugin's API. */
export interface SupabaseTestBackend {
  api: SupabaseTestApi;
  stop(): Promise<void>;
}

/** The plugin's REST API as the user `user:default/jane`. */
export interface SupabaseTestApi {
  server: Parameters<typeof request>[0];
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
  /** Waits until the project satisfies `done`; fails with its last state. */
  waitFor(
    ref: string,
    done: (project: SupabaseProject | undefined) => boolean,
    timeoutMs?: number,
  ): Promise<SupabaseProject | undefined>;
  /** Waits until the project is Running or Failed, and answers it. */
  waitForSettled(ref: string, timeoutMs?: number): Promise<SupabaseProject>;
}

/**
 * A backend with the supabase plugin against a test cluster (the short
 * form, `supabase.kubernetes`, cluster name `default`), or against several
 * named ones listed under `kubernetes.clusterLocatorMethods`.
 */
export async function startSupabaseBackend(
  cluster: TestCluster | Record<string, TestCluster>,
  options: {
    knex?: Knex;
    watch?: boolean;
    resyncIntervalSeconds?: number;
    componentTimeoutSeconds?: number;
    /** `supabase.secretsEncryptionKey`; a fixed test key by default. */
    secretsEncryptionKey?: string | string[];
    /** How long a replica's claim on a project lasts. */
    leaseSeconds?: number;
    /** More service factories, e.g. an auditor mock. */
    services?: ServiceFactory[];
    /** More plugins and modules, e.g. the permission backend and a policy. */
    features?: BackendFeature[];
    /** More configuration, e.g. `permission.enabled`. */
    config?: Record<string, unknown>;
  } = {},
): Promise<SupabaseTestBackend> {
  const clusterConfig: { root: JsonObject; supabase: JsonObject } =
    'kubeconfigPath' in cluster
      ? {
          root: {},
          supabase: {
            kubernetes: {
              type: 'kubeconfig',
              kubeconfigPath: cluster.kubeconfigPath as string,
            },
          },
        }
      : { root: { kubernetes: clusterLocatorConfig(cluster) }, supabase: {} };
  const backend = await startTestBackend({
    features: [
      supabasePlugin,
      // The real scheduler: the periodic resync runs as in production (the
      // test default only runs tasks at startup).
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ...clusterConfig.root,
          supabase: {
            ...clusterConfig.supabase,
            watch: options.watch ?? true,
            resyncIntervalSeconds: options.resyncIntervalSeconds ?? 5,
            // Production's value: a healthy rollout never runs into it,
            // however busy the machine.
            componentTimeoutSeconds: options.componentTimeoutSeconds ?? 600,
            dbInit: { waitSeconds: 2 },
            secretsEncryptionKey:
              options.secretsEncryptionKey ?? TEST_ENCRYPTION_KEY,
            ...(options.leaseSeconds
              ? { leaseSeconds: options.leaseSeconds }
              : {}),
          },
          ...options.config,
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      ...(options.services ?? []),
      ...(options.features ?? []),
    ],
  });
  const api: SupabaseTestApi = {
    server: backend.server,
    get: (path: string) =>
      request(backend.server)
        .get(`/api/supabase${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/jane')),
    post: (path: string, body?: object) =>
      request(backend.server)
        .post(`/api/supabase${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send(body ?? {}),
    patch: (path: string, body?: object) =>
      request(backend.server)
        .patch(`/api/supabase${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/jane'))
        .send(body ?? {}),
    delete: (path: string) =>
      request(backend.server)
        .delete(`/api/supabase${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/jane')),
    async waitForSettled(ref, timeoutMs) {
      return (await api.waitFor(
        ref,
        p => p?.phase === 'Running' || p?.phase === 'Failed',
        timeoutMs,
      ))!;
    },
    async waitFor(ref, done, timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      let last: SupabaseProject | undefined;
      for (;;) {
        const res = await api.get(`/projects/${ref}`);
        last = res.status === 200 ? res.body : undefined;
        if (done(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(
            `Timed out waiting for ${ref}; last state: ${JSON.stringify(last)}`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    },
  };
  return { api, stop: () => backend.stop() };
}
