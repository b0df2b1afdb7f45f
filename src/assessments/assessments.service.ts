import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasRole, organisationsWithRole } from '../accounts/auth/auth-user';
import { Role } from '../accounts/role';
import { Algorithm } from '../algorithms/entities/algorithm.entity';
import { newPublicId } from '../algorithms/public-id';
import { AuditService } from '../audit/audit.service';
import { TemplateAdoptionService } from '../checklists/template-adoption.service';
import { allQuestions, evaluateChecklist, isAnswered } from '../checklists/engine';
import type { Answers, ChecklistTemplateContent } from '../checklists/template.types';
import { DomainError } from '../common/errors/domain-error';
import type { UserContext } from '../common/request-context';
import { legalFacts } from '../law/legal-facts';
import type { LegalFacts } from '../law/legal-facts';
import { legalFloors } from '../law/legal-floors';
import { Publication } from '../publications/entities/publication.entity';
import type { PublicState } from '../publications/entities/publication.entity';
import { Review } from '../reviews/entities/review.entity';
import { AiActClassification, AiActReader } from './ai-act-reader';
import { CreateProposalDto } from './dto/register-fields.dto';
import { Answer } from './entities/answer.entity';
import { Assessment } from './entities/assessment.entity';
import { Coauthor } from './entities/coauthor.entity';
import { Condition } from './entities/condition.entity';
import { Instrument } from './entities/instrument.entity';
import { instrumentFacts } from './instruments/instrument-rules';
import { instrumentStates } from './instruments/instrument-state';
import { RegisterSnapshot } from './entities/register-snapshot.entity';
import { registerFieldValues } from './register-snapshot';
import { remarksAnsweredIn } from './remarks';
import { ActorIs, availableActions, editRefusal, INITIAL_STATE } from './workflow';

/** An assessment loaded for one user: what it is, under which template, and how the user relates to it. */
export interface Loaded {
  assessment: Assessment;
  algorithm: Algorithm;
  template: ChecklistTemplateContent;
  answers: Answers;
  actorIs: ActorIs;
  /** The public entry's life (its current publication's), apart from the revision; null while nothing is public. */
  publicState: PublicState | null;
  /** The AI Act decision tree's result, replayed now; null until the first answer. */
  classification: AiActClassification | null;
  /** The records of its impact assessments (IAMA, DPIA), those there are. */
  instruments: Instrument[];
}

/**
 * The legal facts of an assessment from every source: the checklist answers (of the current
 * revision, or of `answers` when another is read), the AI Act decision tree and the records of
 * the impact assessments.
 */
export function legalFactsOf(loaded: Loaded, answers: Answers = loaded.answers): LegalFacts {
  return legalFacts({
    template: loaded.template,
    answers,
    classification: loaded.classification?.facts,
    instruments: instrumentFacts(loaded.instruments),
  });
}

