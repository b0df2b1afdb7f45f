import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { factsFromPath } from '../classification/ai-act-walk';
import { profileFromLabels } from '../classification/algoritmekader';
import type { AiActProfile } from '../classification/algoritmekader';
import { PathStep, replayPath, ReplayResult } from '../classification/decision-tree-engine';
import { DecisionTreesService, ReadyTree } from '../classification/decision-trees.service';
import type { LegalFacts } from '../law/legal-facts';
import { AiActAnswer } from './entities/ai-act-answer.entity';
import type { Assessment } from './entities/assessment.entity';

/**
 * An assessment's AI Act classification as it stands: the tree version it is pinned to, the path
 * of answers, and what that path gives when the tree replays it. Nothing of the result is stored;
 * it is worked out again on every read, so a stored label can never disagree with the tree.
 */
export interface AiActClassification {
  tree: ReadyTree;
  path: PathStep[];
  result: ReplayResult;
  /** In the Algoritmekader's terms (type, risk group, roles); null when no AI system or model. */
  profile: AiActProfile | null;
  /** The legal facts the path establishes once it reaches a conclusion (legal-facts.ts). */
  facts: Partial<LegalFacts>;
}

@Injectable()
export class AiActReader {
  constructor(private readonly trees: DecisionTreesService) {}

  private async pathOf(em: EntityManager, assessmentId: number): Promise<PathStep[]> {
    const rows = await em.find(AiActAnswer, { where: { assessmentId }, order: { step: 'ASC' } });
    return rows.map((r) => ({ questionId: r.questionId, answer: r.answer }));
  }

  /** Null until the first answer pins the assessment to a tree version. */
  async read(em: EntityManager, assessment: Assessment): Promise<AiActClassification | null> {
    if (assessment.decisionTreeId === null) return null;
    const tree = await this.trees.treeById(em, assessment.decisionTreeId);
    const path = await this.pathOf(em, assessment.id);
    const result = replayPath(tree.compiled, path);
    return {
      tree,
      path,
      result,
      profile: result.conclusionId === null ? null : profileFromLabels(result.labels),
      facts: factsFromPath(result),
    };
  }
}
