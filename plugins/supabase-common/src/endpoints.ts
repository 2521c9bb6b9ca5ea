/**
 * How a project's endpoint is reached: `public` (an Ingress host or
 * `studio.publicUrl`: open it), or `cluster`, a Service's cluster DNS name
 * that answers only inside the cluster; from a workstation, the
 * `kubectl port-forward` command makes it answer at `localUrl`. @public
 */
export type EndpointReach =
  | { kind: 'public'; url: string }
  | {
      kind: 'cluster';
      url: string;
      namespace: string;
      service: string;
      port: number;
      /** Makes the Service answer on the workstation's `localUrl`. */
      portForward: string;
      /** The same endpoint through the port-forward. */
      localUrl: string;
    };

// <service>.<namespace>.svc, optionally with the cluster domain: Kubernetes'
// DNS name of a Service, which resolves only inside the cluster.
const SERVICE_HOST = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?\.?$/;

/**
 * Whether a URL is public or a Service inside the cluster, with the
 * `kubectl port-forward` command that reaches the latter.
 *
 * @public
 */
export function endpointReach(url: string): EndpointReach {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'public', url };
  }
  const match = SERVICE_HOST.exec(parsed.hostname);
  if (!match) return { kind: 'public', url };
  const [, service, namespace] = match;
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  // Unprivileged on the workstation: port-forward binds a local port.
  const localPort = port < 1024 ? 8000 + port : port;
  const path = `${parsed.pathname === '/' ? '' : parsed.pathname}${
    parsed.search
  }`;
  return {
    kind: 'cluster',
    url,
    namespace,
    service,
    port,
    portForward: `kubectl -n ${namespace} port-forward svc/${service} ${localPort}:${port}`,
    localUrl: `${parsed.protocol}//localhost:${localPort}${path}`,
  };
}