/**
 * Proposals and their assessments: creating one, and reading them as a user may see them. The other
 * jobs have their own services beside this one: answers (answers.service.ts), register fields
 * (register-fields.service.ts), workflow steps (workflow.service.ts and workflow-effects.ts) and
 * conditions (conditions/); reviews and reviewer assignment are in src/reviews/.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly adoption: TemplateAdoptionService,
    private readonly aiAct: AiActReader,
  ) {}

  async createProposal(ctx: UserContext, dto: CreateProposalDto): Promise<Assessment> {
    const { user } = ctx;
    if (!hasRole(user, Role.Proposer, dto.organisationId)) {
      throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
        { field: 'organisationId', key: 'validation.organisation.notProposer' },
      ]);
    }
    return this.dataSource.transaction(async (em) => {
      const template = await this.adoption.current(em, dto.organisationId);
      const { organisationId, ...fields } = dto;
      const algorithm = await em.save(
        em.create(Algorithm, {
          themes: [],
          status: 'In ontwikkeling',
          ...fields,
          publicId: newPublicId(),
          organisationId,
          origin: 'workflow',
          createdById: user.id,
        }),
      );
      const assessment = await em.save(
        em.create(Assessment, {
          algorithmId: algorithm.id,
          templateId: template.id,
          state: INITIAL_STATE,
          revision: 1,
          proposerId: user.id,
        }),
      );
      await this.audit.record(em, ctx, {
        action: 'assessment.create',
        objectType: 'assessment',
        objectId: assessment.id,
        actorRole: Role.Proposer,
        organisationId,
        result: 'success',
        details: { algorithmId: algorithm.id, template: `${template.key}@${template.version}` },
      });
      return assessment;
    });
  }

  /** Loads an assessment the user may see; anything else, including other organisations' work, is "not found". */
  async load(em: EntityManager, user: AuthUser, id: number): Promise<Loaded> {
    const assessment = await em.findOne(Assessment, {
      where: { id },
      relations: { algorithm: true, template: true },
    });
    if (!assessment) throw new DomainError('NOT_FOUND');
    const orgId = assessment.algorithm.organisationId;
    // Every review of this user on it, whatever roles they hold now: a reviewer of it stays one.
    const reviews = await em.findBy(Review, { assessmentId: id, reviewerId: user.id });
    const party =
      assessment.proposerId === user.id ||
      (await em.existsBy(Coauthor, { assessmentId: id, userId: user.id }));
    const isReviewer = hasRole(user, Role.Reviewer, orgId);
    const actorIs: ActorIs = {
      proposer: party && hasRole(user, Role.Proposer, orgId),
      party,
      secretary: hasRole(user, Role.Secretary, orgId),
      assignedReviewer: isReviewer && reviews.some((r) => r.revision === assessment.revision),
      reviewer: reviews.length > 0,
    };
    const visible =
      actorIs.proposer ||
      actorIs.secretary ||
      hasRole(user, Role.Admin, orgId) ||
      (isReviewer && reviews.length > 0);
    if (!visible) throw new DomainError('NOT_FOUND');
    return {
      assessment,
      algorithm: assessment.algorithm,
      template: assessment.template.content,
      answers: await this.answersOf(em, id, assessment.revision),
      actorIs,
      publicState: await publicStateOf(em, assessment.algorithmId),
      classification: await this.aiAct.read(em, assessment),
      instruments: await em.findBy(Instrument, { assessmentId: id }),
    };
  }

  async answersOf(em: EntityManager, assessmentId: number, revision: number): Promise<Answers> {
    const rows = await em.findBy(Answer, { assessmentId, revision });
    return Object.fromEntries(rows.map((r) => [r.questionId, r.value]));
  }

  /**
   * Assessments the user works on: own and co-authored proposals, assigned reviews, and their
   * organisations' as secretary or admin.
   */
  async list({ user }: UserContext): Promise<Assessment[]> {
    const orgWide = organisationsWithRole(user, Role.Secretary, Role.Admin);
    const reviewerOrgs = organisationsWithRole(user, Role.Reviewer);
    const proposerOrgs = organisationsWithRole(user, Role.Proposer);
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.algorithm', 'alg')
      .innerJoinAndSelect('a.template', 'tpl')
      .where('1 = 0');
    if (orgWide.length) qb.orWhere('alg.organisation_id IN (:...orgWide)', { orgWide });
    if (proposerOrgs.length)
      qb.orWhere(
        `(alg.organisation_id IN (:...proposerOrgs) AND (a.proposer_id = :uid OR EXISTS
          (SELECT 1 FROM assessment_coauthors c WHERE c.assessment_id = a.id AND c.user_id = :uid)))`,
        { uid: user.id, proposerOrgs },
      );
    if (reviewerOrgs.length) {
      qb.orWhere(
        '(alg.organisation_id IN (:...reviewerOrgs) AND EXISTS (SELECT 1 FROM reviews r WHERE r.assessment_id = a.id AND r.reviewer_id = :uid))',
        { uid: user.id, reviewerOrgs },
      );
    }
    return qb.orderBy('a.updated_at', 'DESC').take(500).getMany();
  }

  /** Everything a page or an API client needs to show one assessment at one revision. */
  async detail({ user }: UserContext, id: number, revision?: number) {
    const em = this.dataSource.manager;
    const loaded = await this.load(em, user, id);
    const { assessment } = loaded;
    const rev = revision ?? assessment.revision;
    if (!Number.isInteger(rev) || rev < 1 || rev > assessment.revision)
      throw new DomainError('NOT_FOUND');
    const answers =
      rev === assessment.revision ? loaded.answers : await this.answersOf(em, id, rev);
    const facts = legalFactsOf(loaded, answers);
    const evaluation = evaluateChecklist(loaded.template, answers, facts);
    const reviews = await em.find(Review, {
      where: { assessmentId: id },
      relations: { reviewer: true },
      order: { revision: 'DESC', id: 'ASC' },
    });
    const conditions = await em.find(Condition, {
      where: { assessmentId: id },
      order: { dueDate: 'ASC' },
    });
    const coauthors = await em.find(Coauthor, {
      where: { assessmentId: id },
      relations: { user: true },
      order: { id: 'ASC' },
    });
    return {
      assessment,
      algorithm: loaded.algorithm,
      template: loaded.template,
      revision: rev,
      answers,
      evaluation,
      floors: legalFloors(facts),
      publicState: loaded.publicState,
      classification: loaded.classification,
      instruments: await instrumentStates(
        em,
        loaded.algorithm.organisationId,
        facts,
        evaluation,
        loaded.instruments,
      ),
      reviews,
      conditions,
      coauthors: coauthors.map((c) => c.user),
      remarks: await remarksAnsweredIn(em, id, rev),
      /** Questions new or changed since the last assessment, when this revision re-assessed under another version. */
      openQuestionIds: await this.adoption.openQuestions(em, id, rev),
      actorIs: loaded.actorIs,
      availableActions:
        rev === assessment.revision
          ? availableActions({
              state: assessment.state,
              actorIs: loaded.actorIs,
              publicState: loaded.publicState,
            })
          : [],
      canEdit: editRefusal(assessment.state, loaded.actorIs) === null,
    };
  }

  /**
   * What changed between two revisions: the answers (added, changed, removed), the register fields
   * as each revision was submitted with them (the current one as it stands; null where a revision
   * was submitted before they were kept), and the remarks on revision `to - 1` with the answers
   * revision `to` gave them.
   */
  async diff({ user }: UserContext, id: number, from: number, to: number) {
    const em = this.dataSource.manager;
    const { assessment, algorithm, template } = await this.load(em, user, id);
    for (const r of [from, to])
      if (!Number.isInteger(r) || r < 1 || r > assessment.revision)
        throw new DomainError('NOT_FOUND');
    const [before, after] = await Promise.all([
      this.answersOf(em, id, from),
      this.answersOf(em, id, to),
    ]);
    const questions = new Map(allQuestions(template).map((q) => [q.id, q]));
    const ids = [...new Set([...questions.keys(), ...Object.keys(before), ...Object.keys(after)])];
    const answers = ids.flatMap((questionId) => {
      const change = changeOf(before[questionId], after[questionId]);
      return change
        ? [
            {
              questionId,
              text: questions.get(questionId)?.text ?? { nl: questionId, en: questionId },
              before: before[questionId] ?? null,
              after: after[questionId] ?? null,
              change,
            },
          ]
        : [];
    });
    const snapshot = async (revision: number) =>
      (await em.findOneBy(RegisterSnapshot, { assessmentId: id, revision }))?.fields ??
      (revision === assessment.revision ? registerFieldValues(algorithm) : null);
    const [fieldsBefore, fieldsAfter] = await Promise.all([snapshot(from), snapshot(to)]);
    const registerFields =
      fieldsBefore && fieldsAfter
        ? Object.keys(fieldsAfter).flatMap((field) => {
            const change = changeOf(fieldsBefore[field], fieldsAfter[field]);
            return change
              ? [{ field, before: fieldsBefore[field] ?? null, after: fieldsAfter[field], change }]
              : [];
          })
        : null;
    return {
      from,
      to,
      answers,
      registerFields,
      remarks: await remarksAnsweredIn(em, id, to),
    };
  }
}

/** How a value changed between two revisions, or null when it did not; empty counts as absent. */
function changeOf(before: unknown, after: unknown): 'added' | 'changed' | 'removed' | null {
  const absent = (v: unknown) => !isAnswered(v);
  if (absent(before) && absent(after)) return null;
  if (absent(before)) return 'added';
  if (absent(after)) return 'removed';
  return JSON.stringify(before) === JSON.stringify(after) ? null : 'changed';
}

/** The life of the algorithm's public entry: that of its current publication, null if none. */
export async function publicStateOf(
  em: EntityManager,
  algorithmId: number,
): Promise<PublicState | null> {
  const current = await em.findOne(Publication, {
    where: { algorithmId, current: true },
    select: { id: true, lifecycle: true },
  });
  return current?.lifecycle ?? null;
}
