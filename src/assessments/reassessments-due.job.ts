import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../common/request-context';
import { Publication } from '../publications/entities/publication.entity';
import { PublicationService } from '../publications/publication.service';
import { DailyJob, DailyJobRun, JobCounts, RunsDaily } from '../scheduler/daily-job';
import { today } from './reassessment';
import { WorkflowNotices } from './workflow-notices';

/**
 * Every day (and at start-up) the published approvals whose re-assessment date has come are
 * marked "re-assessment due", which their public entry then shows. It looks at the public entry
 * only: whatever revision is being worked on stays as it is. An entry missed one day (a failed
 * run) is marked the next, since the job selects every published entry past its date.
 */
@Injectable()
@RunsDaily('reassessments-due')
export class ReassessmentsDueJob implements DailyJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly publications: PublicationService,
    private readonly notices: WorkflowNotices,
  ) {}

  async run({ ctx, now }: DailyJobRun): Promise<JobCounts> {
    return { marked: await this.markReassessmentsDue(ctx, now) };
  }

  /** Marks the entries due by `now`, each in its own transaction with its audit event. */
  async markReassessmentsDue(ctx: RequestContext, now: Date): Promise<number> {
    const due = await this.dataSource.getRepository(Publication).find({
      where: {
        current: true,
        lifecycle: 'published',
        reassessmentDue: LessThanOrEqual(today(now)),
      },
      order: { id: 'ASC' },
    });
    for (const publication of due)
      await this.dataSource.transaction(async (em) => {
        await this.publications.markReassessmentDue(em, publication);
        await this.audit.record(em, ctx, {
          action: 'assessment.mark_reassessment_due',
          objectType: 'assessment',
          objectId: publication.assessmentId,
          organisationId: publication.organisationId,
          result: 'success',
          details: {
            publicFrom: 'published',
            publicTo: 'reassessment_due',
            publication: publication.number,
            reassessmentDue: publication.reassessmentDue,
          },
        });
        if (publication.assessmentId !== null)
          await this.notices.reassessmentDue(
            em,
            publication.assessmentId,
            String(publication.reassessmentDue),
          );
      });
    return due.length;
  }
}
