import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../accounts/auth/auth-user';
import { hasRole } from '../../accounts/auth/auth-user';
import { Role } from '../../accounts/role';
import type { Algorithm } from '../../algorithms/entities/algorithm.entity';
import { ALGORITHM_STATUSES, STANDARD_FIELDS, THEMES } from '../../algorithms/publicatiestandaard';
import type { StandardField } from '../../algorithms/publicatiestandaard';
import { AuditEvent } from '../../audit/entities/audit-event.entity';
import { User } from '../../accounts/entities/user.entity';
import { answersFromForm, formValueOf } from '../../checklists/form-answers';
import type { PostedValue } from '../../checklists/form-answers';
import { allQuestions, applicableQuestions } from '../../checklists/engine';
import type { Question } from '../../checklists/template.types';
import { DomainError } from '../../common/errors/domain-error';
import { localisedPath } from '../../common/http/language';
import type { Language } from '../../i18n/i18n';
import { translate } from '../../i18n/i18n';
import { isApproval } from '../../reviews/entities/review.entity';
import { ReviewerAssignmentService } from '../../reviews/reviewer-assignment.service';
import { AssessmentsService } from '../assessments.service';
import { missingRegisterFields } from '../register-fields.service';
import { signOffRefusal } from '../workflow';
import type { FlatForm } from './form-body';

type Detail = Awaited<ReturnType<AssessmentsService['detail']>>;

/** Decisions the secretary records on the decision page, in the order they are offered. */
const DECISIONS = ['approve', 'approve_with_conditions', 'request_changes', 'reject'] as const;
/** Steps taken with one button on the overview page. */
const BUTTON_ACTIONS = ['withdraw', 'publish', 'mark_reassessment_due', 'revise', 'retire'];
/** Fields the proposer does not type: derived by the rules, or kept for imports. */
const NOT_TYPED = ['publication_category', 'source_id'];
export const REGISTER_FORM_FIELDS = STANDARD_FIELDS.filter((f) => !NOT_TYPED.includes(f.key));
const CONDITION_ROWS = 3;

const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];

/**
 * The view models of the work pages. Everything here is read-only and comes from the services the
 * API uses (AssessmentsService.detail and diff, ReviewerAssignmentService.eligible,
 * missingRegisterFields): the pages show what the workflow table and the checklist engine say, and
 * decide nothing themselves.
 */
