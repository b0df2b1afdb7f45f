import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';

/**
 * The Algoritmekader's requirements (`urn:nl:ak:ver:*`) with the AI Act tags that say for which
 * applications they hold, and its measures (`urn:nl:ak:mtr:*`) with the requirements they serve.
 * A copy of the identifiers, titles, tags and links only, kept in algoritmekader-catalogue.json.
 */
export const SOORTEN_TOEPASSING = [
  'ai-systeem',
  'ai-systeem-voor-algemene-doeleinden',
  'ai-model-voor-algemene-doeleinden',
] as const;
export type SoortToepassing = (typeof SOORTEN_TOEPASSING)[number];

export const RISICOGROEPEN = [
  'verboden-ai',
  'hoog-risico-ai-systeem',
  'geen-hoog-risico-ai-systeem',
  'uitzondering-van-toepassing',
  'niet-van-toepassing',
] as const;
export type Risicogroep = (typeof RISICOGROEPEN)[number];

export const ROLLEN_AI_ACT = [
  'aanbieder',
  'gebruiksverantwoordelijke',
  'importeur',
  'distributeur',
] as const;
export type RolAiAct = (typeof ROLLEN_AI_ACT)[number];

export interface CatalogueRequirement {
  id: string;
  /** The requirement's title in the catalogue (Dutch, as the catalogue has it). */
  title: string;
  'soort-toepassing': SoortToepassing[];
  risicogroep: Risicogroep[];
  'rol-ai-act': RolAiAct[];
}

export interface CatalogueMeasure {
  id: string;
  title: string;
  /** The requirements this measure helps to meet. */
  vereisten: string[];
}

export interface AlgoritmekaderCatalogue {
  vereisten: CatalogueRequirement[];
  maatregelen: CatalogueMeasure[];
}

const CATALOGUE_FILE = join(PROJECT_ROOT, 'src', 'classification', 'algoritmekader-catalogue.json');

let loaded: { catalogue: AlgoritmekaderCatalogue; known: Set<string> } | undefined;
function load() {
  if (!loaded) {
    const catalogue = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as AlgoritmekaderCatalogue;
    const known = new Set([...catalogue.vereisten, ...catalogue.maatregelen].map((e) => e.id));
    loaded = { catalogue, known };
  }
  return loaded;
}

export function algoritmekaderCatalogue(): AlgoritmekaderCatalogue {
  return load().catalogue;
}

/** Whether the catalogue has this requirement or measure; templates may cite no other. */
export function isKnownUrn(urn: string): boolean {
  return load().known.has(urn);
}

/** Where a classification puts an application, in the catalogue's own terms. */
export interface AiActProfile {
  types: SoortToepassing[];
  riskGroup: Risicogroep;
  roles: RolAiAct[];
}

const TYPE_LABELS: Record<string, SoortToepassing> = {
  'AI-systeem': 'ai-systeem',
  'AI-systeem voor algemene doeleinden': 'ai-systeem-voor-algemene-doeleinden',
  'AI-model voor algemene doeleinden': 'ai-model-voor-algemene-doeleinden',
};

/**
 * The profile the labels of a conclusion describe, or null when the decision tree found no AI
 * system or model (no algorithm, no AI, no role under the AI Act). The risk group follows the
 * labels; an application excluded from the AI Act (an exception of article 2, or an open-source
 * AI system that is not high-risk, prohibited or under transparency obligations, article 2(12))
 * gets `uitzondering-van-toepassing`, and a general-purpose model, which has no risk group,
 * `niet-van-toepassing`.
 */
export function profileFromLabels(labels: readonly string[]): AiActProfile | null {
  const has = (label: string) => labels.includes(label);
  const types = [...new Set(labels.map((l) => TYPE_LABELS[l]).filter(Boolean))];
  if (types.length === 0 || has('geen algoritme')) return null;
  const roles = ROLLEN_AI_ACT.filter(has);
  const openSourceExcluded =
    has('open-source') &&
    types.every((t) => t !== 'ai-model-voor-algemene-doeleinden') &&
    !has('hoog-risico AI') &&
    !has('verboden AI') &&
    !has('transparantieverplichting');
  let riskGroup: Risicogroep = 'niet-van-toepassing';
  if (has('uitzondering van toepassing') || openSourceExcluded)
    riskGroup = 'uitzondering-van-toepassing';
  else if (has('verboden AI')) riskGroup = 'verboden-ai';
  else if (has('hoog-risico AI')) riskGroup = 'hoog-risico-ai-systeem';
  else if (has('geen hoog-risico AI')) riskGroup = 'geen-hoog-risico-ai-systeem';
  return { types, riskGroup, roles };
}

export interface ApplicableRequirement {
  id: string;
  /** The measures linked to this requirement, in catalogue order. */
  measures: string[];
}

export interface RequirementSelection {
  profile: AiActProfile | null;
  /**
   * `ai-act`: chosen by the profile's tags; `excluded`: an AI application the AI Act excludes,
   * chosen by the same tags (which then give the requirements resting on other law);
   * `every-algorithm`: an impactful algorithm that is no AI; `none`: nothing applies.
   */
  basis: 'ai-act' | 'excluded' | 'every-algorithm' | 'none';
  requirements: ApplicableRequirement[];
}

/** A tag list restricts only when it has values; an empty one holds for every profile. */
const allows = <T>(tags: readonly T[], values: readonly T[]) =>
  tags.length === 0 || values.some((v) => tags.includes(v));

/**
 * The requirements that apply to an application with these labels, each with its measures, as
 * the Algorithm Management Toolkit selects them: a requirement applies when each of its tag lists
 * (type of application, risk group, role) allows the profile. An application outside the AI Act
 * that is impactful gets the requirements for every algorithm: those the catalogue tags for
 * applications to which the AI Act does not apply (`uitzondering-van-toepassing`), which are the
 * ones resting on other law (AVG, Awb, Archiefwet, ...).
 */
export function requirementsForLabels(
  labels: readonly string[],
  options: { impactful: boolean },
  catalogue: AlgoritmekaderCatalogue = algoritmekaderCatalogue(),
): RequirementSelection {
  const profile = profileFromLabels(labels);
  let chosen: CatalogueRequirement[];
  let basis: RequirementSelection['basis'];
  if (profile) {
    basis = profile.riskGroup === 'uitzondering-van-toepassing' ? 'excluded' : 'ai-act';
    chosen = catalogue.vereisten.filter(
      (r) =>
        allows(r['soort-toepassing'], profile.types) &&
        allows(r.risicogroep, [profile.riskGroup]) &&
        allows(r['rol-ai-act'], profile.roles),
    );
  } else if (options.impactful && !labels.includes('geen algoritme')) {
    basis = 'every-algorithm';
    chosen = catalogue.vereisten.filter((r) =>
      r.risicogroep.includes('uitzondering-van-toepassing'),
    );
  } else {
    basis = 'none';
    chosen = [];
  }
  return {
    profile,
    basis,
    requirements: chosen.map((r) => ({
      id: r.id,
      measures: catalogue.maatregelen.filter((m) => m.vereisten.includes(r.id)).map((m) => m.id),
    })),
  };
}
