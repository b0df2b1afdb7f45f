import { factSection } from '../../test/support/checklist-fixture';
import { legalFacts } from '../law/legal-facts';
import { answerProblem, evaluateChecklist } from './engine';
import { parseTemplate, TemplateError } from './template-loader';
import type { Answers, ChecklistTemplateContent } from './template.types';

const t = (nl: string) => ({ nl, en: nl });
const urns = ['urn:nl:ak:ver:aia-00'];

/** A small template exercising every kind of question, condition and rule. */
function fixture(): ChecklistTemplateContent {
  return {
    key: 'fixture',
    version: 1,
    title: t('Test'),
    description: t('Test'),
    sections: [
      {
        id: 'basis',
        title: t('Basis'),
        questions: [
          {
            id: 'basis.personal',
            type: 'yes_no',
            required: true,
            text: t('Persoonsgegevens?'),
            urns,
          },
          {
            id: 'basis.dpia_link',
            type: 'url',
            required: true,
            text: t('DPIA'),
            urns,
            when: { q: 'basis.personal', eq: true },
          },
          {
            id: 'basis.groups',
            type: 'multiple_choice',
            required: false,
            text: t('Groepen'),
            urns,
            options: [
              { value: 'youth', label: t('Jongeren') },
              { value: 'elderly', label: t('Ouderen') },
              { value: 'none', label: t('Geen'), exclusive: true },
            ],
          },
          {
            id: 'basis.purpose',
            type: 'text',
            required: true,
            text: t('Doel'),
            urns,
            maxLength: 10,
            register: 'purpose_and_impact',
          },
          { id: 'basis.start', type: 'date', required: false, text: t('Start'), urns },
        ],
      },
      {
        id: 'energy',
        title: t('Energie'),
        questions: [
          {
            id: 'energy.model',
            type: 'single_choice',
            required: true,
            text: t('Model'),
            urns,
            options: [
              { value: 'rules', label: t('Regels') },
              { value: 'llm', label: t('Taalmodel') },
            ],
          },
          {
            id: 'energy.uses',
            type: 'number',
            required: true,
            text: t('Gebruik'),
            urns,
            min: 0,
            max: 1e9,
            integer: true,
          },
          {
            id: 'energy.hosting',
            type: 'single_choice',
            required: true,
            text: t('Hosting'),
            urns,
            options: [
              { value: 'own', label: t('Eigen') },
              { value: 'cloud', label: t('Cloud') },
            ],
          },
          { id: 'energy.prohibited', type: 'yes_no', required: true, text: t('Verboden?'), urns },
        ],
      },
      factSection(),
    ],
    estimates: {
      energy: {
        assumptions: t('Aannames'),
        perUseKwh: { question: 'energy.model', values: { rules: 0.001, llm: 0.01 } },
        usesPerYear: { question: 'energy.uses' },
        overhead: { question: 'energy.hosting', values: { own: 2, cloud: 1 } },
        co2eKgPerKwh: { question: 'energy.hosting', values: { own: 0.5, cloud: 0.1 } },
      },
    },
    rules: {
      blocking: [
        {
          id: 'prohibited',
          section: 'energy',
          when: { q: 'energy.prohibited', eq: true },
          reason: t('Verboden'),
        },
        {
          id: 'high-energy',
          section: 'energy',
          when: { estimate: 'energy.kwhPerYear', gt: 1000 },
          reason: t('Te zwaar'),
        },
        {
          id: 'youth-high',
          section: 'basis',
          when: { all: [{ riskClass: 'high' }, { q: 'basis.groups', includes: 'youth' }] },
          reason: t('Jongeren'),
        },
      ],
      riskClass: [
        { when: { q: 'energy.prohibited', eq: true }, value: 'prohibited' },
        { when: { q: 'basis.personal', eq: true }, value: 'high' },
        { value: 'minimal' },
      ],
      publicationCategory: [
        { when: { riskClass: ['high', 'prohibited'] }, value: 'A' },
        { value: 'C' },
      ],
      requiredApprovals: [{ when: { riskClass: 'high' }, value: 3 }, { value: 1 }],
      reassessmentMonths: [{ when: { not: { riskClass: 'minimal' } }, value: 12 }, { value: 36 }],
    },
  };
}

