import { badRequest } from '../api/errors';
import type { ResourceType } from '../api/resources';
import type { KubeObject } from '../types';

/** One requirement of a label selector. */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: string[];
}

export type LabelSelector = LabelRequirement[];

const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Parses the string form of a label selector, as in `?labelSelector=`:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`.
 */
export function parseLabelSelector(input: string | undefined): LabelSelector {
  const text = (input ?? '').trim();
  if (!text) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(part => parseRequirement(part.trim(), text));
}

function fail(detail: string): never {
  throw badRequest(`unable to parse requirement: ${detail}`);
}

function checkKey(key: string) {
  if (!key || !QUALIFIED_NAME.test(key) || key.split('/').pop()!.length > 63) {
    fail(
      `Invalid value: ${JSON.stringify(
        key,
      )}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function checkValue(value: string) {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    fail(
      `values[0]: Invalid value: ${JSON.stringify(
        value,
      )}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function parseRequirement(part: string, whole: string): LabelRequirement {
  if (!part) throw badRequest(`found '', expected: identifier in ${whole}`);
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (setMatch) {
    const [, key, op, list] = setMatch;
    checkKey(key);
    const values = list
      .split(',')
      .map(v => v.trim())
      .filter((v, _i, all) => v !== '' || all.length === 1);
    values.forEach(checkValue);
    return { key, operator: op === 'in' ? 'In' : 'NotIn', values };
  }
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part);
  if (opMatch) {
    const [, key, op, rawValue] = opMatch;
    const value = rawValue.trim();
    checkKey(key);
    if (op === '>' || op === '<') {
      if (!/^-?\d+$/.test(value)) {
        fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      }
      return { key, operator: op === '>' ? 'Gt' : 'Lt', values: [value] };
    }
    checkValue(value);
    return {
      key,
      operator: op === '!=' ? 'NotIn' : 'In',
      values: [value],
    };
  }
  if (part.startsWith('!')) {
    const key = part.slice(1).trim();
    checkKey(key);
    return { key, operator: 'DoesNotExist', values: [] };
  }
  checkKey(part);
  return { key: part, operator: 'Exists', values: [] };
}

/** Converts a `metav1.LabelSelector` object (matchLabels, matchExpressions). */
export function fromLabelSelectorObject(
  selector:
    | {
        matchLabels?: Record<string, string>;
        matchExpressions?: Array<{
          key: string;
          operator: string;
          values?: string[];
        }>;
      }
    | undefined,
): LabelSelector {
  const out: LabelSelector = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    out.push({ key, operator: 'In', values: [value] });
  }
  for (const e of selector?.matchExpressions ?? []) {
    out.push({
      key: e.key,
      operator: e.operator as LabelRequirement['operator'],
      values: e.values ?? [],
    });
  }
  return out;
}

/** The string form of a selector object, e.g. for a Scale's `status.selector`. */
export function labelSelectorToString(selector: LabelSelector): string {
  return selector
    .map(r => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return r.values.length === 1
            ? `${r.key}!=${r.values[0]}`
            : `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        case 'Gt':
          return `${r.key}>${r.values[0]}`;
        default:
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return selector.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(value);
      case 'NotIn':
        return !has || !r.values.includes(value);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
        return (
          has && /^-?\d+$/.test(value) && Number(value) > Number(r.values[0])
        );
      case 'Lt':
        return (
          has && /^-?\d+$/.test(value) && Number(value) < Number(r.values[0])
        );
      default:
        return false;
    }
  });
}

/** One requirement of a field selector. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Parses `?fieldSelector=` and checks that each field is supported. */
export function parseFieldSelector(
  input: string | undefined,
  type: ResourceType,
): FieldRequirement[] {
  const text = (input ?? '').trim();
  if (!text) return [];
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === ',') {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  const allowed = new Set([
    'metadata.name',
    'metadata.namespace',
    ...type.fieldSelectors,
  ]);
  return terms.map(term => {
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(term);
    if (!m) {
      throw badRequest(
        `invalid selector: '${text}'; can't understand '${term}'`,
      );
    }
    const field = m[1].trim();
    if (!allowed.has(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return {
      field,
      operator: m[2] === '!=' ? '!=' : '=',
      value: m[3].replace(/\\(.)/g, '$1'),
    };
  });
}

/** The string value of a selectable field of an object. */
export function fieldValue(obj: KubeObject, field: string): string {
  if (obj.kind === 'Event' && field === 'source') {
    return String(obj.source?.component ?? '');
  }
  if (obj.kind === 'Job' && field === 'status.successful') {
    return String(obj.status?.succeeded ?? 0);
  }
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return String(cur);
}

export function matchesFields(
  selector: FieldRequirement[],
  obj: KubeObject,
): boolean {
  return selector.every(r => {
    const value = fieldValue(obj, r.field);
    return r.operator === '=' ? value === r.value : value !== r.value;
  });
}

/** A label and a field selector together. */
export interface Selector {
  labels: LabelSelector;
  fields: FieldRequirement[];
}

export function matches(selector: Selector, obj: KubeObject): boolean {
  return (
    matchesLabels(selector.labels, obj.metadata.labels) &&
    matchesFields(selector.fields, obj)
  );
}
