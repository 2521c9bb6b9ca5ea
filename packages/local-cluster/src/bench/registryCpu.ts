/**
 * The CPU time of the local cluster's store, registry, controllers and
 * kubelet alone (no HTTP, no processes): N namespaces of Deployments whose
 * containers are simulated, a ConfigMap, a Secret and a Service each,
 * created through the registry; each Deployment is read and serialized (as a
 * GET is), patched twice (the second patch changes nothing), and every
 * namespace's pods are listed; once all are ready, the namespaces are deleted
 * and emptied by the garbage collector.
 *
 * Run from the package folder:
 *   BENCH_NAMESPACES=200 node --require @backstage/cli/config/nodeTransform.cjs src/bench/registryCpu.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from '../api/registry';
import {
  CONFIGMAPS,
  DEPLOYMENTS as DEPLOYMENT_TYPE,
  NAMESPACES,
  PODS,
  SECRETS,
  SERVICES,
} from '../api/resources';
import { DeploymentController } from '../controllers/deploymentController';
import { EventRecorder } from '../controllers/events';
import { GarbageCollector } from '../controllers/garbageCollector';
import { ReplicaSetController } from '../controllers/replicaSetController';
import { Kubelet } from '../pods/kubelet';
import { PodLogStore } from '../pods/podLogs';
import { ObjectStore } from '../store/store';
import { DEPLOYMENTS, deployment, JSON_PATCH } from './workload';

/** Resolves once `done()` holds, looking after each turn of the event loop. */
function until(done: () => boolean): Promise<void> {
  return new Promise(resolve => {
    const check = () => (done() ? resolve() : setTimeout(check, 10));
    check();
  });
}

async function main() {
  const count = Number(process.env.BENCH_NAMESPACES ?? 200);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-cpu-'));
  const store = new ObjectStore({ watchHistorySize: 10_000 });
  const registry = new Registry(store);
  const recorder = new EventRecorder(registry, 'local-node');
  const controllers = [
    new GarbageCollector(registry, store),
    new ReplicaSetController(registry, store, recorder),
    new DeploymentController(registry, store, recorder),
  ];
  const kubelet = new Kubelet(registry, store, recorder, new PodLogStore(), {
    nodeName: 'local-node',
    hostIP: '127.0.0.1',
    workDir,
    simulatedReadyDelayMs: 20,
    restartBackoffBaseMs: 1000,
    restartBackoffMaxMs: 30_000,
    processImages: [],
    faults: () => ({}),
  });
  let served = 0;
  const serve = (obj: unknown) => {
    served += JSON.stringify(obj).length;
  };
  const names = Array.from({ length: count }, (_, i) => `bench-${i}`);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();

  for (const namespace of names) {
    registry.create(NAMESPACES, undefined, { metadata: { name: namespace } });
    registry.create(CONFIGMAPS, namespace, {
      metadata: { name: 'config' },
      data: { key: 'value' },
    });
    registry.create(SECRETS, namespace, {
      metadata: { name: 'secret' },
      stringData: { key: 'value' },
    });
    registry.create(SERVICES, namespace, {
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    for (let i = 0; i < DEPLOYMENTS; i++) {
      registry.create(DEPLOYMENT_TYPE, namespace, deployment(`component-${i}`));
    }
  }
  // Let the controllers and the kubelet work between the clients' requests.
  await new Promise(resolve => setImmediate(resolve));
  for (const namespace of names) {
    for (let i = 0; i < DEPLOYMENTS; i++) {
      const name = `component-${i}`;
      for (let patch = 0; patch < 2; patch++) {
        serve(registry.get(DEPLOYMENT_TYPE, namespace, name));
        const body = JSON.stringify(JSON_PATCH);
        serve(
          registry.patch(
            DEPLOYMENT_TYPE,
            namespace,
            name,
            'application/json-patch+json',
            body,
          ).object,
        );
      }
    }
    await new Promise(resolve => setImmediate(resolve));
  }
  const ready = () =>
    names.every(namespace =>
      registry
        .list(DEPLOYMENT_TYPE, namespace)
        .items.every(d => d.status?.readyReplicas === 1),
    );
  await until(ready);
  for (const namespace of names) serve(registry.list(PODS, namespace));
  for (const namespace of names) {
    registry.delete(NAMESPACES, undefined, namespace);
  }
  await until(() =>
    names.every(name => !store.peek(NAMESPACES, undefined, name)),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = Date.now() - started;

  controllers.forEach(c => c.stop());
  await kubelet.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({
      namespaces: count,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      wallMs,
      resourceVersion: store.resourceVersion,
      servedBytes: served,
    })}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
