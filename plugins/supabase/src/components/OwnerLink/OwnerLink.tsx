import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';

function useCatalogAvailable(): boolean {
  try {
    // Throws (after running its hooks) when the app has no catalog entity page.
    useRouteRef(entityRouteRef);
    return true;
  } catch {
    return false;
  }
}

function parseOwner(owner: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(owner);
  } catch {
    return undefined;
  }
}

/**
 * A project's owner: a link to the catalog entity when it is an entity
 * reference and the app has a catalog, else plain text. `color="inherit"`
 * suits a coloured background such as the page header.
 */
export function OwnerLink(props: { owner?: string; color?: 'inherit' }) {
  const { owner, color } = props;
  const catalogAvailable = useCatalogAvailable();
  if (!owner) {
    return null;
  }
  const ref = parseOwner(owner);
  if (!ref) {
    return <>{owner}</>;
  }
  return catalogAvailable ? (
    <EntityRefLink entityRef={ref} color={color} />
  ) : (
    <>{humanizeEntityRef(ref)}</>
  );
}
