import type { V1Ingress } from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

/** Kong's proxy port: the one entry to every API. */
export const KONG_PORT = 8000;

/**
 * The Ingress that publishes the project's API gateway (kong) on the host
 * the spec names, with TLS from the named Secret; none without `ingress`.
 */
export function buildIngress(
  project: ProjectObjectInput,
  owner: AnchorRef,
): V1Ingress | undefined {
  const ingress = project.spec.ingress;
  if (!ingress) return undefined;
  const kong = objectNames(project.name).component('kong');
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: kong,
      namespace: project.namespace,
      labels: standardLabels(project.name, 'kong'),
      ...(ingress.annotations
        ? { annotations: { ...ingress.annotations } }
        : {}),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: {
      ...(ingress.className ? { ingressClassName: ingress.className } : {}),
      ...(ingress.tlsSecretRef
        ? { tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretRef }] }
        : {}),
      rules: [
        {
          host: ingress.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: kong, port: { number: KONG_PORT } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The API's public URL when the project has an Ingress. */
export function ingressUrl(project: ProjectObjectInput): string | undefined {
  const ingress = project.spec.ingress;
  if (!ingress) return undefined;
  return `${ingress.tlsSecretRef ? 'https' : 'http'}://${ingress.host}`;
}
