import {
  DatabaseSecret,
  IMAGE_MAX_LENGTH,
  MAX_REPLICAS,
  ProjectSpec,
  SUPABASE_COMPONENTS,
  SupabaseComponentName,
  databaseSecretOf,
} from '@supabase-backstage/plugin-supabase-common';

/** The common fields of a spec as the edit form holds them (text as typed). */
export interface SpecFormValues {
  /** `server`: a database of its own on a server; `database`: an existing one. */
  databaseKind: DatabaseSecret['kind'];
  /** The server Secret or the database Secret, as the kind says. */
  databaseSecretRef: string;
  components: Record<
    SupabaseComponentName,
    { replicas: string; image: string }
  >;
  functionsEnabled: boolean;
  holdUpgrades: boolean;
  /** `apiKeys.legacy`; a spec without it has them on. */
  legacyApiKeys: boolean;
  ingressHost: string;
  ingressTlsSecretRef: string;
  studioPublicUrl: string;
}

/** What the form shows for a spec; empty text means "not set". */
export function formFromSpec(spec: ProjectSpec): SpecFormValues {
  const components = {} as SpecFormValues['components'];
  for (const name of SUPABASE_COMPONENTS) {
    const overrides = spec.components?.[name];
    components[name] = {
      replicas:
        overrides?.replicas === undefined ? '' : String(overrides.replicas),
      image: overrides?.image ?? '',
    };
  }
  const database = databaseSecretOf(spec.database);
  return {
    databaseKind: database.kind,
    databaseSecretRef: database.secretRef,
    components,
    functionsEnabled: spec.functions?.enabled ?? false,
    holdUpgrades: spec.dbInit?.holdUpgrades ?? false,
    legacyApiKeys: spec.apiKeys?.legacy ?? true,
    ingressHost: spec.ingress?.host ?? '',
    ingressTlsSecretRef: spec.ingress?.tlsSecretRef ?? '',
    studioPublicUrl: spec.studio?.publicUrl ?? '',
  };
}

/** Problems of the form's values, each naming the spec field it is about. */
export function validateForm(values: SpecFormValues): string[] {
  const problems: string[] = [];
  if (!values.databaseSecretRef.trim()) {
    problems.push(
      `database.${databaseField(
        values.databaseKind,
      )} needs the name of a Secret in the project's namespace`,
    );
  }
  for (const name of SUPABASE_COMPONENTS) {
    const { replicas, image } = values.components[name];
    const text = replicas.trim();
    if (text !== '') {
      const count = Number(text);
      if (!Number.isInteger(count) || count < 0 || count > MAX_REPLICAS) {
        problems.push(
          `components.${name}.replicas must be a whole number from 0 to ${MAX_REPLICAS}`,
        );
      }
    }
    if (image.trim().length > IMAGE_MAX_LENGTH) {
      problems.push(
        `components.${name}.image must be at most ${IMAGE_MAX_LENGTH} characters`,
      );
    }
  }
  if (values.ingressTlsSecretRef.trim() && !values.ingressHost.trim()) {
    problems.push('ingress.tlsSecretRef needs ingress.host');
  }
  return problems;
}

/** The spec field that names the Secret of a kind of database. */
export function databaseField(kind: DatabaseSecret['kind']) {
  return kind === 'server' ? 'serverSecretRef' : 'secretRef';
}

type Json = Record<string, unknown>;

/** Sets `key` of the object at `path` under `root` (created as needed); `undefined` removes it and any object left empty. */
function setIn(root: Json, path: string[], key: string, value: unknown) {
  const chain: Json[] = [root];
  for (const segment of path) {
    const parent = chain[chain.length - 1];
    const child = parent[segment];
    if (typeof child !== 'object' || child === null) {
      if (value === undefined) return;
      parent[segment] = {};
    }
    chain.push(parent[segment] as Json);
  }
  const target = chain[chain.length - 1];
  if (value === undefined) {
    delete target[key];
    for (let i = path.length - 1; i >= 0; i--) {
      if (Object.keys(chain[i + 1]).length > 0) break;
      delete chain[i][path[i]];
    }
  } else {
    target[key] = value;
  }
}

function optionalText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The whole new spec: `spec` with what the form changed, and nothing else.
 * Only fields whose value differs from what the form showed for `spec` are
 * touched, so everything the form does not show is kept as it is.
 */
export function applyForm(
  spec: ProjectSpec,
  values: SpecFormValues,
): ProjectSpec {
  const before = formFromSpec(spec);
  const next = JSON.parse(JSON.stringify(spec)) as Json;

  const secretRef = values.databaseSecretRef.trim();
  if (
    values.databaseKind !== before.databaseKind ||
    secretRef !== before.databaseSecretRef
  ) {
    // Exactly one of the two: the other kind's Secret goes.
    const database = next.database as Json;
    delete database[databaseField(before.databaseKind)];
    database[databaseField(values.databaseKind)] = secretRef;
  }

  for (const name of SUPABASE_COMPONENTS) {
    const was = before.components[name];
    const now = values.components[name];
    if (now.replicas.trim() !== was.replicas) {
      const text = optionalText(now.replicas);
      setIn(
        next,
        ['components', name],
        'replicas',
        text === undefined ? undefined : Number(text),
      );
    }
    if (now.image.trim() !== was.image) {
      setIn(next, ['components', name], 'image', optionalText(now.image));
    }
  }
  if (values.functionsEnabled !== before.functionsEnabled) {
    setIn(next, ['functions'], 'enabled', values.functionsEnabled);
  }
  if (values.legacyApiKeys !== before.legacyApiKeys) {
    setIn(next, ['apiKeys'], 'legacy', values.legacyApiKeys);
  }
  if (values.holdUpgrades !== before.holdUpgrades) {
    setIn(next, ['dbInit'], 'holdUpgrades', values.holdUpgrades || undefined);
  }
  const host = optionalText(values.ingressHost);
  if (host === undefined) {
    // Without a host there is no Ingress: its other settings go with it.
    if (before.ingressHost !== '') delete next.ingress;
  } else {
    if (host !== before.ingressHost) {
      setIn(next, ['ingress'], 'host', host);
    }
    if (values.ingressTlsSecretRef.trim() !== before.ingressTlsSecretRef) {
      setIn(
        next,
        ['ingress'],
        'tlsSecretRef',
        optionalText(values.ingressTlsSecretRef),
      );
    }
  }
  if (values.studioPublicUrl.trim() !== before.studioPublicUrl) {
    setIn(next, ['studio'], 'publicUrl', optionalText(values.studioPublicUrl));
  }
  return next as unknown as ProjectSpec;
}

/**
 * The spec typed in the JSON editor, or why it cannot be sent. Only the
 * syntax and the shape (an object) are checked here; the backend checks the
 * rest and names the field it refuses.
 */
export function parseSpecJson(
  text: string,
): { spec: ProjectSpec } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `The spec is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The spec must be a JSON object' };
  }
  return { spec: value as ProjectSpec };
}
