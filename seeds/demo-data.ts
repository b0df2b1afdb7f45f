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
