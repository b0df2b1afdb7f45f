import { Injectable } from '@nestjs/common';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { Role } from '../accounts/role';
import { AuditService } from '../audit/audit.service';
import { answerOnPath, WalkError } from '../classification/ai-act-walk';
import { replayPath } from '../classification/decision-tree-engine';
import { DecisionTreesService } from '../classification/decision-trees.service';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { AssessmentsService } from './assessments.service';
import { AiActAnswerDto } from './dto/ai-act-answer.dto';
import { AiActAnswer } from './entities/ai-act-answer.entity';
import { bumpVersion, claimVersion } from './version-lock';
import { editRefusal, refusalError } from './workflow';

export interface AiActAnswered {
  /** Later answers dropped because the changed answer leads elsewhere. */
  dropped: number;
  conclusionId: string | null;
}

/**
 * The proposer's answers to the AI Act decision tree. Who may answer, and when, is what the
 * checklist answers follow (editRefusal): the proposer and co-authors of the assessment's
 * organisation, while it can be written. The first answer pins the assessment to the active tree
 * version; every later one is replayed on that version.
 */
@Injectable()
export class AiActService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly assessments: AssessmentsService,
    private readonly trees: DecisionTreesService,
  ) {}

  answer(ctx: UserContext, id: number, dto: AiActAnswerDto): Promise<AiActAnswered> {
    return this.dataSource.transaction(async (em) => {
      const loaded = await this.assessments.load(em, ctx.user, id);
      const { assessment } = loaded;
      const refusal = editRefusal(assessment.state, loaded.actorIs);
      if (refusal) throw refusalError(refusal);
      claimVersion(assessment, dto.version);
      // load() has read the pinned tree and the path already; the first answer pins the active tree.
      const tree = loaded.classification?.tree ?? (await this.trees.activeTree(em));
      const before = loaded.classification?.path ?? [];
      let answered;
      try {
        answered = answerOnPath(tree.compiled, before, dto.questionId, dto.answer);
      } catch (err) {
        if (!(err instanceof WalkError)) throw err;
        const { field, key, params } = err.problem;
        throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
          { field, key, params },
        ]);
      }
      const { path, dropped } = answered;
      await bumpVersion(em, assessment, dto.version, { decisionTreeId: tree.id });
      // The steps before the first that changed keep who answered them and when.
      let same = 0;
      while (
        same < before.length &&
        same < path.length &&
        before[same].questionId === path[same].questionId &&
        before[same].answer === path[same].answer
      )
        same++;
      await em.delete(AiActAnswer, { assessmentId: id, step: MoreThanOrEqual(same) });
      if (path.length > same)
        await em.insert(
          AiActAnswer,
          path.slice(same).map((s, i) => ({
            assessmentId: id,
            step: same + i,
            questionId: s.questionId,
            answer: s.answer,
            answeredById: ctx.user.id,
          })),
        );
      const result = replayPath(tree.compiled, path);
      await this.audit.record(em, ctx, {
        action: 'assessment.ai_act_answer',
        objectType: 'assessment',
        objectId: id,
        actorRole: Role.Proposer,
        organisationId: loaded.algorithm.organisationId,
        result: 'success',
        details: {
          tree: `${tree.key}@${tree.version}`,
          questionId: dto.questionId,
          answer: dto.answer,
          dropped,
          conclusionId: result.conclusionId,
        },
      });
      return { dropped, conclusionId: result.conclusionId };
    });
  }
}
