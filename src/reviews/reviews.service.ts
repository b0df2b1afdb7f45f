import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../accounts/role';
import { AssessmentsService } from '../assessments/assessments.service';
import { today } from '../assessments/reassessment';
import { allQuestions } from '../checklists/engine';
import type { ChecklistTemplateContent } from '../checklists/template.types';
import { refusalError, signOffRefusal } from '../assessments/workflow';
import { WorkflowService } from '../assessments/workflow.service';
import { AuditService } from '../audit/audit.service';
import { WorkflowNotices } from '../assessments/workflow-notices';
import { isRealDate } from '../common/dates';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import type { FieldProblem } from '../common/validation';
import { SignReviewDto } from './dto/sign-review.dto';
import { Review } from './entities/review.entity';

const MAX_REMARK = 2000;

/**
 * A reviewer's sign-off on the current revision of an assessment they are assigned to: a
 * position (approve, approve with conditions, request changes, reject) with its reasoning,
 * remarks and proposed conditions. It moves nothing by itself: the secretary decides on the
 * positions (the workflow's decisions).
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly workflow: WorkflowService,
    private readonly audit: AuditService,
    private readonly notices: WorkflowNotices,
  ) {}

  sign(ctx: UserContext, assessmentId: number, dto: SignReviewDto): Promise<Review> {
    const { user } = ctx;
    return this.workflow.recordingRefusals(ctx, assessmentId, 'review.sign', () =>
      this.dataSource.transaction(async (em) => {
        const loaded = await this.assessments.load(em, user, assessmentId);
        const { assessment, template } = loaded;
        const ownReview = await em.findOneBy(Review, {
          assessmentId,
          revision: assessment.revision,
          reviewerId: user.id,
        });
        const refusal = signOffRefusal(loaded, ownReview);
        if (refusal) throw refusalError(refusal);
        // signOffRefusal refuses a user without a review of this revision.
        const review = ownReview!;

        const problems = this.problems(dto, template, today());
        if (problems.length)
          throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', problems);

        const filled = (remarks: Record<string, string> | undefined) =>
          Object.fromEntries(
            Object.entries(remarks ?? {})
              .map(([k, v]) => [k, v.trim()])
              .filter(([, v]) => v),
          );
        const sectionRemarks = filled(dto.sectionRemarks);
        const questionRemarks = filled(dto.questionRemarks);
        const proposedConditions = (dto.conditions ?? []).map((c) => ({
          description: c.description.trim(),
          owner: c.owner.trim(),
          dueDate: c.dueDate,
        }));
        await em.update(
          Review,
          { id: review.id },
          {
            decision: dto.decision,
            reasoning: dto.reasoning.trim(),
            sectionRemarks,
            questionRemarks,
            proposedConditions: proposedConditions.length ? proposedConditions : null,
            signedAt: new Date(),
          },
        );
        await this.audit.record(em, ctx, {
          action: 'review.sign',
          objectType: 'review',
          objectId: review.id,
          actorRole: Role.Reviewer,
          organisationId: loaded.algorithm.organisationId,
          result: 'success',
          details: {
            assessmentId,
            revision: assessment.revision,
            decision: dto.decision,
            conditions: proposedConditions.length,
          },
        });
        await this.notices.afterSignOff(em, loaded);
        return em.findOneByOrFail(Review, { id: review.id });
      }),
    );
  }

  private problems(
    dto: SignReviewDto,
    template: ChecklistTemplateContent,
    day: string,
  ): FieldProblem[] {
    const sectionIds = template.sections.map((s) => s.id);
    const questionIds = allQuestions(template).map((q) => q.id);
    const problems: FieldProblem[] = [];
    const conditions = dto.conditions ?? [];
    if (dto.decision === 'approve_with_conditions' && conditions.length === 0)
      problems.push({ field: 'conditions', key: 'review.conditionsRequired' });
    if (dto.decision !== 'approve_with_conditions' && conditions.length > 0)
      problems.push({ field: 'conditions', key: 'review.conditionsOnlyWithApproval' });
    // A condition is due after the decision, which is today at the earliest.
    conditions.forEach((c, i) => {
      if (!isRealDate(c.dueDate))
        problems.push({ field: `conditions.${i}.dueDate`, key: 'validation.isDateString' });
      else if (c.dueDate <= day)
        problems.push({ field: `conditions.${i}.dueDate`, key: 'validation.dueAfterDecision' });
    });
    const remarks = (
      list: string,
      given: Record<string, unknown> | undefined,
      known: string[],
      unknownKey: string,
    ) => {
      for (const [target, remark] of Object.entries(given ?? {})) {
        const field = `${list}.${target}`;
        if (!known.includes(target)) problems.push({ field, key: unknownKey });
        else if (typeof remark !== 'string') problems.push({ field, key: 'validation.isString' });
        else if (remark.length > MAX_REMARK)
          problems.push({ field, key: 'validation.maxLength', params: { max: MAX_REMARK } });
      }
    };
    remarks('sectionRemarks', dto.sectionRemarks, sectionIds, 'review.unknownSection');
    remarks('questionRemarks', dto.questionRemarks, questionIds, 'review.unknownQuestion');
    return problems;
  }
}
