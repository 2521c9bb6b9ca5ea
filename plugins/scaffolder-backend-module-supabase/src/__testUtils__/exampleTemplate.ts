import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** The example template's file. */
export const EXAMPLE_TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../../examples/templates/supabase-project/template.yaml',
);

type Field = { default?: unknown } & Record<string, any>;

/** The example template, with its form's pages. */
export type ExampleTemplate = Entity & {
  spec: {
    parameters: {
      properties: Record<string, Field>;
      required?: string[];
      dependencies?: Record<string, any>;
    }[];
  };
};

/** Reads the example template from its file. */
export function readExampleTemplate(): ExampleTemplate {
  return yaml.parse(
    fs.readFileSync(EXAMPLE_TEMPLATE_FILE, 'utf8'),
  ) as ExampleTemplate;
}

/**
 * What the template's form submits when the user types only `values`: the
 * defaults, also those of the fields a choice shows (as the form fills
 * them in), then what the user typed.
 */
export function formValues(
  template: ExampleTemplate,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const take = (properties: Record<string, Field>) => {
    for (const [key, field] of Object.entries(properties)) {
      if (field.default !== undefined) defaults[key] = field.default;
    }
  };
  for (const step of template.spec.parameters) take(step.properties);
  const chosen = { ...defaults, ...values };
  for (const step of template.spec.parameters) {
    for (const [key, dependency] of Object.entries(step.dependencies ?? {})) {
      const branch = (dependency.oneOf ?? []).find(
        (b: { properties?: Record<string, Field> }) =>
          b.properties?.[key]?.const === chosen[key],
      );
      if (branch) take(branch.properties);
    }
  }
  return { ...defaults, ...values };
}
