import {
  DERIVED_NAME_SUFFIXES,
  PROJECT_NAME_MAX_LENGTH,
  parseProjectRef,
  validateNamespaceName,
  validateProjectName,
} from './names';

describe('validateProjectName', () => {
  it('accepts DNS labels short enough for every derived name', () => {
    const longest = `a${'b'.repeat(PROJECT_NAME_MAX_LENGTH - 1)}`;
    expect(validateProjectName('my-project')).toBeUndefined();
    expect(validateProjectName(longest)).toBeUndefined();
    for (const suffix of DERIVED_NAME_SUFFIXES) {
      expect(`${longest}${suffix}`.length).toBeLessThanOrEqual(63);
    }
  });

  it('rejects names that are too long, naming the limit', () => {
    const tooLong = 'a'.repeat(PROJECT_NAME_MAX_LENGTH + 1);
    expect(validateProjectName(tooLong)).toMatch(
      `at most ${PROJECT_NAME_MAX_LENGTH} characters`,
    );
  });

  it.each(['MyProject', '1project', 'project-', 'pro_ject', 'pro.ject', ''])(
    'rejects %p',
    name => {
      expect(validateProjectName(name)).toBeDefined();
    },
  );
});

describe('validateNamespaceName', () => {
  it('accepts labels and rejects the rest', () => {
    expect(validateNamespaceName('team-a')).toBeUndefined();
    expect(validateNamespaceName('Team')).toBeDefined();
    expect(validateNamespaceName('a'.repeat(64))).toBeDefined();
  });
});

describe('parseProjectRef', () => {
  it('parses namespace/name and rejects other shapes', () => {
    expect(parseProjectRef('team-a/db')).toEqual({
      namespace: 'team-a',
      name: 'db',
    });
    expect(parseProjectRef('db')).toBeUndefined();
    expect(parseProjectRef('a/b/c')).toBeUndefined();
  });
});
