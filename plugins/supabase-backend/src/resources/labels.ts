/** `app.kubernetes.io/instance`: the project an object belongs to. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
/** `app.kubernetes.io/component`: which part of the project. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** How Backstage's Kubernetes plugin finds an entity's objects. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

const PART_OF = 'supabase';
const MANAGED_BY = 'backstage';

/** Selects every object the plugin manages, in any project. */
export const MANAGED_SELECTOR = `${PART_OF_LABEL}=${PART_OF},${MANAGED_BY_LABEL}=${MANAGED_BY}`;

/** The standard labels of one of a project's objects. */
export function standardLabels(
  project: string,
  component: string,
): Record<string, string> {
  return {
    [NAME_LABEL]: `supabase-${component}`,
    [INSTANCE_LABEL]: project,
    [COMPONENT_LABEL]: component,
    [PART_OF_LABEL]: PART_OF,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [KUBERNETES_ID_LABEL]: project,
  };
}

/** Selects every object of one project. */
export function projectSelector(project: string): string {
  return `${MANAGED_SELECTOR},${INSTANCE_LABEL}=${project}`;
}

/** The labels that pick a component's pods (kept stable across updates). */
export function componentSelectorLabels(
  project: string,
  component: string,
): Record<string, string> {
  return { [INSTANCE_LABEL]: project, [COMPONENT_LABEL]: component };
}