@Injectable()
export class AssessmentPagesService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly reviewerAssignment: ReviewerAssignmentService,
    private readonly dataSource: DataSource,
  ) {}

  detail(user: AuthUser, id: number): Promise<Detail> {
    return this.assessments.detail(user, id);
  }

  /** The form for a new algorithm: the general fields of the standard and the organisation. */
  newForm(user: AuthUser, lang: Language, posted?: FlatForm) {
    const organisations = user.memberships
      .filter((m) => m.role === Role.Proposer)
      .map((m) => ({ id: m.organisationId, name: m.organisationName }));
    const chosen = posted ? str(posted.organisationId) : String(organisations[0]?.id ?? '');
    return {
      organisations: organisations.map((o) => ({ ...o, selected: String(o.id) === chosen })),
      fields: this.registerFields(
        lang,
        REGISTER_FORM_FIELDS.filter((f) => f.group === 'general'),
        posted ?? { status: 'In ontwikkeling' },
      ),
    };
  }

  /** What every page about one assessment shows at the top, and the way between its pages. */
  base(d: Detail, lang: Language, current: string, user: AuthUser) {
    const a = d.assessment;
    const path = (p = '') => localisedPath(lang, `/assessments/${a.id}${p}`);
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const sections = d.template.sections.map((s) => {
      const p = d.evaluation.progress.sections.find((x) => x.id === s.id)!;
      const answeredRequired = s.questions.filter(
        (q) =>
          q.required &&
          d.evaluation.applicable.includes(q.id) &&
          !d.evaluation.missingRequired.includes(q.id),
      ).length;
      return {
        id: s.id,
        title: s.title[lang],
        href: path(`/sections/${s.id}`),
        answered: p.answered,
        required: p.required,
        applicable: p.applicable,
        answeredRequired,
        complete: answeredRequired === p.required,
        current: current === `section:${s.id}`,
      };
    });
    const isSecretary = d.actorIs.secretary;
    const nav = [
      { key: 'overview', href: path(), label: t('work.nav.overview') },
      ...(d.canEdit
        ? [{ key: 'register', href: path('/register'), label: t('work.nav.register') }]
        : []),
      ...(d.canEdit
        ? [{ key: 'summary', href: path('/summary'), label: t('work.nav.summary') }]
        : []),
      { key: 'review', href: path('/review'), label: t('work.nav.answers') },
      ...(isSecretary && d.availableActions.includes('assign')
        ? [{ key: 'reviewers', href: path('/reviewers'), label: t('work.nav.reviewers') }]
        : []),
      ...(isSecretary && DECISIONS.some((x) => d.availableActions.includes(x))
        ? [{ key: 'decision', href: path('/decision'), label: t('work.nav.decision') }]
        : []),
      ...(isSecretary || hasAdmin(d, user)
        ? [{ key: 'audit', href: path('/audit'), label: t('work.nav.audit') }]
        : []),
    ].map((n) => ({ ...n, current: n.key === current }));
    return {
      id: a.id,
      version: a.version,
      state: a.state,
      stateLabel: t(`work.state.${a.state}`),
      revision: a.revision,
      algorithm: { name: d.algorithm.name, publicId: d.algorithm.publicId },
      registerHref: a.publishedAt ? localisedPath(lang, `/register/${d.algorithm.publicId}`) : null,
      templateTitle: d.template.title[lang],
      canEdit: d.canEdit,
      actorIs: d.actorIs,
      nav,
      sections,
      progress: d.evaluation.progress,
      rules: this.rules(d, lang),
      overviewHref: path(),
      reloadHref: path(
        current === 'overview' ? '' : `/${current.replace('section:', 'sections/')}`,
      ),
    };
  }

  /** The rules' results, with every missing answer and blocking rule linked to its question or section. */
  rules(d: Detail, lang: Language) {
    const t = (key: string) => translate(lang, key);
    const questions = new Map(allQuestions(d.template).map((q) => [q.id, q]));
    const sectionOf = new Map(
      d.template.sections.flatMap((s) => s.questions.map((q) => [q.id, s])),
    );
    const sectionById = new Map(d.template.sections.map((s) => [s.id, s]));
    const link = (section: string, question?: string) =>
      localisedPath(lang, `/assessments/${d.assessment.id}/sections/${section}`) +
      (question ? `#field-${question}` : '');
    const e = d.evaluation;
    return {
      riskClass: t(`register.risk.${e.riskClass}`),
      publicationCategory: t(`register.category.${e.publicationCategory}`),
      requiredApprovals: e.requiredApprovals,
      reassessmentMonths: e.reassessmentMonths,
      energy: e.energy,
      blocking: e.blocking.map((b) => ({
        id: b.id,
        reason: b.reason[lang],
        section: sectionById.get(b.section)?.title[lang] ?? b.section,
        href: link(b.section),
      })),
      missing: e.missingRequired.map((id) => ({
        id,
        text: questions.get(id)?.text[lang] ?? id,
        section: sectionOf.get(id)?.title[lang] ?? '',
        href: link(sectionOf.get(id)?.id ?? '', id),
      })),
    };
  }

  /** Overview: state, what is expected now, the buttons of the transition table, reviews and conditions. */
  async overview(user: AuthUser, id: number, lang: Language) {
    const d = await this.detail(user, id);
    const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
    const base = this.base(d, lang, 'overview', user);
    const path = (p: string) => localisedPath(lang, `/assessments/${id}${p}`);
    const links: { href: string; label: string }[] = [];
    const act = d.availableActions;
    if (act.includes('submit') || act.includes('resubmit'))
      links.push({ href: path('/summary'), label: t('work.actions.toSummary') });
    if (act.includes('assign'))
      links.push({ href: path('/reviewers'), label: t('work.actions.toReviewers') });
    if (DECISIONS.some((x) => act.includes(x)) && d.actorIs.secretary)
      links.push({ href: path('/decision'), label: t('work.actions.toDecision') });
    const ownReview = d.reviews.find(
      (r) => r.revision === d.assessment.revision && r.reviewer.id === user.id,
    );
    if (signOffRefusal(d, user.id, ownReview) === null)
      links.push({ href: path('/review'), label: t('work.actions.toReview') });
    return {
      ...base,
      next: t(`work.next.${d.assessment.state}`),
      links,
      buttons: act
        .filter((x) => BUTTON_ACTIONS.includes(x))
        .map((action) => ({
          action,
          label: t(`work.action.${action}`),
          warning: ['withdraw', 'retire'].includes(action),
        })),
      decision: d.assessment.decisionReasoning
        ? { reasoning: d.assessment.decisionReasoning, at: d.assessment.decidedAt }
        : null,
      reassessmentDue: d.assessment.reassessmentDue,
      reviews: this.reviewRows(d, lang),
      conditions: this.conditionRows(d),
      firstSectionHref: base.sections[0]?.href,
    };
  }

  reviewRows(d: Detail, lang: Language) {
    const sections = new Map(d.template.sections.map((s) => [s.id, s.title[lang]]));
    return d.reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: r.reviewer.name,
      decision: r.decision ? translate(lang, `work.decision.${r.decision}`) : null,
      reasoning: r.reasoning,
      signedAt: r.signedAt,
      current: r.revision === d.assessment.revision,
      remarks: Object.entries(r.sectionRemarks ?? {}).map(([s, text]) => ({
        section: sections.get(s) ?? s,
        text,
      })),
    }));
  }

  conditionRows(d: Detail) {
    const mayMark = d.actorIs.secretary || d.actorIs.proposer;
    return d.conditions.map((c) => ({
      id: c.id,
      description: c.description,
      owner: c.owner,
      dueDate: c.dueDate,
      done: !!c.doneAt,
      doneAt: c.doneAt,
      canMarkDone: mayMark && !c.doneAt,
    }));
  }

  /** The Publicatiestandaard fields of the entry, for the proposer to fill in or correct. */
  async registerForm(user: AuthUser, id: number, lang: Language, posted?: FlatForm) {
    const d = await this.detail(user, id);
    const values = posted ?? this.storedFields(d.algorithm);
    const groups = ['general', 'responsible_use', 'operation', 'metadata'].map((group) => ({
      title: translate(lang, `register.groups.${group}`),
      fields: this.registerFields(
        lang,
        REGISTER_FORM_FIELDS.filter((f) => f.group === group),
        values,
      ),
    }));
    return { ...this.base(d, lang, 'register', user), groups };
  }

  private storedFields(algorithm: Algorithm): FlatForm {
    const source = algorithm as unknown as Record<string, unknown>;
    const values: FlatForm = {};
    for (const f of REGISTER_FORM_FIELDS) {
      const v = source[f.property];
      if (f.kind === 'themes') values['themes[]'] = Array.isArray(v) ? v.map(String) : [];
      else values[f.property] = v === null || v === undefined ? '' : String(v);
    }
    return values;
  }

  /** Field models for the partials: label, help, example, limit, whether the register needs it. */
  registerFields(lang: Language, fields: readonly StandardField[], values: FlatForm) {
    const t = (key: string) => translate(lang, key);
    return fields.map((f) => {
      const name = f.kind === 'themes' ? 'themes[]' : f.property;
      const value = values[name];
      const options =
        f.kind === 'themes'
          ? THEMES.map((v) => ({ value: v, label: v, checked: list(value).includes(v) }))
          : f.kind === 'status'
            ? ALGORITHM_STATUSES.map((v) => ({
                value: v,
                label: t(`register.status.${v.toLowerCase().replace(/ /g, '-')}`),
                checked: str(value) === v,
              }))
            : undefined;
      return {
        id: f.property,
        name,
        label: t(`register.fields.${f.key}`),
        help: t(`work.fields.${f.key}.help`),
        example: t(`work.fields.${f.key}.example`),
        required: f.required,
        maxLength: f.maxLength,
        value: str(value),
        options,
        isTextarea: f.kind === 'longtext',
        isChoice: f.kind === 'status',
        isThemes: f.kind === 'themes',
        type: f.kind === 'url' ? 'url' : 'text',
        inputmode: f.kind === 'month' ? 'numeric' : undefined,
      };
    });
  }

  /** One section of the checklist with the questions that apply to the answers as they stand (or as just posted). */
  async section(
    user: AuthUser,
    id: number,
    sectionId: string,
    lang: Language,
    posted?: Record<string, PostedValue>,
  ) {
    const d = await this.detail(user, id);
    const section = d.template.sections.find((s) => s.id === sectionId);
    if (!section) throw new DomainError('NOT_FOUND');
    const ids = section.questions.map((q) => q.id);
    let answers = d.answers;
    if (posted) {
      const { changes } = answersFromForm(d.template, ids, posted, d.answers);
      answers = { ...d.answers, ...changes };
    }
    const applicable = applicableQuestions(d.template, answers);
    const index = d.template.sections.indexOf(section);
    const next = d.template.sections[index + 1];
    return {
      ...this.base(d, lang, `section:${section.id}`, user),
      section: {
        id: section.id,
        title: section.title[lang],
        intro: section.intro?.[lang],
        number: index + 1,
        count: d.template.sections.length,
        progress: d.evaluation.progress.sections[index],
        nextTitle: next?.title[lang],
      },
      questions: section.questions
        .filter((q) => applicable.has(q.id))
        .map((q) =>
          this.questionModel(q, lang, posted ? posted[q.id] : formValueOf(d.answers[q.id])),
        ),
      hiddenCount: section.questions.filter((q) => !applicable.has(q.id)).length,
      formAction: localisedPath(lang, `/assessments/${id}/sections/${section.id}`),
    };
  }

  private questionModel(q: Question, lang: Language, raw: PostedValue) {
    const t = (key: string) => translate(lang, key);
    const chosen = list(raw);
    const options =
      q.type === 'yes_no'
        ? [
            { value: 'true', label: t('work.yes') },
            { value: 'false', label: t('work.no') },
          ]
        : (q.options ?? []).map((o) => ({ value: o.value, label: o.label[lang] }));
    return {
      id: q.id,
      name: q.type === 'multiple_choice' ? `answers[${q.id}][]` : `answers[${q.id}]`,
      text: q.text[lang],
      help: q.help?.[lang],
      required: q.required,
      conditional: !!q.when,
      isRadio: q.type === 'yes_no' || q.type === 'single_choice',
      isCheckboxes: q.type === 'multiple_choice',
      isTextarea: q.type === 'text' && (q.maxLength ?? 0) > 200,
      isInput:
        ['number', 'date', 'url'].includes(q.type) ||
        (q.type === 'text' && (q.maxLength ?? 0) <= 200),
      type: q.type === 'url' ? 'url' : 'text',
      inputmode: q.type === 'number' ? 'decimal' : undefined,
      format:
        q.type === 'date'
          ? t('work.format.date')
          : q.type === 'url'
            ? t('work.format.url')
            : undefined,
      unit: q.unit?.[lang],
      maxLength: q.maxLength,
      value: str(raw),
      options: options.map((o) => ({ ...o, checked: chosen.includes(o.value) })),
    };
  }

  /** Before submission: what is missing, which blocking rules hold, and the submit button if the table offers it. */
  async summary(user: AuthUser, id: number, lang: Language) {
    const d = await this.detail(user, id);
    const missingRegister = missingRegisterFields(d.algorithm);
    const byKey = new Map(STANDARD_FIELDS.map((f) => [f.key, f]));
    const action = d.availableActions.find((x) => x === 'submit' || x === 'resubmit');
    const base = this.base(d, lang, 'summary', user);
    return {
      ...base,
      missingRegister: missingRegister.map((key) => ({
        label: translate(lang, `register.fields.${key}`),
        href:
          localisedPath(lang, `/assessments/${id}/register`) +
          `#field-${byKey.get(key)?.property ?? key}`,
      })),
      action,
      actionLabel: action ? translate(lang, `work.action.${action}`) : undefined,
      ready:
        base.rules.missing.length === 0 &&
        base.rules.blocking.length === 0 &&
        missingRegister.length === 0,
    };
  }

  /** The answers per section as reviewers see them, with the diff against the previous revision and all reviews. */
  async review(user: AuthUser, id: number, lang: Language, revision?: number) {
    const d = await this.assessments.detail(user, id, revision);
    const t = (key: string) => translate(lang, key);
    const base = this.base(d, lang, 'review', user);
    const diff =
      d.revision > 1
        ? (await this.assessments.diff(user, id, d.revision - 1, d.revision)).map((x) => {
            const q = allQuestions(d.template).find((y) => y.id === x.questionId)!;
            return {
              text: x.text[lang],
              before: this.shown(q, x.before, lang),
              after: this.shown(q, x.after, lang),
            };
          })
        : [];
    const applicable = new Set(d.evaluation.applicable);
    const own = d.reviews.find(
      (r) => r.revision === d.assessment.revision && r.reviewer.id === user.id,
    );
    const mayReview =
      d.revision === d.assessment.revision && signOffRefusal(d, user.id, own) === null;
    return {
      ...base,
      viewedRevision: d.revision,
      revisions: Array.from({ length: d.assessment.revision }, (_, i) => ({
        n: i + 1,
        href: localisedPath(lang, `/assessments/${id}/review?revision=${i + 1}`),
        current: i + 1 === d.revision,
      })),
      answerSections: d.template.sections.map((s) => ({
        id: s.id,
        title: s.title[lang],
        answers: s.questions
          .filter((q) => applicable.has(q.id))
          .map((q) => ({ text: q.text[lang], answer: this.shown(q, d.answers[q.id], lang) })),
        blocking: base.rules.blocking.filter((b) =>
          d.evaluation.blocking.some((x) => x.id === b.id && x.section === s.id),
        ),
      })),
      diff,
      previousRevision: d.revision > 1 ? d.revision - 1 : null,
      reviews: this.reviewRows(d, lang).filter((r) => r.decision),
      ownProposal: d.actorIs.proposer || d.assessment.proposerId === user.id,
      alreadySigned: !!own?.decision,
      mayReview,
      decisions: ['approve', 'approve_with_conditions', 'request_changes', 'reject'].map(
        (value) => ({
          value,
          label: t(`work.decision.${value}`),
        }),
      ),
      remarkSections: d.template.sections.map((s) => ({
        id: s.id,
        title: s.title[lang],
        name: `sectionRemarks[${s.id}]`,
        field: `sectionRemarks.${s.id}`,
      })),
      conditionRows: Array.from({ length: CONDITION_ROWS }, (_, i) => ({
        n: i + 1,
        fields: ['description', 'owner', 'dueDate'].map((f) => ({
          name: `conditions[${i}][${f}]`,
          field: `conditions.${i}.${f}`,
          label: t(`work.review.condition.${f}`),
          isDate: f === 'dueDate',
          isDescription: f === 'description',
        })),
      })),
      formAction: localisedPath(lang, `/assessments/${id}/review`),
    };
  }

  /** An answer as people read it: yes/no, the option's label, the number with its unit. */
  shown(q: Question, value: unknown, lang: Language): string {
    if (value === undefined || value === null || value === '')
      return translate(lang, 'work.unanswered');
    if (typeof value === 'boolean') return translate(lang, value ? 'work.yes' : 'work.no');
    const label = (v: unknown) => q.options?.find((o) => o.value === v)?.label[lang] ?? String(v);
    if (Array.isArray(value)) return value.map(label).join(', ');
    if (q.type === 'single_choice') return label(value);
    if (typeof value === 'number')
      return `${value.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB')}${q.unit ? ` ${q.unit[lang]}` : ''}`;
    return String(value);
  }

  /** The secretary's picker: the organisation's reviewers, never the proposer (the service leaves them out). */
  async reviewers(user: AuthUser, id: number, lang: Language, posted?: FlatForm) {
    const d = await this.detail(user, id);
    const eligible = await this.reviewerAssignment.eligible(user, id);
    const assigned = d.reviews.filter((r) => r.revision === d.assessment.revision);
    const chosen = posted
      ? list(posted['reviewerIds[]'])
      : assigned.map((r) => String(r.reviewer.id));
    return {
      ...this.base(d, lang, 'reviewers', user),
      candidates: eligible.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        checked: chosen.includes(String(u.id)),
        assigned: assigned.some((r) => r.reviewer.id === u.id),
      })),
      assigned: this.reviewRows(d, lang).filter((r) => r.current),
      required: d.evaluation.requiredApprovals,
      mayAssign: d.availableActions.includes('assign'),
      formAction: localisedPath(lang, `/assessments/${id}/reviewers`),
    };
  }

  /** The commission's decision: the state of all reviews and the decisions the table allows now. */
  async decision(user: AuthUser, id: number, lang: Language, posted?: FlatForm) {
    const d = await this.detail(user, id);
    const rows = this.reviewRows(d, lang).filter((r) => r.current);
    const chosen = posted ? str(posted.action) : '';
    return {
      ...this.base(d, lang, 'decision', user),
      reviews: rows,
      signed: rows.filter((r) => r.decision).length,
      approvals: d.reviews.filter(
        (r) => r.revision === d.assessment.revision && isApproval(r.decision),
      ).length,
      conditions: this.conditionRows(d),
      options: DECISIONS.filter((x) => d.availableActions.includes(x)).map((value) => ({
        value,
        label: translate(lang, `work.decision.${value}`),
        checked: chosen === value,
      })),
      reasoning: posted ? str(posted.reasoning) : '',
      formAction: localisedPath(lang, `/assessments/${id}/decision`),
    };
  }

  /** The assessment's own part of the audit trail: its steps, its reviews, its conditions and its register entry. */
  async trail(user: AuthUser, id: number, lang: Language) {
    const d = await this.detail(user, id);
    if (!d.actorIs.secretary && !hasAdmin(d, user)) throw new DomainError('NOT_FOUND');
    const repo = this.dataSource.getRepository(AuditEvent);
    const ids = (xs: { id: number }[]) => xs.map((x) => String(x.id));
    const where = [
      { objectType: 'assessment', objectId: String(id) },
      { objectType: 'algorithm', objectId: String(d.algorithm.id) },
      ...(d.reviews.length ? [{ objectType: 'review', objectId: In(ids(d.reviews)) }] : []),
      ...(d.conditions.length
        ? [{ objectType: 'condition', objectId: In(ids(d.conditions)) }]
        : []),
    ];
    const events = await repo.find({ where, order: { seq: 'ASC' }, take: 500 });
    const actorIds = [
      ...new Set(events.map((e) => e.actorUserId).filter((x): x is number => x !== null)),
    ];
    const actors = actorIds.length
      ? new Map(
          (
            await this.dataSource
              .getRepository(User)
              .find({ where: { id: In(actorIds) }, select: { id: true, name: true } })
          ).map((u) => [u.id, u.name]),
        )
      : new Map<number, string>();
    return {
      ...this.base(d, lang, 'audit', user),
      events: events.map((e) => ({
        seq: e.seq,
        at: e.occurredAt,
        actor: e.actorUserId ? (actors.get(e.actorUserId) ?? `#${e.actorUserId}`) : '',
        role: e.actorRole ? translate(lang, `roles.${e.actorRole}`) : '',
        action: e.action,
        result: e.result,
        details: e.details?.from ? `${String(e.details.from)} → ${String(e.details.to)}` : '',
      })),
    };
  }
}

function hasAdmin(d: Detail, user: AuthUser): boolean {
  return hasRole(user, Role.Admin, d.algorithm.organisationId);
}
