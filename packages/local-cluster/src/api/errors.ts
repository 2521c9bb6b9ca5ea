/**
 * Kubernetes `Status` error bodies, built the way the API server builds them
 * (k8s.io/apimachinery/pkg/api/errors).
 */

/** A cause inside `details.causes`. @public */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The `meta/v1 Status` object. @public */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

/** A group and resource, e.g. `{ group: 'batch', resource: 'jobs' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** An error that the router turns into a `Status` response. */
export class ApiError extends Error {
  readonly status: StatusBody;
  readonly headers: Record<string, string>;

  constructor(status: StatusBody, headers: Record<string, string> = {}) {
    super(status.message);
    this.name = 'ApiError';
    this.status = status;
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusBody['details'],
): StatusBody {
  const body: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) body.details = details;
  return body;
}

/** `jobs.batch` or `pods` for the core group. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function resourceDetails(gr: GroupResource, name: string) {
  const details: StatusBody['details'] = { name };
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(
      404,
      'NotFound',
      `${qualifiedResource(gr)} "${name}" not found`,
      resourceDetails(gr, name),
    ),
  );
}

/** The generic 404 for a path the server does not serve. */
export function pathNotFound(): ApiError {
  return new ApiError(
    failure(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  );
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(
    failure(
      409,
      'AlreadyExists',
      `${qualifiedResource(gr)} "${name}" already exists`,
      resourceDetails(gr, name),
    ),
  );
}

export function conflict(
  gr: GroupResource,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        gr,
      )} "${name}": ${why}`,
      resourceDetails(gr, name),
    ),
  );
}

/** One field error of a 422 Invalid response. */
export interface FieldError {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`, `FieldValueForbidden`, `FieldValueDuplicate`, `FieldValueNotFound`, `FieldValueTooLong` */
  type:
    | 'FieldValueInvalid'
    | 'FieldValueRequired'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueDuplicate'
    | 'FieldValueNotFound'
    | 'FieldValueTooLong'
    | 'FieldValueTooMany'
    | 'FieldValueTypeInvalid';
  field: string;
  /** The detail, e.g. `Invalid value: "X": must be ...`. */
  message: string;
}

export function invalidValue(
  field: string,
  value: unknown,
  detail: string,
): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${formatValue(value)}: ${detail}`,
  };
}

export function required(field: string, detail = ''): FieldError {
  return {
    type: 'FieldValueRequired',
    field,
    message: detail ? `Required value: ${detail}` : 'Required value',
  };
}

export function notSupported(
  field: string,
  value: unknown,
  supported: string[],
): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${formatValue(
      value,
    )}: supported values: ${supported.map(s => `"${s}"`).join(', ')}`,
  };
}

export function forbidden(field: string, detail: string): FieldError {
  return {
    type: 'FieldValueForbidden',
    field,
    message: `Forbidden: ${detail}`,
  };
}

export function duplicate(field: string, value: unknown): FieldError {
  return {
    type: 'FieldValueDuplicate',
    field,
    message: `Duplicate value: ${formatValue(value)}`,
  };
}

export function fieldNotFound(field: string, value: unknown): FieldError {
  return {
    type: 'FieldValueNotFound',
    field,
    message: `Not found: ${formatValue(value)}`,
  };
}

export function tooLong(field: string, max: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    message: `Too long: may not be more than ${max} bytes`,
  };
}

/** `field.TooMany`: a list longer than its limit. */
export function tooMany(
  field: string,
  actual: number,
  max: number,
): FieldError {
  return {
    type: 'FieldValueTooMany',
    field,
    message: `Too many: ${actual}: must have at most ${max} items`,
  };
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** 422 Invalid with one cause per field error, worded like the API server. */
export function invalid(
  kind: string,
  group: string,
  name: string,
  errors: FieldError[],
): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = errors.map(e => `${e.field}: ${e.message}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const details: StatusBody['details'] = { name };
  if (group) details.group = group;
  details.kind = kind;
  details.causes = errors.map(e => ({
    reason: e.type,
    message: e.message,
    field: e.field,
  }));
  return new ApiError(
    failure(
      422,
      'Invalid',
      `${qualifiedKind} "${name}" is invalid: ${summary}`,
      details,
    ),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(failure(400, 'BadRequest', message));
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    failure(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    ),
  );
}

/**
 * 405 for a verb a resource does not support, with Kubernetes' reason and
 * details (`MethodNotSupported`) and a message that says why.
 */
export function methodNotSupported(
  gr: GroupResource,
  message: string,
): ApiError {
  return new ApiError(
    failure(405, 'MethodNotAllowed', message, {
      group: gr.group,
      kind: gr.resource,
    }),
  );
}

export function notAcceptable(message: string): ApiError {
  return new ApiError(failure(406, 'NotAcceptable', message));
}

const PATCH_MEDIA_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
  'application/strategic-merge-patch+json',
];

/** 415: the request body's media type is not one the server decodes here. */
export function unsupportedMediaType(
  contentType: string,
  accepted: string[] = PATCH_MEDIA_TYPES,
): ApiError {
  return new ApiError(
    failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )} (got ${contentType})`,
    ),
  );
}

export function forbiddenRequest(
  gr: GroupResource,
  name: string,
  message: string,
  causes?: StatusCause[],
): ApiError {
  const details = resourceDetails(gr, name);
  if (causes) details.causes = causes;
  return new ApiError(
    failure(
      403,
      'Forbidden',
      `${qualifiedResource(gr)} "${name}" is forbidden: ${message}`,
      details,
    ),
  );
}

export function internalError(message: string): ApiError {
  return new ApiError(
    failure(500, 'InternalError', `Internal error occurred: ${message}`, {
      causes: [{ message }],
    }),
  );
}

export function tooManyRequests(retryAfterSeconds = 1): ApiError {
  return new ApiError(
    failure(
      429,
      'TooManyRequests',
      'Too many requests, please try again later.',
      {
        retryAfterSeconds,
      },
    ),
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

export function timeout(message: string): ApiError {
  return new ApiError(
    failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds: 1 }),
  );
}

/** The 410 Gone status sent as a watch `ERROR` event. */
export function expired(message: string): StatusBody {
  return failure(410, 'Expired', message);
}

/** The Success status returned by some deletes. */
export function success(
  gr: GroupResource,
  name: string,
  uid?: string,
): StatusBody {
  const details = resourceDetails(gr, name);
  if (uid) details.uid = uid;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details,
    code: 200,
  };
}
