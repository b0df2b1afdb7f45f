import type { ChecklistTemplateContent } from '../../src/checklists/template.types';

const t = (nl: string, en = nl) => ({ nl, en });
const urns = ['urn:nl:ak:ver:aia-00'];

/** A small template with the kinds of rules the real one has, so workflow tests do not depend on its content. */
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
            id: 'basis.personal',
            type: 'yes_no',
            required: true,
            text: t('Persoonsgegevens?'),
            urns,
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
              { value: 'human_always', label: t('Altijd een mens') },
              { value: 'no_human', label: t('Geen mens') },
            ],
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
            id: 'law.prohibited',
            type: 'yes_no',
            required: true,
            text: t('Verboden praktijk?'),
            urns,
          },
          { id: 'law.high_risk', type: 'yes_no', required: true, text: t('Hoog risico?'), urns },
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
