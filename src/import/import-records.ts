import {
  ALGORITHM_STATUSES,
  MONTH_PATTERN,
  ORGANISATION_NAME_MAX,
  STANDARD_FIELDS,
  THEMES,
} from '../algorithms/publicatiestandaard';
import type { AlgorithmStatus, PublicationCategory } from '../algorithms/publicatiestandaard';
import { plainText } from '../common/plain-text';
import { sanitizeImported } from '../common/rich-text';
import { IMPACT_ASSESSMENT_FLAGS } from '../publications/entities/publication.entity';
import type {
  ImpactAssessmentFlag,
  NationalListing,
} from '../publications/entities/publication.entity';

/*
 * How one entry of either import format (the national listing, the Publicatiestandaard) becomes a
 * candidate for the register: its fields checked and mapped one by one, with a problem for each
 * value left out or entry refused. Reading and checking the file as a whole is import-formats.ts.
 */

export interface ImportProblem {
  id: string;
  field: string;
  reason: string;
  /** true: the entry is not imported; false: only this value is left out. */
  refused: boolean;
}

export interface ImportCandidate {
  sourceId: string;
  organisationName: string | null;
  /** Entity properties of Algorithm; absent values stay absent. */
  fields: Record<string, unknown>;
  publishedAt?: Date;
  /** From the national listing: its id and impact-assessment flag, kept beside the record. */
  nationalListing?: NationalListing;
}

/** The field configuration's keys (the national register's input form) and the schema's. */
const CONFIG_TO_SCHEMA: Record<string, string> = {
  category: 'theme',
  begin_date: 'start_date',
  contact_email: 'contact',
  website: 'link',
  url: 'source_link',
  goal: 'purpose_and_impact',
  proportionality: 'considerations',
  risks: 'risk_management',
  lawful_basis: 'legal_basis',
  process_index_url: 'processing_register_link',
  impacttoetsen: 'impact_assessment_explanation',
  source_data: 'data',
  methods_and_models: 'technical_operation',
  provider: 'supplier',
  publiccode: 'source_code_link',
  lang: 'language',
  tags: 'search_terms',
};

const LISTING_STATUS: Record<string, AlgorithmStatus> = {
  in_gebruik: 'In gebruik',
  ontwikkeling: 'In ontwikkeling',
  in_ontwikkeling: 'In ontwikkeling',
  buiten_gebruik: 'Buiten gebruik',
};

export function fromListing(
  item: Record<string, unknown>,
  index: number,
  problems: ImportProblem[],
): ImportCandidate | null {
  const id = stringOf(item.id) ?? `#${index + 1}`;
  const status = LISTING_STATUS[String(item.status ?? '')];
  const standard: Record<string, unknown> = {
    name: item.title,
    purpose_and_impact: item.doel,
    legal_basis: item.juridische_basis,
    source_link: item.url,
    source_id: item.id,
    status,
  };
  if (!status)
    problems.push({
      id,
      field: 'status',
      reason: `unknown status "${String(item.status)}"`,
      refused: true,
    });
  const candidate = fromSchemaKeys(id, standard, stringOf(item.organisatie), problems);
  if (!candidate || !status) return null;
  const registered = stringOf(item.geregistreerd);
  if (registered && /^\d{4}-\d{2}-\d{2}$/.test(registered))
    candidate.publishedAt = new Date(`${registered}T00:00:00Z`);
  const flag = item.impactassessment;
  const known = (IMPACT_ASSESSMENT_FLAGS as readonly unknown[]).includes(flag);
  if (flag !== undefined && flag !== null && flag !== '' && !known)
    problems.push({
      id,
      field: 'impactassessment',
      reason: `unknown value "${String(flag)}"`,
      refused: false,
    });
  candidate.nationalListing = {
    id: candidate.sourceId,
    impactAssessment: known ? (flag as ImpactAssessmentFlag) : null,
  };
  return candidate;
}

