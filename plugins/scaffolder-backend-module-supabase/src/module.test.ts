import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleSupabase } from './module';

describe('scaffolderModuleSupabase', () => {
  it('registers with the scaffolder actions extension point', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleSupabase],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
  });
});
