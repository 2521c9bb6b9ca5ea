import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import {
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_NAME_PATTERN,
} from '@supabase-backstage/plugin-supabase-common';
import { scaffolderModuleSupabase } from './module';

describe('scaffolderModuleSupabase', () => {
  it('registers supabase:project:create with the scaffolder', async () => {
    const actions: TemplateAction<any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any>[]) =>
              actions.push(...added),
          },
        ],
      ],
      features: [
        scaffolderModuleSupabase,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });
    expect(actions.map(a => a.id)).toEqual(['supabase:project:create']);
    const [action] = actions;
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.length).toBeGreaterThan(0);
    // The form and the scaffolder's own validation see the backend's limits.
    expect(action.schema?.input).toMatchObject({
      // One of the two database Secrets: the action checks which.
      required: ['name', 'namespace'],
      properties: {
        databaseServerSecret: { type: 'string' },
        databaseSecret: { type: 'string' },
        name: {
          type: 'string',
          maxLength: PROJECT_NAME_MAX_LENGTH,
          pattern: PROJECT_NAME_PATTERN.source,
        },
        waitFor: { enum: expect.arrayContaining(['Running']) },
      },
    });
  });
});
