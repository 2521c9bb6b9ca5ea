import yaml from 'yaml';
import { examples } from './createProject.examples';
import { parseProjectInput } from './projectInput';

describe('supabase:project:create examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    'are valid input: %s',
    (_description, example) => {
      const { steps } = yaml.parse(example);
      for (const step of steps) {
        expect(step.action).toBe('supabase:project:create');
        // Templated values are checked after rendering; stand in for them.
        const input = JSON.parse(
          JSON.stringify(step.input).replace(/\$\{\{[^}]*\}\}/g, 'from-form'),
        );
        expect(() => parseProjectInput(input)).not.toThrow();
      }
    },
  );
});
