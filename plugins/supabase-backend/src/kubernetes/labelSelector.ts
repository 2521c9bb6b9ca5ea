/** One requirement of a Kubernetes label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | 'doesnotexist';
  values: string[];
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);

/**
 * Parses a label selector string (`a=b,c!=d,e in (f,g),!h`) the way the API
 * server reads it. Undefined when it is not a selector this parser knows,
 * so that a caller can leave it to the API server.
 */
export function parseLabelSelector(
  selector: string | undefined,
): LabelRequirement[] | undefined {
  const requirements: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector ?? '')) {
    const text = part.trim();
    if (!text) continue;
    const requirement = parseRequirement(text);
    if (!requirement) return undefined;
    requirements.push(requirement);
  }
  return requirements;
}

function parseRequirement(text: string): LabelRequirement | undefined {
  const equality = EQUALITY.exec(text);
  if (equality) {
    const [, key, op, value] = equality;
    return { key, operator: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  const set = SET.exec(text);
  if (set) {
    const [, key, op, list] = set;
    const values = list.split(',').map(v => v.trim());
    if (values.some(v => !new RegExp(`^${VALUE}$`).test(v))) return undefined;
    return { key, operator: op as 'in' | 'notin', values };
  }
  const exists = EXISTS.exec(text);
  if (exists) {
    const [, not, key] = exists;
    return { key, operator: not ? 'doesnotexist' : 'exists', values: [] };
  }
  return undefined;
}

/** Commas inside `in (...)` do not separate requirements. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === '(') depth++;
    else if (selector[i] === ')') depth--;
    else if (selector[i] === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts;
}

/** True when labels satisfy every requirement. */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  return requirements.every(({ key, operator, values }) => {
    const value = labels?.[key];
    switch (operator) {
      case 'in':
        return value !== undefined && values.includes(value);
      case 'notin':
        return value === undefined || !values.includes(value);
      case 'exists':
        return value !== undefined;
      default:
        return value === undefined;
    }
  });
}

/**
 * True when every object `narrow` selects is also selected by `wide`,
 * judged by `narrow` holding each of `wide`'s single-value requirements
 * (enough for selectors built from the same labels; anything else counts as
 * not implied).
 */
export function impliesSelector(
  narrow: LabelRequirement[],
  wide: LabelRequirement[],
): boolean {
  return wide.every(
    w =>
      w.operator === 'in' &&
      w.values.length === 1 &&
      narrow.some(
        n =>
          n.key === w.key &&
          n.operator === 'in' &&
          n.values.length === 1 &&
          n.values[0] === w.values[0],
      ),
  );
}
