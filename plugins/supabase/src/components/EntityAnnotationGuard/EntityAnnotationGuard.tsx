import { WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { SUPABASE_PROJECT_ANNOTATION } from '@supabase-backstage/plugin-supabase-common';
import { ReactElement } from 'react';
import { ProjectRef } from '../../api';
import { projectAnnotation, projectRefOf } from '../../lib/entity';

/**
 * Renders `children` with the project the current entity names, or explains
 * what is wrong with the entity's annotation.
 */
export function EntityAnnotationGuard(props: {
  children(projectRef: ProjectRef): ReactElement;
}) {
  const { entity } = useEntity();
  const annotation = projectAnnotation(entity);
  if (!annotation) {
    return (
      <MissingAnnotationEmptyState annotation={SUPABASE_PROJECT_ANNOTATION} />
    );
  }
  const projectRef = projectRefOf(entity);
  if (!projectRef) {
    return (
      <WarningPanel
        severity="warning"
        title={`The ${SUPABASE_PROJECT_ANNOTATION} annotation must be <namespace>/<name>`}
        message={`It is "${annotation}".`}
      />
    );
  }
  return props.children(projectRef);
}
