import type { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { RequestContext } from '../common/request-context';
import type { AuditInput, AuditService } from './audit.service';

/** The event a refused attempt is recorded as: what was tried, without its result. */
export type RefusalEvent = Omit<AuditInput, 'result'>;

/**
 * Runs a step and, when it is refused (a DomainError), records the refusal with its code in a
 * transaction of its own, since the step's own transaction rolled back with nothing written, then
 * passes the refusal on unchanged. Give a refusal about another organisation no organisationId:
 * it is the operator's to read, not that organisation's.
 */
export async function recordingRefusals<T>(
  dataSource: DataSource,
  audit: AuditService,
  ctx: RequestContext,
  event: RefusalEvent,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof DomainError) {
      await dataSource.transaction((em) =>
        audit.record(em, ctx, {
          ...event,
          result: 'refused',
          details: { ...event.details, code: err.code },
        }),
      );
    }
    throw err;
  }
}
