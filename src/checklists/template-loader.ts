import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { PUBLICATION_CATEGORIES } from '../algorithms/publicatiestandaard';
import { isKnownUrn } from '../classification/algoritmekader';
import { PROJECT_ROOT } from '../common/project-root';
import { LEGAL_FACTS } from '../law/legal-facts';
import type { LegalFact } from '../law/legal-facts';
import { RISK_CLASSES } from './engine';
import type {
  ChecklistTemplateContent,
  Condition,
  FactorTable,
  FirstMatch,
  Question,
} from './template.types';
import { TemplateError } from './template-error';

export { TemplateError };

export const TEMPLATES_DIR = join(PROJECT_ROOT, 'seeds', 'checklists');
const SCHEMA_FILE = join(TEMPLATES_DIR, 'checklist-template.schema.json');

let validator: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
  );
  return validator;
}

export function loadTemplateFile(path: string): ChecklistTemplateContent {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TemplateError(
      path,
      '',
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  return parseTemplate(text, path);
}

/** Parses and checks a template: JSON syntax, the JSON Schema, then the rules the schema cannot express. */
export function parseTemplate(text: string, file: string): ChecklistTemplateContent {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TemplateError(file, '', `is not valid JSON: ${(err as Error).message}`);
  }
  const validate = schemaValidator();
  if (!validate(data)) {
    const error = mostSpecific(validate.errors ?? []);
    throw new TemplateError(file, error.instancePath, describe(error));
  }
  const template = data as ChecklistTemplateContent;
  checkSemantics(template, file);
  return template;
}

