import type { AlgorithmStatus, PublicationCategory } from '../src/algorithms/publicatiestandaard';
import { Role } from '../src/accounts/role';
import type { OrganisationType } from '../src/organisations/entities/organisation.entity';

/** Printed at start-up and in the README; for demonstration installs only. */
export const DEMO_PASSWORD = 'waarborg-demo-2026';

/** The shipped checklist template the demo organisations adopt (seeds/checklists). */
export const DEMO_TEMPLATE = 'groningen-rotterdam';

export interface DemoOrganisation {
  name: string;
  slug: string;
  type: OrganisationType;
  tooiCode: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { name: 'Gemeente Groningen', slug: 'groningen', type: 'gemeente', tooiCode: 'gm0014' },
  { name: 'Gemeente Rotterdam', slug: 'rotterdam', type: 'gemeente', tooiCode: 'gm0599' },
];

export interface DemoUser {
  email: string;
  name: string;
  /** Null for the operator, who holds no role in an organisation. */
  organisation: string | null;
  roles: Role[];
  operator?: boolean;
}

const people: [string, string, Role][] = [
  ['indiener', 'Indiener', Role.Proposer],
  ['toetser', 'Toetser', Role.Reviewer],
  ['toetser2', 'Tweede toetser', Role.Reviewer],
  ['secretaris', 'Commissiesecretaris', Role.Secretary],
  ['beheerder', 'Beheerder', Role.Admin],
];

/** A user per role in each organisation, and the instance's operator above them. */
export const DEMO_USERS: DemoUser[] = [
  ...DEMO_ORGANISATIONS.flatMap((org) =>
    people.map(([local, label, role]) => ({
      email: `${local}@${org.slug}.example`,
      name: `${label} ${org.name.replace('Gemeente ', '')}`,
      organisation: org.name,
      roles: [role],
    })),
  ),
  {
    email: 'beheer@waarborg.example',
    name: 'Beheer Waarborg',
    organisation: null,
    roles: [],
    operator: true,
  },
];

export interface DemoAlgorithm {
  sourceId: string;
  organisation: string;
  name: string;
  descriptionShort: string;
  themes: string[];
  status: AlgorithmStatus;
  startDate: string | null;
  publicationCategory: PublicationCategory;
  purposeAndImpact: string;
  humanIntervention: string;
  supplier: string;
  /** Published entries are on the public register; the others are still being worked on. */
  published: boolean;
}

export const DEMO_ALGORITHMS: DemoAlgorithm[] = [
  {
    sourceId: 'demo-gro-chatbot',
    organisation: 'Gemeente Groningen',
    name: 'Chatbot voor vragen over afval en parkeren',
    descriptionShort:
      'Een chatbot op de website beantwoordt veelgestelde vragen over afvalinzameling en parkeervergunningen en verwijst door naar een medewerker als hij het antwoord niet weet.',
    themes: ['Organisatie en bedrijfsvoering'],
    status: 'In gebruik',
    startDate: '2025-03',
    publicationCategory: 'C',
    purposeAndImpact:
      'Inwoners krijgen sneller antwoord op eenvoudige vragen, ook buiten kantooruren. De chatbot neemt geen besluiten over personen.',
    humanIntervention: 'Bij elke vraag kan de inwoner kiezen voor een gesprek met een medewerker.',
    supplier: 'Eigen ontwikkeling',
    published: true,
  },
  {
    sourceId: 'demo-gro-zwerfafval',
    organisation: 'Gemeente Groningen',
    name: 'Herkennen van zwerfafval op camerabeelden',
    descriptionShort:
      'Beeldherkenning op foto’s van veegwagens laat zien waar veel zwerfafval ligt, zodat de reiniging haar routes kan plannen.',
    themes: ['Natuur en milieu', 'Ruimte en infrastructuur'],
    status: 'In ontwikkeling',
    startDate: null,
    publicationCategory: 'B',
    purposeAndImpact:
      'Schonere straten met minder ritten. Gezichten en kentekens worden op het voertuig vervaagd.',
    humanIntervention:
      'De planner van de reiniging beslist over de routes; het model doet alleen een voorstel.',
    supplier: 'Nog te kiezen',
    published: false,
  },
  {
    sourceId: 'demo-rot-vertaalhulp',
    organisation: 'Gemeente Rotterdam',
    name: 'Vertaalhulp voor brieven aan bewoners',
    descriptionShort:
      'Een taalmodel stelt een vertaling en een eenvoudiger versie van standaardbrieven voor; een medewerker controleert de tekst voordat die wordt verstuurd.',
    themes: ['Organisatie en bedrijfsvoering', 'Migratie en integratie'],
    status: 'In gebruik',
    startDate: '2024-11',
    publicationCategory: 'B',
    purposeAndImpact:
      'Bewoners die het Nederlands minder goed beheersen begrijpen brieven van de gemeente beter.',
    humanIntervention: 'Iedere vertaling wordt door een medewerker nagelezen en goedgekeurd.',
    supplier: 'Leverancier van taaltechnologie',
    published: true,
  },
  {
    sourceId: 'demo-rot-schulden',
    organisation: 'Gemeente Rotterdam',
    name: 'Signaleren van beginnende betalingsachterstanden',
    descriptionShort:
      'Een model combineert signalen van woningcorporaties en energieleveranciers om huishoudens met beginnende schulden vroeg hulp aan te bieden.',
    themes: ['Sociale zekerheid', 'Werk'],
    status: 'In ontwikkeling',
    startDate: null,
    publicationCategory: 'A',
    purposeAndImpact: 'Eerder hulp bij schulden voorkomt grotere problemen zoals huisuitzetting.',
    humanIntervention: 'Een schuldhulpverlener beoordeelt ieder signaal en neemt zelf contact op.',
    supplier: 'Eigen ontwikkeling',
    published: false,
  },
  {
    sourceId: 'demo-rot-parkeerscan',
    organisation: 'Gemeente Rotterdam',
    name: 'Kentekenherkenning bij parkeercontrole',
    descriptionShort:
      'Scanauto’s lezen kentekens en vergelijken die met het parkeerregister; een handhaver bekijkt elke mogelijke overtreding voordat een naheffing volgt.',
    themes: ['Verkeer'],
    status: 'Buiten gebruik',
    startDate: '2019-06',
    publicationCategory: 'B',
    purposeAndImpact: 'Efficiënte controle van betaald parkeren.',
    humanIntervention: 'Een handhaver beoordeelt elke mogelijke overtreding op de foto’s.',
    supplier: 'Leverancier van scanvoertuigen',
    published: true,
  },
];

