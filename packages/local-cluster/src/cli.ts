/**
 * `yarn local-cluster`: starts the local cluster on a port and writes a
 * kubeconfig that reaches it, until interrupted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalCluster } from './cluster';

const USAGE = `Usage: yarn local-cluster [--port 6443] [--host 127.0.0.1] [--kubeconfig FILE]

Starts a local Kubernetes API server (a test and demo double, not a cluster)
and writes a kubeconfig for it (default: .local/local-cluster/kubeconfig).
Pods of postgres images with a command run as local processes; others are simulated.`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '6443' },
      host: { type: 'string', default: '127.0.0.1' },
      kubeconfig: {
        type: 'string',
        default: path.join('.local', 'local-cluster', 'kubeconfig'),
      },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `--port must be a port number (0-65535), got "${values.port}"`,
    );
  }
  const cluster = await startLocalCluster({ port, host: values.host });
  // Yarn runs workspace scripts in the package folder; paths are the caller's.
  const file = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    values.kubeconfig!,
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, cluster.kubeconfigYaml, { mode: 0o600 });
  process.stdout.write(
    `local-cluster listening on ${cluster.url}\n` +
      `kubeconfig written to ${file}\n` +
      `try: kubectl --kubeconfig ${file} get namespaces\n`,
  );
  const shutdown = () => {
    cluster.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch(error => {
  process.stderr.write(`local-cluster: ${(error as Error).message}\n`);
  process.exit(1);
});
