import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the provider's settings live in app-config. */
export const PROVIDER_CONFIG_KEY = 'catalog.providers.supabase';

/**
 * Every 30 seconds; a run may take a minute at most (it takes well under a
 * second for thousands of projects). The timeout also bounds how long a run
 * claimed by a replica that died stops the others from running.
 *
 * @public
 */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 30 },
  timeout: { minutes: 1 },
};

/**
 * Owner of projects that no user created (a service called the API): the
 * platform team that runs the Supabase offering.
 *
 * @public
 */
export const DEFAULT_OWNER = 'group:default/platform';

/** @public */
export const DEFAULT_LIFECYCLE = 'experimental';

/** The provider's settings, with defaults filled in. @public */
export interface SupabaseProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  defaultOwner: string;
  lifecycle: string;
}

/**
 * Reads `catalog.providers.supabase` from the root config. Throws at start-up
 * on a schedule or owner that cannot work, rather than publishing nothing.
 */
export function readProviderConfig(rootConfig: Config): SupabaseProviderConfig {
  const config = rootConfig.getOptionalConfig(PROVIDER_CONFIG_KEY);
  const schedule = config?.has('schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      )
    : DEFAULT_SCHEDULE;

  const owner = config?.getOptionalString('defaultOwner') ?? DEFAULT_OWNER;
  let defaultOwner: string;
  try {
    defaultOwner = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `${PROVIDER_CONFIG_KEY}.defaultOwner "${owner}" is not an entity ref (like group:default/platform): ${error}`,
    );
  }

  const lifecycle = config?.getOptionalString('lifecycle') ?? DEFAULT_LIFECYCLE;
  if (!lifecycle.trim()) {
    throw new InputError(`${PROVIDER_CONFIG_KEY}.lifecycle must not be empty`);
  }
  return { schedule, defaultOwner, lifecycle };
}