/** Of the schema's complaints, the one deepest in the document, where the mistake most likely is. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const ranked = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  return (ranked.length ? ranked : errors).reduce((best, e) =>
    e.instancePath.split('/').length > best.instancePath.split('/').length ? e : best,
  );
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperty')
    return `has an unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'additionalProperties')
    return `has an unknown property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'enum')
    return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'required')
    return `misses the required property "${String(params.missingProperty)}"`;
  return error.message ?? 'is not valid';
}

type Location = { id: string; index: number; question: Question };

function checkSemantics(t: ChecklistTemplateContent, file: string): void {
  const fail = (path: string, problem: string): never => {
    throw new TemplateError(file, path, problem);
  };
  // A citation the Algoritmekader does not know could never be shown to reviewers.
  const checkUrns = (urns: string[] | undefined, path: string) =>
    urns?.forEach((urn, i) => {
      if (!isKnownUrn(urn))
        fail(`${path}/${i}`, `cites ${urn}, which the Algoritmekader catalogue does not know`);
    });
  const questions = new Map<string, Location>();
  const sectionIds = new Set<string>();
  const factAt = new Map<LegalFact, string>();
  let index = 0;

  t.sections.forEach((section, s) => {
    if (sectionIds.has(section.id))
      fail(`/sections/${s}/id`, `section id "${section.id}" is used twice`);
    sectionIds.add(section.id);
    section.questions.forEach((question, q) => {
      const path = `/sections/${s}/questions/${q}`;
      if (questions.has(question.id))
        fail(`${path}/id`, `question id "${question.id}" is used twice`);
      const values = (question.options ?? []).map((o) => o.value);
      if (new Set(values).size !== values.length)
        fail(`${path}/options`, 'has an option value twice');
      if (question.register && question.type !== 'text')
        fail(`${path}/register`, 'only a text question can fill a register field');
      if (question.integer && question.type !== 'number')
        fail(`${path}/integer`, 'only a number question can ask for whole numbers');
      (question.options ?? []).forEach((o, i) => {
        if (o.exclusive && question.type !== 'multiple_choice')
          fail(
            `${path}/options/${i}/exclusive`,
            'only an option of a multiple-choice question can exclude the others',
          );
      });
      checkUrns(question.urns, `${path}/urns`);
      checkFact(question, path);
      questions.set(question.id, { id: question.id, index, question });
      index++;
    });
  });
  // The legal floors read these facts whatever the template says: without one, they could not
  // be established, and the template would make every approval impossible.
  const unmapped = LEGAL_FACTS.filter((fact) => !factAt.has(fact));
  if (unmapped.length)
    fail(
      '/sections',
      `no question establishes the legal fact${unmapped.length > 1 ? 's' : ''} ${unmapped
        .map((f) => `"${f}"`)
        .join(', ')}; tag the question that does with "fact"`,
    );

  /** A question with a fact is a yes/no, or a choice whose every option says what it establishes. */
  function checkFact(question: Question, path: string): void {
    const tagged = (question.options ?? []).some((o) => o.fact !== undefined);
    if (!question.fact) {
      if (tagged) fail(`${path}/options`, 'tags its options with a fact, but has no "fact"');
      return;
    }
    const earlier = factAt.get(question.fact);
    if (earlier)
      fail(
        `${path}/fact`,
        `the legal fact "${question.fact}" is already established by "${earlier}"`,
      );
    factAt.set(question.fact, question.id);
    if (question.type === 'yes_no') return;
    if (question.type !== 'single_choice' && question.type !== 'multiple_choice')
      fail(`${path}/fact`, 'only a yes/no or choice question can establish a legal fact');
    question.options!.forEach((option, i) => {
      if (option.fact === undefined)
        fail(
          `${path}/options/${i}`,
          `must say with "fact": true or false what it establishes of "${question.fact}"`,
        );
    });
  }
  // Conditions once every question is known, so a reference forward is named as such.
  t.sections.forEach((section, s) =>
    section.questions.forEach((question, q) => {
      if (question.when)
        checkCondition(
          question.when,
          `/sections/${s}/questions/${q}/when`,
          questions.get(question.id)!.index,
          false,
        );
    }),
  );

  function checkCondition(
    c: Condition,
    path: string,
    before: number,
    inRiskClassRules: boolean,
  ): void {
    if ('all' in c)
      return c.all.forEach((x, i) =>
        checkCondition(x, `${path}/all/${i}`, before, inRiskClassRules),
      );
    if ('any' in c)
      return c.any.forEach((x, i) =>
        checkCondition(x, `${path}/any/${i}`, before, inRiskClassRules),
      );
    if ('not' in c) return checkCondition(c.not, `${path}/not`, before, inRiskClassRules);
    if ('riskClass' in c) {
      if (inRiskClassRules) fail(path, 'the risk class rules cannot depend on the risk class');
      return;
    }
    if ('estimate' in c) {
      if (!t.estimates?.energy)
        fail(path, 'refers to the energy estimate, but the template has none');
      return;
    }
    const target = questions.get(c.q);
    if (!target) fail(`${path}/q`, `refers to question "${c.q}", which does not exist`);
    const { question } = target!;
    if (target!.index >= before)
      fail(`${path}/q`, `refers to question "${c.q}", which does not come earlier`);
    const options = (question.options ?? []).map((o) => o.value);
    const checkValue = (v: unknown, at: string) => {
      if (question.type === 'yes_no' && typeof v !== 'boolean')
        fail(at, `"${c.q}" is a yes/no question: compare with true or false`);
      if (
        (question.type === 'single_choice' || question.type === 'multiple_choice') &&
        !options.includes(String(v))
      ) {
        fail(at, `"${String(v)}" is not an option of "${c.q}"`);
      }
    };
    if ('eq' in c) checkValue(c.eq, `${path}/eq`);
    if ('ne' in c) checkValue(c.ne, `${path}/ne`);
    if ('in' in c) c.in.forEach((v, i) => checkValue(v, `${path}/in/${i}`));
    if ('includes' in c || 'includesAny' in c) {
      if (question.type !== 'multiple_choice')
        fail(path, `"${c.q}" is not a multiple-choice question`);
      ('includes' in c ? [c.includes] : c.includesAny).forEach((v) => checkValue(v, path));
    }
    if (('gt' in c || 'gte' in c || 'lt' in c || 'lte' in c) && question.type !== 'number') {
      fail(path, `"${c.q}" is not a number question`);
    }
  }

  const end = Number.MAX_SAFE_INTEGER;
  function checkFirstMatch<T>(
    list: FirstMatch<T>[],
    path: string,
    valid: (v: T) => boolean,
    expected: string,
    riskRules = false,
  ) {
    list.forEach((entry, i) => {
      if (!valid(entry.value)) fail(`${path}/${i}/value`, `must be ${expected}`);
      if (entry.when) checkCondition(entry.when, `${path}/${i}/when`, end, riskRules);
      else if (i !== list.length - 1)
        fail(`${path}/${i}`, 'only the last entry may go without "when"');
    });
    if (list[list.length - 1].when)
      fail(`${path}/${list.length - 1}`, 'the last entry must have no "when": it is the default');
  }
  const r = t.rules;
  checkFirstMatch(
    r.riskClass,
    '/rules/riskClass',
    (v) => (RISK_CLASSES as readonly string[]).includes(v),
    `one of ${RISK_CLASSES.join(', ')}`,
    true,
  );
  checkFirstMatch(
    r.publicationCategory,
    '/rules/publicationCategory',
    (v) => (PUBLICATION_CATEGORIES as readonly string[]).includes(v),
    'A, B or C',
  );
  checkFirstMatch(
    r.requiredApprovals,
    '/rules/requiredApprovals',
    (v) => Number.isInteger(v) && v >= 1 && v <= 9,
    'a whole number from 1 to 9',
  );
  checkFirstMatch(
    r.reassessmentMonths,
    '/rules/reassessmentMonths',
    (v) => Number.isInteger(v) && v >= 1 && v <= 60,
    'a whole number from 1 to 60',
  );
  const ruleIds = new Set<string>();
  r.blocking.forEach((rule, i) => {
    if (ruleIds.has(rule.id))
      fail(`/rules/blocking/${i}/id`, `blocking rule id "${rule.id}" is used twice`);
    ruleIds.add(rule.id);
    checkUrns(rule.urns, `/rules/blocking/${i}/urns`);
    if (!sectionIds.has(rule.section))
      fail(`/rules/blocking/${i}/section`, `section "${rule.section}" does not exist`);
    checkCondition(rule.when, `/rules/blocking/${i}/when`, end, false);
  });

  const disparity = t.estimates?.disparity;
  if (disparity) {
    const expect = (id: string, type: Question['type'], path: string) => {
      if (questions.get(id)?.question.type !== type)
        fail(path, `"${id}" is not a ${type === 'number' ? 'number' : 'text'} question`);
    };
    disparity.rates.forEach((id, i) => expect(id, 'number', `/estimates/disparity/rates/${i}`));
    expect(disparity.threshold, 'number', '/estimates/disparity/threshold');
    expect(disparity.mitigation, 'text', '/estimates/disparity/mitigation');
  }

  const energy = t.estimates?.energy;
  if (energy) {
    const checkTable = (table: FactorTable | undefined, path: string) => {
      if (!table) return;
      const target = questions.get(table.question);
      if (!target || target.question.type !== 'single_choice')
        fail(`${path}/question`, `"${table.question}" is not a single-choice question`);
      const options = (target!.question.options ?? []).map((o) => o.value);
      for (const key of Object.keys(table.values)) {
        if (!options.includes(key))
          fail(`${path}/values/${key}`, `"${key}" is not an option of "${table.question}"`);
      }
    };
    checkTable(energy.perUseKwh, '/estimates/energy/perUseKwh');
    checkTable(energy.fixedKwhPerYear, '/estimates/energy/fixedKwhPerYear');
    checkTable(energy.overhead, '/estimates/energy/overhead');
    checkTable(energy.co2eKgPerKwh, '/estimates/energy/co2eKgPerKwh');
    energy.sources?.forEach((source, i) => {
      if (
        source.factor !== 'perUseKwh' &&
        source.factor !== 'co2eKgPerKwh' &&
        !energy[source.factor]
      )
        fail(`/estimates/energy/sources/${i}/factor`, `the estimate has no ${source.factor} table`);
    });
    const uses = questions.get(energy.usesPerYear.question);
    if (!uses || uses.question.type !== 'number') {
      fail(
        '/estimates/energy/usesPerYear/question',
        `"${energy.usesPerYear.question}" is not a number question`,
      );
    }
  }
}