const load = (template: ChecklistTemplateContent) =>
  parseTemplate(JSON.stringify(template), 'fixture.json');

describe('template loader', () => {
  it('accepts a valid template', () => {
    expect(load(fixture()).key).toBe('fixture');
  });

  it('names the file, the path and the problem for a schema error', () => {
    const bad = fixture() as unknown as { sections: { questions: { type: string }[] }[] };
    bad.sections[0].questions[1].type = 'email';
    expect(() => load(bad as unknown as ChecklistTemplateContent)).toThrow(TemplateError);
    try {
      load(bad as unknown as ChecklistTemplateContent);
    } catch (err) {
      expect(err).toMatchObject({ file: 'fixture.json', path: '/sections/0/questions/1/type' });
      expect((err as TemplateError).problem).toMatch(/must be one of/);
      // A domain error: the filter answers it with its code and the problem beside the path.
      expect(err).toMatchObject({
        code: 'TEMPLATE_INVALID',
        messageKey: 'checklist.invalid',
        details: [
          {
            field: '/sections/0/questions/1/type',
            key: 'checklist.templateProblem',
            params: { problem: (err as TemplateError).problem },
          },
        ],
      });
    }
  });

  it('refuses invalid JSON with its position', () => {
    expect(() => parseTemplate('{"key": ', 'broken.json')).toThrow(
      /broken.json: \/: is not valid JSON/,
    );
  });

  it('refuses a condition on a later or unknown question', () => {
    const later = fixture();
    later.sections[0].questions[0].when = { q: 'basis.purpose', answered: true };
    expect(() => load(later)).toThrow(
      /\/sections\/0\/questions\/0\/when\/q: refers to question "basis.purpose", which does not come earlier/,
    );
    const unknown = fixture();
    unknown.rules.blocking[0].when = { q: 'basis.nothing', eq: true };
    expect(() => load(unknown)).toThrow(/\/rules\/blocking\/0\/when\/q: .*does not exist/);
  });

  it('refuses a question or blocking rule citing a URN the Algoritmekader does not know', () => {
    const question = fixture();
    question.sections[0].questions[1].urns = ['urn:nl:ak:ver:aia-00', 'urn:nl:ak:ver:aia-99'];
    expect(() => load(question)).toThrow(
      'fixture.json: /sections/0/questions/1/urns/1: cites urn:nl:ak:ver:aia-99, which the Algoritmekader catalogue does not know',
    );
    const rule = fixture();
    rule.rules.blocking[0].urns = ['urn:nl:ak:mtr:zzz-01'];
    expect(() => load(rule)).toThrow(/\/rules\/blocking\/0\/urns\/0: cites urn:nl:ak:mtr:zzz-01/);
  });

  it('refuses an option value the question does not have', () => {
    const bad = fixture();
    bad.rules.blocking[2].when = { q: 'basis.groups', includes: 'toddlers' };
    expect(() => load(bad)).toThrow(/"toddlers" is not an option of "basis.groups"/);
  });

  it('refuses risk class rules that depend on the risk class, and lists without a default', () => {
    const circular = fixture();
    circular.rules.riskClass[1].when = { riskClass: 'high' };
    expect(() => load(circular)).toThrow(/cannot depend on the risk class/);
    const noDefault = fixture();
    noDefault.rules.requiredApprovals = [{ when: { riskClass: 'high' }, value: 3 }];
    expect(() => load(noDefault)).toThrow(
      /\/rules\/requiredApprovals\/0: the last entry must have no "when"/,
    );
  });

  it('refuses "exclusive" outside a multiple choice, "integer" outside a number, and a bias test on the wrong questions', () => {
    const exclusive = fixture();
    exclusive.sections[1].questions[0].options![0].exclusive = true;
    expect(() => load(exclusive)).toThrow(
      /\/sections\/1\/questions\/0\/options\/0\/exclusive: only an option of a multiple-choice/,
    );
    const integer = fixture();
    integer.sections[0].questions[0].integer = true;
    expect(() => load(integer)).toThrow(
      /\/sections\/0\/questions\/0\/integer: only a number question/,
    );
    const disparity = fixture();
    disparity.estimates!.disparity = {
      rates: ['energy.uses', 'basis.purpose'],
      threshold: 'energy.uses',
      mitigation: 'basis.purpose',
    };
    expect(() => load(disparity)).toThrow(
      /\/estimates\/disparity\/rates\/1: "basis.purpose" is not a number question/,
    );
  });

  it('refuses a register field on a question that is not text', () => {
    const bad = fixture();
    bad.sections[0].questions[0].register = 'data';
    expect(() => load(bad)).toThrow(/only a text question can fill a register field/);
  });
});

