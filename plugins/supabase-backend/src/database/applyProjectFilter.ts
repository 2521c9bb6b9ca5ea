import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { ProjectFilter } from './ProjectStore';

const COLUMNS: Record<ProjectFilter['key'], string> = {
  owner: 'owner',
  namespace: 'namespace',
};

/**
 * Adds a permission filter to a query on the projects table, keeping the
 * criteria's shape: allOf is AND, anyOf is OR, not is NOT. An empty list of
 * values admits nothing (the caller owns nothing).
 */
export function applyProjectFilter(
  builder: Knex.QueryBuilder,
  filter: PermissionCriteria<ProjectFilter>,
): void {
  if (isAndCriteria(filter)) {
    builder.where(b => {
      for (const criterion of filter.allOf) {
        b.andWhere(inner => applyProjectFilter(inner, criterion));
      }
    });
  } else if (isOrCriteria(filter)) {
    builder.where(b => {
      for (const criterion of filter.anyOf) {
        b.orWhere(inner => applyProjectFilter(inner, criterion));
      }
    });
  } else if (isNotCriteria(filter)) {
    builder.whereNot(b => applyProjectFilter(b, filter.not));
  } else {
    const column = COLUMNS[filter.key];
    if (!column) {
      throw new Error(`Unknown project filter key "${filter.key}"`);
    }
    if (filter.values.length === 0) builder.whereRaw('1 = 0');
    else builder.whereIn(column, filter.values);
  }
}
