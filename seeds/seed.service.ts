import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { toAuthUser } from '../src/accounts/auth/auth.service';
import { hashPassword } from '../src/accounts/password-hasher';
import { Membership } from '../src/accounts/entities/membership.entity';
import { User } from '../src/accounts/entities/user.entity';
import { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../src/algorithms/public-id';
import { ChecklistsService } from '../src/checklists/checklists.service';
import { ChecklistAdoption } from '../src/checklists/entities/checklist-adoption.entity';
import { ChecklistTemplate } from '../src/checklists/entities/checklist-template.entity';
import { DecisionTreesService } from '../src/classification/decision-trees.service';
import { operatorContext } from '../src/common/request-context';
import type { UserContext } from '../src/common/request-context';
import { AnswersService } from '../src/assessments/answers.service';
import { AssessmentsService } from '../src/assessments/assessments.service';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { addDays } from '../src/assessments/reassessment';
import { WorkflowService } from '../src/assessments/workflow.service';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { Organisation } from '../src/organisations/entities/organisation.entity';
import { PublicationService } from '../src/publications/publication.service';
import { bumpRegisterVersion } from '../src/publications/register-projection';
import { ReviewsService } from '../src/reviews/reviews.service';
import {
  DEMO_ALGORITHMS,
  DEMO_APPLICATION,
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_QUESTIONS,
  DEMO_TEMPLATE,
  DEMO_USERS,
} from './demo-data';

export interface SeedReport {
  templates: number;
  decisionTrees: number;
  organisations: number;
  users: number;
  memberships: number;
  algorithms: number;
  questions: number;
  /** Applications taken through the whole workflow (DEMO_APPLICATION). */
  applications: number;
}

/**
 * The demo data: the shipped checklist templates and decision trees, two municipalities with a user per role, and a
 * few algorithms, published or in progress. Run on a first start (main.ts) and by `npm run seed`,
 * both through Nest, so the services that install templates and publish are the app's own.
 */
@Injectable()
export class SeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checklists: ChecklistsService,
    private readonly decisionTrees: DecisionTreesService,
    private readonly publications: PublicationService,
    private readonly assessments: AssessmentsService,
    private readonly answers: AnswersService,
    private readonly workflow: WorkflowService,
    private readonly reviews: ReviewsService,
  ) {}

  /**
   * Adds whatever of the demo data is missing (check, then insert) in one transaction, so running
   * it twice changes nothing and an interrupted run leaves nothing half-made. The application that
   * goes through the workflow follows, since each of its steps is a transaction of its own.
   */
  async run(): Promise<SeedReport> {
    const templates = await this.installTemplates();
    const decisionTrees = await this.installDecisionTrees();
    const report = await this.insertDemoData(templates, decisionTrees);
    report.applications = (await this.walkDemoApplication()) ? 1 : 0;
    return report;
  }

  private async insertDemoData(templates: number, decisionTrees: number): Promise<SeedReport> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    return this.dataSource.transaction(async (em) => {
      const report: SeedReport = {
        templates,
        decisionTrees,
        organisations: 0,
        users: 0,
        memberships: 0,
        algorithms: 0,
        questions: 0,
        applications: 0,
      };
      const orgs = new Map<string, Organisation>();
      for (const o of DEMO_ORGANISATIONS) {
        let org = await em.findOneBy(Organisation, { name: o.name });
        if (!org) {
          org = await em.save(em.create(Organisation, { ...o }));
          report.organisations++;
        }
        orgs.set(o.name, org);
        await this.adoptShippedTemplate(em, org);
      }

      for (const u of DEMO_USERS) {
        let user = await em.findOneBy(User, { email: u.email });
        if (!user) {
          user = await em.save(
            em.create(User, {
              email: u.email,
              name: u.name,
              passwordHash,
              isOperator: u.operator ?? false,
            }),
          );
          report.users++;
        }
        if (!u.organisation) continue;
        const organisationId = orgs.get(u.organisation)!.id;
        for (const role of u.roles) {
          if (!(await em.existsBy(Membership, { userId: user.id, organisationId, role }))) {
            await em.save(em.create(Membership, { userId: user.id, organisationId, role }));
            report.memberships++;
          }
        }
      }

      for (const a of DEMO_ALGORITHMS) {
        const org = orgs.get(a.organisation)!;
        if (await em.existsBy(Algorithm, { organisationId: org.id, sourceId: a.sourceId }))
          continue;
        await this.insertAlgorithm(em, org, a);
        report.algorithms++;
      }
      for (const question of DEMO_QUESTIONS)
        if (await this.insertQuestion(em, question)) report.questions++;
      if (report.questions) await bumpRegisterVersion(em);
      return report;
    });
  }

  /**
   * A first start on an empty database installs the shipped checklist templates and decision
   * trees, and, unless this is production, the demo data with its well-known password. A database
   * that already has organisations is left alone.
   */
  async seedOnFirstStart(options: { demo: boolean }): Promise<'demo' | 'shipped' | false> {
    if ((await this.dataSource.getRepository(Organisation).count()) > 0) return false;
    if (options.demo) {
      await this.run();
      return 'demo';
    }
    await this.installTemplates();
    await this.installDecisionTrees();
    return 'shipped';
  }

  /** True while the demo accounts exist, so start-up only prints logins that work. */
  demoAccountsPresent(): Promise<boolean> {
    return this.dataSource
      .getRepository(User)
      .existsBy({ email: In(DEMO_USERS.map((u) => u.email)) });
  }

  /**
   * Takes DEMO_APPLICATION through the workflow as the demo users would, through the same services
   * their pages call, so that every rule of the workflow holds for it: the proposer proposes,
   * answers and submits, the secretary assigns both reviewers, each signs a position, the
   * secretary decides with reasoning (answering the dissent) and publishes. Skipped once the
   * application exists, or when a demo user it needs is missing. Returns whether it was added.
   */
  private async walkDemoApplication(): Promise<boolean> {
    const app = DEMO_APPLICATION;
    const org = await this.dataSource
      .getRepository(Organisation)
      .findOneBy({ name: app.organisation });
    if (!org) return false;
    const exists = await this.dataSource
      .getRepository(Algorithm)
      .existsBy({ organisationId: org.id, name: app.register.name });
    if (exists) return false;
    const emails = [app.proposer, app.secretary, ...app.reviews.map((r) => r.reviewer)];
    const users = await this.dataSource.getRepository(User).find({
      where: { email: In(emails) },
      relations: { memberships: { organisation: true } },
    });
    if (users.length !== emails.length) return false;
    const as = (email: string): UserContext => ({
      user: toAuthUser(
        users.find((u) => u.email === email)!,
        'session',
      ),
      lang: 'nl',
      address: null,
      requestId: null,
    });
    const proposer = as(app.proposer);
    const secretary = as(app.secretary);
    const now = new Date();

    const { id, version } = await this.assessments.createProposal(proposer, {
      organisationId: org.id,
      ...app.register,
    });
    await this.answers.save(proposer, id, version, app.answers);
    await this.workflow.transition(proposer, id, 'submit', {});
    await this.workflow.transition(secretary, id, 'assign', {
      reviewerIds: app.reviews.map((r) => as(r.reviewer).user.id),
      deadline: addDays(now, app.reviewDeadlineInDays),
    });
    for (const review of app.reviews) {
      await this.reviews.sign(as(review.reviewer), id, {
        decision: review.decision,
        reasoning: review.reasoning,
        conditions: review.condition
          ? [
              {
                description: review.condition.description,
                owner: review.condition.owner,
                dueDate: addDays(now, review.condition.dueInDays),
              },
            ]
          : [],
      });
    }
    await this.workflow.transition(secretary, id, 'approve_with_conditions', app.decision);
    await this.workflow.transition(secretary, id, 'publish', {});
    return true;
  }

  private async insertAlgorithm(
    em: EntityManager,
    org: Organisation,
    a: (typeof DEMO_ALGORITHMS)[number],
  ) {
    const { organisation: _name, published, ...fields } = a;
    const algorithm = await em.save(
      em.create(Algorithm, {
        ...fields,
        publicId: newPublicId(),
        organisationId: org.id,
        origin: 'workflow',
        contact: `algoritmes@${org.slug}.example`,
      }),
    );
    // Published the way everything is: through the publication service, as a numbered version.
    if (published) {
      await this.publications.publish(em, { algorithm, origin: 'workflow' });
      return;
    }
    // Work in progress: a concept assessment on the organisation's template, owned by the demo proposer.
    const adoption = await em.findOneBy(ChecklistAdoption, { organisationId: org.id });
    const proposer = await em.findOneByOrFail(User, { email: `indiener@${org.slug}.example` });
    if (adoption) {
      await em.save(
        em.create(Assessment, {
          algorithmId: algorithm.id,
          templateId: adoption.templateId,
          state: 'concept',
          revision: 1,
          proposerId: proposer.id,
        }),
      );
      await em.update(Algorithm, { id: algorithm.id }, { createdById: proposer.id });
    }
  }

  /**
   * A resident's question on a published demo entry, answered by the organisation's demo
   * secretary and published with the resident's consent, as the inbox would leave it. No name
   * and no address: the demo resident stays anonymous, and no e-mail goes out.
   */
  private async insertQuestion(
    em: EntityManager,
    question: (typeof DEMO_QUESTIONS)[number],
  ): Promise<boolean> {
    const algorithm = await em.findOneBy(Algorithm, { sourceId: question.algorithm });
    if (!algorithm?.publishedAt) return false;
    if (await em.existsBy(Feedback, { algorithmId: algorithm.id, message: question.message }))
      return false;
    const org = await em.findOneByOrFail(Organisation, { id: algorithm.organisationId });
    const secretary = await em.findOneBy(User, { email: `secretaris@${org.slug}.example` });
    const day = 86_400_000;
    const asked = new Date(Date.now() - 6 * day);
    const answered = new Date(Date.now() - 3 * day);
    await em.save(
      em.create(Feedback, {
        algorithmId: algorithm.id,
        organisationId: org.id,
        name: null,
        email: null,
        message: question.message,
        publishConsent: true,
        language: 'nl',
        createdAt: asked,
        state: 'answered',
        handledAt: asked,
        answer: question.answer,
        answeredAt: answered,
        answeredById: secretary?.id ?? null,
        answerEmailed: false,
        publishedAt: answered,
      }),
    );
    return true;
  }

  /**
   * A demo organisation that has adopted no template yet adopts the newest shared version of the
   * shipped one, as its admin would on /admin/checklists; one it has chosen itself stays.
   */
  private async adoptShippedTemplate(em: EntityManager, org: Organisation): Promise<void> {
    if (await em.existsBy(ChecklistAdoption, { organisationId: org.id })) return;
    const template = await em.findOne(ChecklistTemplate, {
      where: { key: DEMO_TEMPLATE, organisationId: IsNull() },
      order: { version: 'DESC' },
      select: { id: true },
    });
    if (!template) return;
    await em.save(
      em.create(ChecklistAdoption, {
        organisationId: org.id,
        templateId: template.id,
        adoptedAt: new Date(),
        adoptedById: null,
      }),
    );
  }

  /**
   * Installs the checklist templates shipped in seeds/checklists that are not installed yet, as
   * shared versions; each in its own transaction, before the demo data, whose organisations adopt
   * one.
   */
  private async installTemplates(): Promise<number> {
    let installed = 0;
    for (const { file, installed: present } of await this.checklists.availableFiles()) {
      if (present) continue;
      await this.checklists.installFile(operatorContext(), file);
      installed++;
    }
    return installed;
  }

  /**
   * Installs the decision trees shipped in seeds/decision-trees (Waarborg's own wording of the
   * national Beslishulp AI-verordening) that are not installed yet, so that a fresh start can
   * classify without the official file; the first one installed becomes the active one.
   */
  private async installDecisionTrees(): Promise<number> {
    let installed = 0;
    for (const { file, installed: present } of await this.decisionTrees.availableFiles()) {
      if (present) continue;
      await this.decisionTrees.installFile(operatorContext(), file);
      installed++;
    }
    return installed;
  }
}
