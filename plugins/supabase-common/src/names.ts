/**
 * Suffixes of every object name derived from a project name. The longest one
 * bounds the project name, because each derived name must stay a valid
 * 63-character DNS label (Services and the `job-name` label require it).
 *
 * @public
 */
export const DERIVED_NAME_SUFFIXES = [
  '-project',
  '-db-init',
  '-release',
  '-jwt',
  '-roles',
  '-kong',
  '-auth',
  '-rest',
  '-realtime',
  '-storage',
  '-meta',
  '-studio',
  '-functions',
] as const;

const DNS_LABEL_MAX = 63;

/** The longest project name whose derived names all stay valid. @public */
export const PROJECT_NAME_MAX_LENGTH =
  DNS_LABEL_MAX - Math.max(...DERIVED_NAME_SUFFIXES.map(s => s.length));

/** A DNS-1035 label: what Kubernetes requires of Service names. @public */
export const PROJECT_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: what Kubernetes requires of namespace names. @public */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Explains what is wrong with a project name, or returns undefined when it is
 * valid. Shared by the backend, the scaffolder action and the template form so
 * that all three accept exactly the same names.
 *
 * @public
 */
export function validateProjectName(name: string): string | undefined {
  if (!name) return 'must not be empty';
  if (name.length > PROJECT_NAME_MAX_LENGTH) {
    return `must be at most ${PROJECT_NAME_MAX_LENGTH} characters, so that derived names such as "${name}-functions" stay within 63`;
  }
  if (!PROJECT_NAME_PATTERN.test(name)) {
    return 'must start with a lower-case letter and contain only lower-case letters, digits and "-", ending with a letter or digit';
  }
  return undefined;
}

/** Explains what is wrong with a namespace name, or returns undefined. @public */
export function validateNamespaceName(namespace: string): string | undefined {
  if (!namespace) return 'must not be empty';
  if (namespace.length > DNS_LABEL_MAX) {
    return `must be at most ${DNS_LABEL_MAX} characters`;
  }
  if (!NAMESPACE_PATTERN.test(namespace)) {
    return 'must contain only lower-case letters, digits and "-", starting and ending with a letter or digit';
  }
  return undefined;
}

/** `<namespace>/<name>`, how projects are referred to everywhere. @public */
export function stringifyProjectRef(ref: {
  namespace: string;
  name: string;
}): string {
  return `${ref.namespace}/${ref.name}`;
}

/** Parses `<namespace>/<name>`; undefined when it is not of that shape. @public */
export function parseProjectRef(
  ref: string,
): { namespace: string; name: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(ref.trim());
  return match ? { namespace: match[1], name: match[2] } : undefined;
}
