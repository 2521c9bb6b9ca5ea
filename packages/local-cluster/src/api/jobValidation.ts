/**
 * The checks of a Job's spec beyond its pod template, with the API server's
 * rules and wording (pkg/apis/batch/validation): counters, completion mode,
 * restart policy, `podFailurePolicy` and `podReplacementPolicy`.
 */
import {
  duplicate,
  invalidValue,
  notSupported,
  required,
  tooMany,
  type FieldError,
} from './errors';
import { qualifiedNameErrors, validateNonNegative } from './fieldChecks';

const MAX_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_CONDITION_PATTERNS = 20;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** Go's `%q` of a string list, as in `valid values: ["In" "NotIn"]`. */
function quotedList(values: string[]): string {
  return `[${values.map(v => JSON.stringify(v)).join(' ')}]`;
}

/** `field.Invalid(path, field.OmitValueType{}, detail)`: no value shown. */
function invalidRule(field: string, detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${detail}`,
  };
}

function containerNames(spec: Record<string, any>): Set<string> {
  const podSpec = spec.template?.spec ?? {};
  return new Set(
    [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])].map(
      (c: { name?: string }) => c.name ?? '',
    ),
  );
}

function validateOnExitCodes(
  requirement: Record<string, any>,
  path: string,
  names: Set<string>,
  out: FieldError[],
) {
  const operator = requirement.operator;
  if (!operator) {
    out.push(
      required(`${path}.operator`, `valid values: ${quotedList(OPERATORS)}`),
    );
  } else if (!OPERATORS.includes(operator)) {
    out.push(notSupported(`${path}.operator`, operator, OPERATORS));
  }
  const containerName = requirement.containerName;
  if (
    containerName !== undefined &&
    containerName !== null &&
    !names.has(containerName)
  ) {
    out.push(
      invalidValue(
        `${path}.containerName`,
        containerName,
        'must be one of the container or initContainer names in the pod template',
      ),
    );
  }
  const values: unknown[] = Array.isArray(requirement.values)
    ? requirement.values
    : [];
  if (values.length === 0) {
    out.push(
      invalidValue(`${path}.values`, values, 'at least one value is required'),
    );
  } else if (values.length > MAX_EXIT_CODE_VALUES) {
    out.push(tooMany(`${path}.values`, values.length, MAX_EXIT_CODE_VALUES));
  }
  const seen = new Set<unknown>();
  let ordered = true;
  values.forEach((value, j) => {
    const p = `${path}.values[${j}]`;
    if (operator === 'In' && value === 0) {
      out.push(invalidValue(p, value, 'must not be 0 for the In operator'));
    }
    if (seen.has(value)) out.push(duplicate(p, value));
    else seen.add(value);
    if (j > 0 && (values[j - 1] as number) > (value as number)) {
      ordered = false;
    }
  });
  if (!ordered) {
    out.push(invalidValue(`${path}.values`, values, 'must be ordered'));
  }
}

function validateOnPodConditions(
  patterns: Array<Record<string, any>>,
  path: string,
  out: FieldError[],
) {
  if (patterns.length > MAX_CONDITION_PATTERNS) {
    out.push(tooMany(path, patterns.length, MAX_CONDITION_PATTERNS));
  }
  patterns.forEach((pattern, j) => {
    const p = `${path}[${j}]`;
    for (const e of qualifiedNameErrors(String(pattern.type ?? ''))) {
      out.push(invalidValue(`${p}.type`, pattern.type ?? '', e));
    }
    if (!pattern.status) {
      out.push(
        required(
          `${p}.status`,
          `valid values: ${quotedList(CONDITION_STATUSES)}`,
        ),
      );
    } else if (!CONDITION_STATUSES.includes(pattern.status)) {
      out.push(notSupported(`${p}.status`, pattern.status, CONDITION_STATUSES));
    }
  });
}

function validatePodFailurePolicy(
  spec: Record<string, any>,
  out: FieldError[],
) {
  const rulesPath = 'spec.podFailurePolicy.rules';
  const rules: Array<Record<string, any>> = Array.isArray(
    spec.podFailurePolicy.rules,
  )
    ? spec.podFailurePolicy.rules
    : [];
  if (rules.length > MAX_RULES) {
    out.push(tooMany(rulesPath, rules.length, MAX_RULES));
  }
  const names = containerNames(spec);
  rules.forEach((rule, i) => {
    const p = `${rulesPath}[${i}]`;
    const action = rule.action;
    if (!action) {
      out.push(required(`${p}.action`, `valid values: ${quotedList(ACTIONS)}`));
    } else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined) {
        out.push(
          invalidValue(
            `${p}.action`,
            action,
            'requires the backoffLimitPerIndex to be set',
          ),
        );
      }
    } else if (!ACTIONS.includes(action)) {
      out.push(notSupported(`${p}.action`, action, ACTIONS));
    }
    const onExitCodes = rule.onExitCodes ?? undefined;
    const onPodConditions: Array<Record<string, any>> = Array.isArray(
      rule.onPodConditions,
    )
      ? rule.onPodConditions
      : [];
    if (onExitCodes) {
      validateOnExitCodes(onExitCodes, `${p}.onExitCodes`, names, out);
    }
    if (onPodConditions.length) {
      validateOnPodConditions(onPodConditions, `${p}.onPodConditions`, out);
    }
    if (onExitCodes && onPodConditions.length) {
      out.push(
        invalidRule(
          p,
          'specifying both OnExitCodes and OnPodConditions is not supported',
        ),
      );
    }
    if (!onExitCodes && !onPodConditions.length) {
      out.push(
        invalidRule(
          p,
          'specifying one of OnExitCodes and OnPodConditions is required',
        ),
      );
    }
  });
}

function validateCompletionMode(spec: Record<string, any>, out: FieldError[]) {
  const mode = spec.completionMode;
  if (mode !== undefined && !COMPLETION_MODES.includes(mode)) {
    out.push(notSupported('spec.completionMode', mode, COMPLETION_MODES));
  }
  if (mode === 'Indexed') {
    // The API accepts Indexed Jobs; this cluster's Job controller does not
    // run them, so it says so rather than run them as NonIndexed.
    out.push(
      invalidValue(
        'spec.completionMode',
        mode,
        'Indexed Jobs are not supported by the local cluster; use "NonIndexed"',
      ),
    );
    return;
  }
  for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
    if (spec[field] !== undefined && spec[field] !== null) {
      out.push(
        invalidValue(
          `spec.${field}`,
          spec[field],
          'requires indexed completion mode',
        ),
      );
    }
  }
}

function validateRestartPolicy(spec: Record<string, any>, out: FieldError[]) {
  const path = 'spec.template.spec.restartPolicy';
  const policy = spec.template?.spec?.restartPolicy;
  if (!policy || policy === 'Always') {
    out.push(required(path, 'valid values: "OnFailure", "Never"'));
  } else if (policy !== 'OnFailure' && policy !== 'Never') {
    out.push(notSupported(path, policy, ['OnFailure', 'Never']));
  } else if (spec.podFailurePolicy && policy !== 'Never') {
    out.push(
      invalidValue(
        path,
        policy,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  }
}

function validateReplacementPolicy(
  spec: Record<string, any>,
  out: FieldError[],
) {
  const policy = spec.podReplacementPolicy;
  if (policy === undefined || policy === null) return;
  const path = 'spec.podReplacementPolicy';
  if (spec.podFailurePolicy) {
    if (policy !== 'Failed') out.push(notSupported(path, policy, ['Failed']));
  } else if (!REPLACEMENT_POLICIES.includes(policy)) {
    out.push(notSupported(path, policy, REPLACEMENT_POLICIES));
  }
}

/** Checks of a Job's spec other than its pod template and selector. */
export function validateJobSpec(spec: Record<string, any>): FieldError[] {
  const out: FieldError[] = [];
  for (const field of [
    'parallelism',
    'completions',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
  ]) {
    validateNonNegative(spec[field], `spec.${field}`, out);
  }
  if (
    spec.activeDeadlineSeconds !== undefined &&
    (!Number.isInteger(spec.activeDeadlineSeconds) ||
      spec.activeDeadlineSeconds <= 0)
  ) {
    out.push(
      invalidValue(
        'spec.activeDeadlineSeconds',
        spec.activeDeadlineSeconds,
        'must be greater than 0',
      ),
    );
  }
  validateCompletionMode(spec, out);
  if (spec.podFailurePolicy) validatePodFailurePolicy(spec, out);
  validateReplacementPolicy(spec, out);
  validateRestartPolicy(spec, out);
  return out;
}

/** Fields of a Job's spec that may not change once it exists. */
export const IMMUTABLE_JOB_FIELDS = [
  'completionMode',
  'podFailurePolicy',
  'backoffLimitPerIndex',
  'managedBy',
  'successPolicy',
];