export function fromStandard(
  item: Record<string, unknown>,
  index: number,
  problems: ImportProblem[],
): ImportCandidate | null {
  const standard: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) standard[CONFIG_TO_SCHEMA[key] ?? key] = value;
  // The national register's own id is the source id; an English-keyed entry may name it source_id.
  const sourceId = stringOf(item.id) ?? stringOf(standard.source_id) ?? stringOf(item.uuid);
  const id = sourceId ?? stringOf(item.name) ?? `#${index + 1}`;
  if (!sourceId) {
    problems.push({
      id,
      field: 'id',
      reason: 'no id or source_id to recognise the entry by',
      refused: true,
    });
    return null;
  }
  standard.source_id = sourceId;
  return fromSchemaKeys(id, standard, stringOf(standard.organization), problems);
}

/** Checks and converts schema-keyed values; never fills in what is absent. */
function fromSchemaKeys(
  id: string,
  standard: Record<string, unknown>,
  organisationName: string | null,
  problems: ImportProblem[],
): ImportCandidate | null {
  const fields: Record<string, unknown> = {};
  let refused = false;
  const refuse = (field: string, reason: string) => {
    problems.push({ id, field, reason, refused: true });
    refused = true;
  };
  const leaveOut = (field: string, reason: string) =>
    problems.push({ id, field, reason, refused: false });

  for (const field of STANDARD_FIELDS) {
    const raw = standard[field.key];
    if (raw === null || raw === undefined || raw === '') continue;
    switch (field.kind) {
      case 'themes': {
        const list = Array.isArray(raw) ? raw : [raw];
        const known = list.filter(
          (t): t is string => typeof t === 'string' && (THEMES as readonly string[]).includes(t),
        );
        for (const t of list.filter((t) => !known.includes(t as string)))
          leaveOut(field.key, `"${String(t)}" is not a theme of the standard's list`);
        if (known.length) fields[field.property] = [...new Set(known)];
        break;
      }
      case 'status': {
        const status = ALGORITHM_STATUSES.find(
          (s) => s.toLowerCase() === String(raw).trim().toLowerCase(),
        );
        if (status) fields[field.property] = status;
        else refuse(field.key, `unknown status "${String(raw)}"`);
        break;
      }
      case 'category': {
        const letter = categoryLetter(String(raw));
        if (letter) fields[field.property] = letter;
        else leaveOut(field.key, `unknown publication category "${String(raw)}"`);
        break;
      }
      case 'month': {
        const value = String(raw).trim();
        if (MONTH_PATTERN.test(value)) fields[field.property] = value;
        else leaveOut(field.key, `"${value}" is not a month as YYYY-MM`);
        break;
      }
      case 'url': {
        const value = String(raw).trim();
        if (isWebUrl(value) && value.length <= field.maxLength!) fields[field.property] = value;
        else leaveOut(field.key, `"${value.slice(0, 80)}" is not a web address`);
        break;
      }
      default: {
        if (typeof raw !== 'string' && typeof raw !== 'number') {
          refuse(field.key, 'is not text');
          break;
        }
        let value = String(raw).trim();
        if (field.key === 'search_terms') value = plainText(value);
        else if (field.kind === 'longtext') value = sanitizeImported(value);
        if (value === '') break;
        const max = field.importMaxLength ?? field.maxLength!;
        if (value.length > max)
          refuse(field.key, `longer than ${max} characters (${value.length})`);
        else fields[field.property] = value;
      }
    }
  }
  const reported = (field: string) => problems.some((p) => p.id === id && p.field === field);
  if (!fields.name && !reported('name')) refuse('name', 'missing');
  if (!fields.status && !reported('status')) refuse('status', 'missing');
  if (organisationName && organisationName.length > ORGANISATION_NAME_MAX)
    refuse('organization', `longer than ${ORGANISATION_NAME_MAX} characters`);
  if (refused) return null;
  return { sourceId: String(fields.sourceId ?? id), organisationName, fields };
}

function categoryLetter(value: string): PublicationCategory | null {
  const v = value.trim().toLowerCase();
  if (/^[abc]$/.test(v)) return v.toUpperCase() as PublicationCategory;
  if (v.startsWith('hoog-risico')) return 'A';
  if (v.startsWith('impactvol')) return 'B';
  if (v.startsWith('overig')) return 'C';
  return null;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function stringOf(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