export interface DemoQuestion {
  /** The sourceId of the published demo algorithm the question is about. */
  algorithm: string;
  message: string;
  answer: string;
}

/** Residents' questions answered in public (with their consent), to show on the demo register. */
export const DEMO_QUESTIONS: DemoQuestion[] = [
  {
    algorithm: 'demo-gro-chatbot',
    message:
      'Bewaart de chatbot wat ik intyp? En leest er iemand mee als ik mijn adres of kenteken noem?',
    answer:
      'De chatbot bewaart een gesprek 30 dagen, zodat wij kunnen zien welke vragen hij niet goed beantwoordt. Alleen twee medewerkers van het klantcontactcentrum kunnen die gesprekken lezen. Adressen en kentekens worden voor het bewaren onleesbaar gemaakt. Wilt u liever niets typen, bel dan 14 050.',
  },
];

/** A position a demo reviewer signs, with the condition they propose if they approve with one. */
export interface DemoReview {
  reviewer: string;
  decision: 'approve_with_conditions' | 'request_changes';
  reasoning: string;
  condition?: { description: string; owner: string; dueInDays: number };
}

/**
 * An application that went through the whole workflow on the demo data, through the app's own
 * services: proposed, answered, submitted, reviewed by two, approved with a condition over one
 * dissent (a minimal-risk application needs one approval) and published, so that the register
 * shows what the commission's work looks like in public.
 */
