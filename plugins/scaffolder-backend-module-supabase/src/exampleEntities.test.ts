import {
  Entity,
  componentEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  SUPABASE_PROJECT_ANNOTATION,
  parseProjectRef,
  validateNamespaceName,
  validateProjectName,
} from '@supabase-backstage/plugin-supabase-common';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

const file = path.resolve(
  __dirname,
  '../../../examples/entities/supabase-todo.yaml',
);
const entities = yaml
  .parseAllDocuments(fs.readFileSync(file, 'utf8'))
  .map(doc => doc.toJS() as Entity);

describe('the example entities', () => {
  it('are valid catalog entities', async () => {
    const validators = {
      Component: componentEntityV1alpha1Validator,
      System: systemEntityV1alpha1Validator,
    };
    for (const entity of entities) {
      const validator = validators[entity.kind as keyof typeof validators];
      expect(validator).toBeDefined();
      await expect(validator.check(entity)).resolves.toBe(true);
    }
  });

  it('link to projects by a ref the backend accepts', () => {
    const annotated = entities.filter(
      e => e.metadata.annotations?.[SUPABASE_PROJECT_ANNOTATION],
    );
    expect(annotated.map(e => e.metadata.name)).toEqual([
      'todo-api',
      'todo-web',
    ]);
    for (const entity of annotated) {
      const ref = parseProjectRef(
        entity.metadata.annotations![SUPABASE_PROJECT_ANNOTATION],
      );
      expect(ref).toEqual({ namespace: 'default', name: 'todo-db' });
      expect(validateNamespaceName(ref!.namespace)).toBeUndefined();
      expect(validateProjectName(ref!.name)).toBeUndefined();
    }
  });
});
