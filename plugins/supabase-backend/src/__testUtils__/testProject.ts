import {
  deriveRolePasswords,
  rolePasswordsVersion,
} from '../resources/rolePasswords';
import { RolePasswordSet } from '../resources/secrets';
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

/** Role passwords for some admin credentials, as the pipeline derives them. */
export function testRolePasswords(
  admin: { username: string; password: string } = {
    username: 'u',
    password: 'p',
  },
  generation = 0,
): RolePasswordSet {
  const passwords = deriveRolePasswords(admin, generation);
  return {
    generation,
    passwords,
    version: rolePasswordsVersion(passwords),
  };
}