/** The checklist as the services evaluate it: with the facts its own answers establish. */
const evaluate = (template: ChecklistTemplateContent, answers: Answers) =>
  evaluateChecklist(template, answers, legalFacts({ template, answers }));

describe('evaluateChecklist', () => {
  const template = load(fixture());

  it('shows a follow-up question only while its condition holds', () => {
    expect(evaluate(template, { 'basis.personal': false }).applicable).not.toContain(
      'basis.dpia_link',
    );
    expect(evaluate(template, { 'basis.personal': true }).applicable).toContain('basis.dpia_link');
  });

  it('lists the required questions that apply and have no answer', () => {
    const result = evaluate(template, { 'basis.personal': true, 'basis.purpose': '  ' });
    expect(result.missingRequired).toEqual([
      'basis.dpia_link',
      'basis.purpose',
      'energy.model',
      'energy.uses',
      'energy.hosting',
      'energy.prohibited',
    ]);
  });

  it('ignores an answer to a question that does not apply', () => {
    const result = evaluate(template, {
      'basis.personal': false,
      'basis.dpia_link': 'https://x.nl',
    });
    expect(result.progress.sections[0]).toEqual({
      id: 'basis',
      applicable: 4,
      required: 2,
      answered: 1,
    });
  });

  it('takes the first matching risk class, and later rules see it', () => {
    const high = evaluate(template, {
      'basis.personal': true,
      'energy.prohibited': false,
    });
    expect(high).toMatchObject({
      riskClass: 'high',
      publicationCategory: 'A',
      requiredApprovals: 3,
      reassessmentMonths: 12,
    });
    const minimal = evaluate(template, {
      'basis.personal': false,
      'energy.prohibited': false,
    });
    expect(minimal).toMatchObject({
      riskClass: 'minimal',
      publicationCategory: 'C',
      requiredApprovals: 1,
      reassessmentMonths: 36,
    });
    expect(evaluate(template, { 'energy.prohibited': true }).riskClass).toBe('prohibited');
  });

  it('reports every blocking rule that holds, with its reason and section', () => {
    const result = evaluate(template, {
      'basis.personal': true,
      'basis.groups': ['youth'],
      'energy.prohibited': true,
    });
    expect(result.blocking.map((b) => b.id)).toEqual(['prohibited']);
    const youth = evaluate(template, {
      'basis.personal': true,
      'basis.groups': ['elderly', 'youth'],
      'energy.prohibited': false,
    });
    expect(youth.blocking).toEqual([{ id: 'youth-high', section: 'basis', reason: t('Jongeren') }]);
  });

  it('estimates energy from the factor tables, and blocks on it', () => {
    const answers = { 'energy.model': 'llm', 'energy.uses': 100_000, 'energy.hosting': 'own' };
    const result = evaluate(template, answers);
    expect(result.energy).toEqual({ kwhPerYear: 2000, co2eKgPerYear: 1000 });
    expect(result.blocking.map((b) => b.id)).toContain('high-energy');
    expect(evaluate(template, { ...answers, 'energy.hosting': 'cloud' }).energy).toEqual({
      kwhPerYear: 1000,
      co2eKgPerYear: 100,
    });
  });

  it('gives no energy estimate while an input is missing', () => {
    expect(
      evaluate(template, { 'energy.model': 'llm', 'energy.hosting': 'own' }).energy,
    ).toBeNull();
  });
});

