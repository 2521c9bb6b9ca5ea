import { AuditorService } from '@backstage/backend-plugin-api';
import { Request } from 'express';

/**
 * Runs a change made on behalf of a request and records it with Backstage's
 * auditor: who (taken from the request's credentials), what, and whether it
 * succeeded. Denied and invalid requests are recorded as failures too.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  what: {
    eventId: string;
    meta: Record<string, string>;
    /** `medium` unless given: a secret's reveal is `high`. */
    severityLevel?: 'low' | 'medium' | 'high' | 'critical';
  },
  change: () => Promise<T>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: what.eventId,
    severityLevel: what.severityLevel ?? 'medium',
    request: req,
    meta: what.meta,
  });
  try {
    const result = await change();
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
