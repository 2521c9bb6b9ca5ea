import { findDependencyProblems } from '../dependencyProblems';
import { PhaseStep, StepResult } from '../types';

/**
 * ValidatingDependencies: the namespace and every referenced Secret and
 * ConfigMap exist with the keys the later phases read. Fails naming what is
 * missing and how to fix it.
 */
export const validateDependencies: PhaseStep = async (ctx, project) => {
  const problems = await findDependencyProblems(
    ctx.cluster,
    project.namespace,
    project.spec,
  );
  if (problems.namespaceMissing) {
    return failed('NamespaceNotFound', problems.namespaceMissing);
  }
  if (problems.problems.length > 0) {
    return failed('DependencyInvalid', problems.problems.join(' '));
  }
  return {
    next: {
      to: 'InitializingDatabase',
      reason: 'DependenciesValid',
      message: 'The namespace and every referenced Secret are in place',
    },
  };
};

function failed(reason: string, message: string): StepResult {
  return { next: { to: 'Failed', reason, message } };
}