describe('answerProblem', () => {
  const template = load(fixture());
  const q = (id: string) => template.sections.flatMap((s) => s.questions).find((x) => x.id === id)!;

  it('accepts answers of the right type', () => {
    expect(answerProblem(q('basis.personal'), false)).toBeNull();
    expect(answerProblem(q('basis.groups'), ['youth'])).toBeNull();
    expect(answerProblem(q('energy.model'), 'llm')).toBeNull();
    expect(answerProblem(q('energy.uses'), 12)).toBeNull();
    expect(answerProblem(q('basis.start'), '2026-02-28')).toBeNull();
    expect(answerProblem(q('basis.dpia_link'), 'https://gemeente.nl/dpia')).toBeNull();
  });

  it('refuses answers of the wrong type or out of bounds, saying what is expected', () => {
    expect(answerProblem(q('basis.personal'), 'ja')?.key).toBe('checklist.answer.yesNo');
    expect(answerProblem(q('basis.groups'), ['youth', 'youth'])?.key).toBe(
      'checklist.answer.options',
    );
    // The options' codes are no message for a person.
    expect(answerProblem(q('energy.model'), 'gpu')).toEqual({ key: 'checklist.answer.option' });
    expect(answerProblem(q('energy.uses'), -1)).toEqual({
      key: 'checklist.answer.min',
      params: { min: 0 },
    });
    expect(answerProblem(q('energy.uses'), '12')?.key).toBe('checklist.answer.number');
    expect(answerProblem(q('basis.purpose'), 'x'.repeat(11))).toEqual({
      key: 'checklist.answer.tooLong',
      params: { max: 10 },
    });
    expect(answerProblem(q('basis.start'), '2026-02-30')?.key).toBe('checklist.answer.date');
    expect(answerProblem(q('basis.start'), '30-01-2026')?.key).toBe('checklist.answer.date');
    expect(answerProblem(q('basis.dpia_link'), 'javascript:alert(1)')?.key).toBe(
      'checklist.answer.url',
    );
  });

  it('refuses "none" beside another choice, and a fraction where whole numbers are asked', () => {
    expect(answerProblem(q('basis.groups'), ['none'])).toBeNull();
    expect(answerProblem(q('basis.groups'), ['youth', 'none'])).toEqual({
      key: 'checklist.answer.exclusive',
    });
    expect(answerProblem(q('energy.uses'), 1.5)).toEqual({ key: 'checklist.answer.integer' });
    expect(answerProblem(q('energy.uses'), 1e10)).toEqual({
      key: 'checklist.answer.max',
      params: { max: 1e9 },
    });
  });
});

describe('the risk class from the law and from the template', () => {
  const template = load(fixture());
  const answers = { 'basis.personal': false, 'energy.prohibited': false };

  it('raises the class, category and quorum a template gives to what the law sets, and says why', () => {
    const result = evaluate(template, { ...answers, 'facts.decides_about_people': true });
    expect(result).toMatchObject({
      riskClass: 'impactful',
      publicationCategory: 'B',
      requiredApprovals: 2,
      reassessmentMonths: 12,
    });
    expect(result.classBasis.law).toEqual([
      { rule: 'about_people', facts: ['decides_about_people'] },
    ]);
  });

  it('keeps what the template asks when it is stricter than the law', () => {
    const result = evaluate(template, {
      ...answers,
      'basis.personal': true,
      'facts.decides_about_people': true,
    });
    expect(result).toMatchObject({
      riskClass: 'high',
      publicationCategory: 'A',
      requiredApprovals: 3,
    });
  });

  it('takes the facts from whatever source the caller has, not only the answers', () => {
    const facts = { ...legalFacts({ template, answers }), ai_system: true, high_risk: true };
    expect(evaluateChecklist(template, answers, facts)).toMatchObject({
      riskClass: 'high',
      publicationCategory: 'A',
      requiredApprovals: 3,
    });
  });

  it('leaves the lowest class with nothing that raises it', () => {
    const result = evaluate(template, answers);
    expect(result).toMatchObject({
      riskClass: 'minimal',
      publicationCategory: 'C',
      requiredApprovals: 1,
    });
    expect(result.classBasis.law).toEqual([]);
  });
});
