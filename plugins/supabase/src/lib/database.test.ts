import { describeDatabase } from './database';

describe('describeDatabase', () => {
  it('names the database and says whether the plugin created it', () => {
    expect(
      describeDatabase({ name: 'supabase_team_a_shop', createdByPlugin: true }),
    ).toBe('supabase_team_a_shop (created for the project)');
    expect(describeDatabase({ name: 'shop', createdByPlugin: false })).toBe(
      'shop (an existing database)',
    );
    expect(describeDatabase({ createdByPlugin: false })).toBe(
      'an existing database; its name shows once it is initialized',
    );
  });
});
