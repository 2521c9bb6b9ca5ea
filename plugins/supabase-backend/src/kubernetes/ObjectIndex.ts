import type { KubernetesObject } from '@kubernetes/client-node';
import { LabelRequirement, matchesLabels } from './labelSelector';

/**
 * Objects by `namespace/name`, indexed by namespace and by each label
 * (`key=value`), so that a list by a project's labels looks at that
 * project's objects only, not at every object of the kind.
 */
export class ObjectIndex {
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();

  get size(): number {
    return this.objects.size;
  }

  get(key: string): KubernetesObject | undefined {
    return this.objects.get(key);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  entries(): IterableIterator<[string, KubernetesObject]> {
    return this.objects.entries();
  }

  values(): IterableIterator<KubernetesObject> {
    return this.objects.values();
  }

  set(key: string, object: KubernetesObject): void {
    this.delete(key);
    this.objects.set(key, object);
    for (const [index, name] of termsOf(object)) {
      const map = this.indexFor(index);
      let keys = map.get(name);
      if (!keys) {
        keys = new Set();
        map.set(name, keys);
      }
      keys.add(key);
    }
  }

  delete(key: string): void {
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    for (const [index, name] of termsOf(object)) {
      const map = this.indexFor(index);
      const keys = map.get(name);
      keys?.delete(key);
      if (keys?.size === 0) map.delete(name);
    }
  }

  clear(): void {
    this.objects.clear();
    this.byLabel.clear();
    this.byNamespace.clear();
  }

  /** The objects in `namespace` (or any) that satisfy every requirement. */
  select(
    namespace: string | undefined,
    requirements: LabelRequirement[],
  ): KubernetesObject[] {
    let keys: Iterable<string> = this.objects.keys();
    let smallest = namespace
      ? this.byNamespace.get(namespace)?.size ?? 0
      : Infinity;
    if (namespace) keys = this.byNamespace.get(namespace) ?? [];
    for (const { key, operator, values } of requirements) {
      if (operator !== 'in' || values.length !== 1) continue;
      const posting = this.byLabel.get(`${key}=${values[0]}`);
      if ((posting?.size ?? 0) < smallest) {
        smallest = posting?.size ?? 0;
        keys = posting ?? [];
      }
    }
    const found: KubernetesObject[] = [];
    for (const key of keys) {
      const object = this.objects.get(key)!;
      if (namespace && object.metadata?.namespace !== namespace) continue;
      if (!matchesLabels(requirements, object.metadata?.labels)) continue;
      found.push(object);
    }
    return found;
  }

  private indexFor(index: 'label' | 'namespace') {
    return index === 'label' ? this.byLabel : this.byNamespace;
  }
}

function termsOf(
  object: KubernetesObject,
): Array<['label' | 'namespace', string]> {
  const terms: Array<['label' | 'namespace', string]> = Object.entries(
    object.metadata?.labels ?? {},
  ).map(([key, value]) => ['label', `${key}=${value}`]);
  terms.push(['namespace', object.metadata?.namespace ?? '']);
  return terms;
}
