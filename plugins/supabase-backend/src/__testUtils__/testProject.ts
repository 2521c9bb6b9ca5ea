import { ProjectObjectInput } from '../resources/types';

/** A project as the builders' tests use it. */
export function testProject(
  overrides: Partial<ProjectObjectInput> = {},
): ProjectObjectInput {
  return {
    namespace: 'team-a',
    name: 'shop',
    uid: '5b0c1e6a-0000-4000-8000-000000000001',
    spec: { database: { secretRef: 'shop-db' } },
    ...overrides,
  };
}

export const testOwner = { name: 'shop-project', uid: 'anchor-uid' };
