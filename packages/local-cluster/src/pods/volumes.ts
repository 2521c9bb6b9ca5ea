/**
 * Pod volumes on the local machine. Each volume is a folder under the pod's
 * temporary folder; ConfigMap and Secret volumes get one file per key
 * (or per `items` entry), read-only as Kubernetes mounts them.
 *
 * There is no mount namespace: a container's `mountPath` (e.g. `/scripts`)
 * does not exist on this machine. The process runner therefore rewrites the
 * mount paths that appear in `command`, `args`, `env` values and
 * `workingDir` to the volume folders (see `rewriteMountPaths`). A program
 * that builds such paths itself (e.g. a script that reads `/scripts/x.sql`
 * literally) does not see them: use paths relative to `$0`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ContainerConfigError, type ObjectLookup } from './env';
import type { KubeObject } from '../types';

/** A volume could not be set up; the kubelet reports FailedMount. */
export class VolumeMountError extends Error {
  constructor(readonly volume: string, message: string) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${message}`);
    this.name = 'VolumeMountError';
  }
}

/** Where a container's mount path lives on this machine. */
export interface MountMapping {
  mountPath: string;
  hostPath: string;
  readOnly: boolean;
}

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

function writeFiles(
  dir: string,
  entries: Array<{ path: string; content: Buffer; mode: number }>,
) {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of entries) {
    const file = path.join(dir, entry.path);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { force: true });
    fs.writeFileSync(file, entry.content);
    // ConfigMap and Secret volumes are always mounted read-only.
    fs.chmodSync(file, entry.mode & 0o555);
  }
}

function projectKeys(
  data: Record<string, Buffer>,
  items: KeyToPath[] | undefined,
  defaultMode: number,
  kind: string,
  name: string,
  optional: boolean,
): Array<{ path: string; content: Buffer; mode: number }> {
  if (!items || items.length === 0) {
    return Object.entries(data).map(([key, content]) => ({
      path: key,
      content,
      mode: defaultMode,
    }));
  }
  const out: Array<{ path: string; content: Buffer; mode: number }> = [];
  for (const item of items) {
    const content = data[item.key];
    if (content === undefined) {
      if (optional) continue;
      throw new Error(
        kind === 'Secret'
          ? `references non-existent secret key: ${item.key} (secret "${name}")`
          : `configmap references non-existent config key: ${item.key} (configmap "${name}")`,
      );
    }
    out.push({ path: item.path, content, mode: item.mode ?? defaultMode });
  }
  return out;
}

function configMapData(cm: KubeObject): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {}))
    out[k] = Buffer.from(String(v), 'utf8');
  for (const [k, v] of Object.entries(cm.binaryData ?? {}))
    out[k] = Buffer.from(String(v), 'base64');
  return out;
}

function secretData(secret: KubeObject): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(secret.data ?? {}))
    out[k] = Buffer.from(String(v), 'base64');
  return out;
}

function downwardValue(pod: KubeObject, fieldPath: string): string {
  const meta = pod.metadata;
  const m = /^metadata\.(labels|annotations)(?:\['([^']+)'\])?$/.exec(
    fieldPath,
  );
  if (m) {
    const map = (meta[m[1] as 'labels' | 'annotations'] ?? {}) as Record<
      string,
      string
    >;
    if (m[2]) return map[m[2]] ?? '';
    return Object.entries(map)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n');
  }
  if (fieldPath === 'metadata.name') return meta.name ?? '';
  if (fieldPath === 'metadata.namespace') return meta.namespace ?? '';
  if (fieldPath === 'metadata.uid') return meta.uid ?? '';
  return '';
}

/**
 * Writes every volume of the pod under `podDir/volumes/<name>`; returns the
 * folder of each volume. Throws VolumeMountError when a ConfigMap or Secret
 * is missing (the pod then waits in ContainerCreating).
 */
export function setUpVolumes(
  pod: KubeObject,
  podDir: string,
  lookup: ObjectLookup,
): Map<string, string> {
  const namespace = pod.metadata.namespace!;
  const dirs = new Map<string, string>();
  for (const volume of pod.spec?.volumes ?? []) {
    const dir = path.join(podDir, 'volumes', volume.name);
    fs.mkdirSync(dir, { recursive: true });
    dirs.set(volume.name, dir);
    try {
      if (volume.configMap) {
        const src = volume.configMap;
        const cm = lookup.configMap(namespace, src.name);
        if (!cm) {
          if (src.optional) continue;
          throw new Error(`configmap "${src.name}" not found`);
        }
        writeFiles(
          dir,
          projectKeys(
            configMapData(cm),
            src.items,
            src.defaultMode ?? 0o644,
            'ConfigMap',
            src.name,
            !!src.optional,
          ),
        );
      } else if (volume.secret) {
        const src = volume.secret;
        const secret = lookup.secret(namespace, src.secretName);
        if (!secret) {
          if (src.optional) continue;
          throw new Error(`secret "${src.secretName}" not found`);
        }
        writeFiles(
          dir,
          projectKeys(
            secretData(secret),
            src.items,
            src.defaultMode ?? 0o644,
            'Secret',
            src.secretName,
            !!src.optional,
          ),
        );
      } else if (volume.projected) {
        const defaultMode = volume.projected.defaultMode ?? 0o644;
        for (const source of volume.projected.sources ?? []) {
          if (source.configMap) {
            const cm = lookup.configMap(namespace, source.configMap.name);
            if (!cm) {
              if (source.configMap.optional) continue;
              throw new Error(`configmap "${source.configMap.name}" not found`);
            }
            writeFiles(
              dir,
              projectKeys(
                configMapData(cm),
                source.configMap.items,
                defaultMode,
                'ConfigMap',
                source.configMap.name,
                !!source.configMap.optional,
              ),
            );
          } else if (source.secret) {
            const secret = lookup.secret(namespace, source.secret.name);
            if (!secret) {
              if (source.secret.optional) continue;
              throw new Error(`secret "${source.secret.name}" not found`);
            }
            writeFiles(
              dir,
              projectKeys(
                secretData(secret),
                source.secret.items,
                defaultMode,
                'Secret',
                source.secret.name,
                !!source.secret.optional,
              ),
            );
          } else if (source.downwardAPI) {
            writeFiles(
              dir,
              (source.downwardAPI.items ?? []).map(
                (item: Record<string, any>) => ({
                  path: item.path,
                  content: Buffer.from(
                    downwardValue(pod, item.fieldRef?.fieldPath ?? ''),
                  ),
                  mode: item.mode ?? defaultMode,
                }),
              ),
            );
          }
        }
      } else if (volume.downwardAPI) {
        const defaultMode = volume.downwardAPI.defaultMode ?? 0o644;
        writeFiles(
          dir,
          (volume.downwardAPI.items ?? []).map((item: Record<string, any>) => ({
            path: item.path,
            content: Buffer.from(
              downwardValue(pod, item.fieldRef?.fieldPath ?? ''),
            ),
            mode: item.mode ?? defaultMode,
          })),
        );
      }
      // emptyDir and every other volume type: an empty folder.
    } catch (error) {
      throw new VolumeMountError(volume.name, (error as Error).message);
    }
  }
  return dirs;
}

/** The mount mappings of one container, longest mount path first. */
export function containerMounts(
  container: Record<string, any>,
  volumeDirs: Map<string, string>,
): MountMapping[] {
  const out: MountMapping[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const dir = volumeDirs.get(mount.name);
    if (!dir) {
      throw new ContainerConfigError(
        `cannot find volume "${mount.name}" to mount into container "${container.name}"`,
      );
    }
    const hostPath = mount.subPath ? path.join(dir, mount.subPath) : dir;
    if (mount.subPath && !fs.existsSync(hostPath))
      fs.mkdirSync(hostPath, { recursive: true });
    out.push({
      mountPath: String(mount.mountPath).replace(/\/+$/, '') || '/',
      hostPath,
      readOnly: !!mount.readOnly,
    });
  }
  return out.sort((a, b) => b.mountPath.length - a.mountPath.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites absolute mount paths inside a string to their local folders:
 * `/scripts/run.sh` becomes `<pod dir>/volumes/scripts/run.sh`. A mount path
 * is recognised at the start of the string or after a space, quote, `=`,
 * `:` or `(`, and must be followed by `/`, the end or such a delimiter.
 */
export function rewriteMountPaths(
  text: string,
  mounts: MountMapping[],
): string {
  let out = text;
  for (const mount of mounts) {
    if (mount.mountPath === '/') continue;
    const re = new RegExp(
      `(^|[\\s'"=:(])${escapeRegExp(mount.mountPath)}(?=$|[/\\s'";:)])`,
      'g',
    );
    out = out.replace(re, (_m, lead: string) => `${lead}${mount.hostPath}`);
  }
  return out;
}

/**
 * The inverse of {@link rewriteMountPaths} for what a process prints: local
 * folders shown as the mount paths the container knows, so that logs read
 * as they would on a real node.
 */
export function restoreMountPaths(
  text: string,
  mounts: MountMapping[],
): string {
  let out = text;
  const longestFirst = [...mounts].sort(
    (a, b) => b.hostPath.length - a.hostPath.length,
  );
  for (const mount of longestFirst) {
    if (mount.mountPath === '/' || !out.includes(mount.hostPath)) continue;
    out = out.split(mount.hostPath).join(mount.mountPath);
  }
  return out;
}