export const DEMO_APPLICATION = {
  organisation: 'Gemeente Groningen',
  proposer: 'indiener@groningen.example',
  secretary: 'secretaris@groningen.example',
  register: {
    name: 'Doorsturen van meldingen openbare ruimte',
    descriptionShort:
      'Een tekstmodel stelt voor welk team een melding over de openbare ruimte oppakt; een medewerker controleert elk voorstel.',
    themes: ['Ruimte en infrastructuur'],
    status: 'In ontwikkeling' as AlgorithmStatus,
    startDate: '2026-01',
    contact: 'algoritmes@groningen.example',
    considerations:
      'Sneller dan met de hand sorteren; fouten worden door medewerkers gecorrigeerd.',
    humanIntervention: 'Een medewerker controleert elke voorgestelde categorie.',
    riskManagement: 'Maandelijks wordt een steekproef van 50 meldingen nagekeken.',
    impactAssessments: 'Geen DPIA nodig: het model verwerkt geen persoonsgegevens.',
    data: 'Categorie en locatie van meldingen, zonder gegevens van de melder.',
    technicalOperation: 'Een tekstclassificatiemodel kiest een van twaalf categorieën.',
    supplier: 'Eigen ontwikkeling',
  },
  /** Every question of the shipped template that applies, answered; the template's spec tests it. */
  answers: {
    'purpose.problem': 'Meldingen over de openbare ruimte komen in de verkeerde wachtrij terecht.',
    'purpose.goal': 'Meldingen sneller bij het juiste team krijgen.',
    'purpose.why_ai': 'Vaste trefwoordregels sorteren een derde van de meldingen verkeerd.',
    'purpose.alternatives': 'Handmatig sorteren kost twee fte; niets doen houdt de wachttijd hoog.',
    'purpose.proportionality': 'Geen persoonsgegevens, alleen de categorie van de melding.',
    'purpose.legal_basis': 'Gemeentewet, beheer van de openbare ruimte.',
    'human_control.decisions_about_people': false,
    'human_control.final_decision': 'human_always',
    'human_control.override': true,
    'human_control.oversight': 'Een medewerker controleert elke voorgestelde categorie.',
    'human_control.failure': 'Bij uitval sorteert het team weer met de hand.',
    'human_control.monitoring': 'Maandelijks wordt een steekproef van 50 meldingen nagekeken.',
    'human_control.work_instructions': true,
    'human_control.staff_trained': true,
    'privacy.data_sources': 'Categorie en locatie van meldingen, zonder gegevens van de melder.',
    'privacy.personal_data': false,
    'privacy.data_location': 'nl',
    'energy.model_kind': 'classic_ml',
    'energy.technical_operation': 'Een tekstclassificatiemodel kiest een van twaalf categorieën.',
    'energy.hosting': 'own_datacentre',
    'energy.uses_per_year': 1000,
    'energy.training': 'none',
    'energy.green_contract': true,
    'energy.lighter_alternatives': 'Trefwoordregels; die bleken te onnauwkeurig.',
    'discrimination.protected_grounds': ['none'],
    'discrimination.proxies': ['none'],
    'discrimination.vulnerable_groups': false,
    'discrimination.large_scale': false,
    'discrimination.affected_groups': 'Melders merken alleen een snellere afhandeling.',
    'discrimination.bias_test_done': true,
    'discrimination.bias_groups':
      'Meldingen uit de wijk met de meeste fouten tegenover alle andere wijken.',
    'discrimination.bias_metric': 'error_rate',
    'discrimination.bias_rate_reference': 5,
    'discrimination.bias_rate_compared': 4.8,
    'discrimination.bias_threshold': 0.8,
    'discrimination.bias_dataset': '2.000 meldingen uit 2025, over alle wijken verdeeld.',
    'discrimination.bias_date': '2026-03-02',
    'discrimination.protocol': true,
    'transparency.explainable': true,
    'transparency.explanation_route':
      'Via het meldformulier; de medewerker noemt de gekozen categorie en waarom.',
    'transparency.objection_route': true,
    'transparency.objection_description': 'Klachten via het gewone klachtenformulier.',
    'transparency.plain_description':
      'Een computer stelt voor welk team uw melding oppakt; een medewerker beslist.',
    'transparency.informing_residents': 'Vermelding op de meldpagina.',
    'participation.consulted': true,
    'participation.who': 'Wijkraden uit drie wijken met verschillende bevolkingssamenstelling.',
    'participation.changes': 'De categorie "overlast" is op hun verzoek gesplitst.',
    'law.is_ai_system': true,
    'law.role': 'deployer',
    'law.prohibited_practice': false,
    'law.high_risk_use': false,
    'law.classification_rationale':
      'Geen toepassing uit Bijlage III; geen besluiten over personen.',
    'law.interacts_with_residents': false,
    'law.transparency_duty': false,
  } as Record<string, unknown>,
  reviewDeadlineInDays: 14,
  reviews: [
    {
      reviewer: 'toetser@groningen.example',
      decision: 'approve_with_conditions',
      reasoning:
        'Een goed afgebakend doel zonder persoonsgegevens; de foutmarge moet wel gevolgd worden.',
      condition: {
        description: 'Meet elk kwartaal de foutmarge per wijk en meld die aan de commissie.',
        owner: 'Team Data en Informatie',
        dueInDays: 90,
      },
    },
    {
      reviewer: 'toetser2@groningen.example',
      decision: 'request_changes',
      reasoning:
        'Inwoners weten niet dat een computer hun melding sorteert; dat moet op de meldpagina duidelijker.',
    },
  ] as DemoReview[],
  decision: {
    reasoning:
      'Het doel weegt op tegen het kleine risico: er worden geen persoonsgegevens gebruikt en een medewerker beslist, mits de foutmarge per wijk wordt gevolgd.',
    dissentReasoning:
      'De meldpagina en de ontvangstbevestiging zeggen voortaan dat een computer een team voorstelt en dat een medewerker beslist.',
  },
};
