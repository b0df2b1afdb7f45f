import type { ChecklistTemplateContent, Section } from '../../src/checklists/template.types';
import { LEGAL_FACTS } from '../../src/law/legal-facts';

const t = (nl: string, en = nl) => ({ nl, en });
const urns = ['urn:nl:ak:ver:aia-00'];

/** The facts about the people affected, each asked by a yes/no question of its own, none required. */
const IMPACT_FACTS = [
  ['protected_grounds', 'Beschermde gronden?'],
  ['proxies', 'Afgeleide kenmerken?'],
  ['vulnerable_groups', 'Kwetsbare groepen?'],
  ['large_scale', 'Grote schaal?'],
] as const;

/**
 * A small template with the kinds of rules the real one has, and a question for every legal fact,
 * so workflow tests do not depend on the real template's content.
 */
export function fixtureTemplate(version = 1, extraQuestion = false): ChecklistTemplateContent {
  return {
    key: 'test-framework',
    version,
    title: t(`Testkader v${version}`, `Test framework v${version}`),
    description: t('Voor tests'),
    sections: [
      {
        id: 'basis',
        title: t('Basis'),
        questions: [
          {
            id: 'basis.goal',
            type: 'text',
            required: true,
            text: t('Doel'),
            urns,
            maxLength: 200,
            register: 'purpose_and_impact',
          },
          {
            id: 'basis.people',
            type: 'yes_no',
            required: false,
            text: t('Besluiten over personen?'),
            urns,
            fact: 'decides_about_people',
          },
          {
            id: 'basis.personal',
            type: 'yes_no',
            required: true,
            text: t('Persoonsgegevens?'),
            urns,
            fact: 'personal_data',
          },
          {
            id: 'basis.special',
            type: 'yes_no',
            required: false,
            text: t('Bijzondere persoonsgegevens?'),
            urns,
            when: { q: 'basis.personal', eq: true },
            fact: 'special_categories',
          },
          {
            id: 'basis.profiling',
            type: 'yes_no',
            required: false,
            text: t('Profilering?'),
            urns,
            when: { q: 'basis.personal', eq: true },
            fact: 'profiling',
          },
          {
            id: 'basis.dpia_done',
            type: 'yes_no',
            required: false,
            text: t('DPIA gedaan?'),
            urns,
            when: { q: 'basis.personal', eq: true },
            fact: 'dpia_done',
          },
          {
            id: 'basis.dpia',
            type: 'url',
            required: true,
            text: t('DPIA-link'),
            urns,
            when: { q: 'basis.personal', eq: true },
          },
          {
            id: 'basis.human',
            type: 'single_choice',
            required: true,
            text: t('Wie beslist?'),
            urns,
            options: [
              { value: 'human_always', label: t('Altijd een mens'), fact: true },
              { value: 'no_human', label: t('Geen mens'), fact: false },
            ],
            fact: 'human_final_decision',
          },
          { id: 'basis.start', type: 'date', required: false, text: t('Start'), urns },
          {
            id: 'basis.notes',
            type: 'text',
            required: false,
            text: t('Opmerkingen'),
            urns,
            maxLength: 50,
          },
          ...(extraQuestion
            ? [
                {
                  id: 'basis.v2_only',
                  type: 'yes_no' as const,
                  required: false,
                  text: t('Nieuw in v2'),
                  urns,
                },
              ]
            : []),
        ],
      },
      {
        id: 'law',
        title: t('Wetgeving'),
        questions: [
          {
            id: 'law.ai_system',
            type: 'yes_no',
            required: false,
            text: t('AI-systeem?'),
            urns,
            fact: 'ai_system',
          },
          {
            id: 'law.prohibited',
            type: 'yes_no',
            required: true,
            text: t('Verboden praktijk?'),
            urns,
            fact: 'prohibited_practice',
          },
          {
            id: 'law.high_risk',
            type: 'yes_no',
            required: true,
            text: t('Hoog risico?'),
            urns,
            fact: 'high_risk',
          },
          {
            id: 'law.fria',
            type: 'yes_no',
            required: false,
            text: t('IAMA gedaan?'),
            urns,
            when: { q: 'law.high_risk', eq: true },
            fact: 'fria_done',
          },
          ...IMPACT_FACTS.map(([fact, text]) => ({
            id: `law.${fact}`,
            type: 'yes_no' as const,
            required: false,
            text: t(text),
            urns,
            fact,
          })),
        ],
      },
    ],
    rules: {
      blocking: [
        {
          id: 'prohibited-practice',
          section: 'law',
          when: { q: 'law.prohibited', eq: true },
          reason: t('Verboden AI mag niet.', 'Prohibited AI is not allowed.'),
        },
        {
          id: 'no-human-decision',
          section: 'basis',
          when: {
            all: [
              { q: 'basis.personal', eq: true },
              { q: 'basis.human', eq: 'no_human' },
            ],
          },
          reason: t('Er moet een mens beslissen.', 'A human must decide.'),
        },
        {
          id: 'high-risk-unexplained',
          section: 'basis',
          when: {
            all: [
              { q: 'law.high_risk', eq: true },
              { q: 'basis.notes', answered: false },
            ],
          },
          reason: t('Licht hoog risico toe.', 'Explain the high risk.'),
        },
      ],
      riskClass: [
        { when: { q: 'law.prohibited', eq: true }, value: 'prohibited' },
        { when: { q: 'law.high_risk', eq: true }, value: 'high' },
        { value: 'minimal' },
      ],
      publicationCategory: [{ when: { riskClass: 'high' }, value: 'A' }, { value: 'C' }],
      requiredApprovals: [{ when: { riskClass: 'high' }, value: 3 }, { value: 2 }],
      reassessmentMonths: [{ when: { riskClass: 'high' }, value: 12 }, { value: 24 }],
    },
  };
}

/**
 * A section with a yes/no question for every legal fact, `facts.<fact>`, none required: what a
 * template needs at the least, for tests of templates that are about something else.
 */
export function factSection(): Section {
  return {
    id: 'facts',
    title: t('Wettelijke feiten', 'Legal facts'),
    questions: LEGAL_FACTS.map((fact) => ({
      id: `facts.${fact}`,
      type: 'yes_no' as const,
      required: false,
      text: t(fact),
      urns,
      fact,
    })),
  };
}

/** Answers that make the fixture's checklist complete and clear of blocking rules (minimal risk). */
export const COMPLETE_ANSWERS = {
  'basis.goal': 'Meldingen sneller bij de juiste afdeling.',
  'basis.personal': false,
  'basis.human': 'human_always',
  'law.prohibited': false,
  'law.high_risk': false,
};

/** Every Publicatiestandaard field a submission needs besides the purpose (filled from the answers). */
export const REGISTER_FIELDS = {
  name: 'Meldingen routeren',
  descriptionShort: 'Een model stuurt meldingen openbare ruimte naar de juiste afdeling.',
  themes: ['Ruimte en infrastructuur'],
  status: 'In ontwikkeling',
  startDate: '2026-01',
  contact: 'algoritmes@gemeente.example',
  considerations: 'Sneller dan handmatig sorteren; fouten worden door medewerkers gecorrigeerd.',
  humanIntervention: 'Een medewerker controleert elke doorverwijzing.',
  riskManagement: 'Maandelijkse steekproef op foute doorverwijzingen.',
  impactAssessments: 'Geen DPIA nodig: geen persoonsgegevens.',
  data: 'Tekst van de melding en de categorie.',
  technicalOperation: 'Een tekstclassificatiemodel kiest een van twaalf afdelingen.',
  supplier: 'Eigen ontwikkeling',
};
