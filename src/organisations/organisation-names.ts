import type { EntityManager } from 'typeorm';
import { slugify } from '../common/slug';
import { RowInserter } from '../database/row-inserter';
import { Organisation, OrganisationType } from './entities/organisation.entity';

/** The kind of body, read from the name as Dutch public bodies write it ("Gemeente Utrecht"). */
export function organisationTypeOf(name: string): OrganisationType {
  const n = name.toLowerCase();
  if (n.startsWith('gemeente')) return 'gemeente';
  if (n.startsWith('provincie')) return 'provincie';
  if (/^(waterschap|hoogheemraadschap|wetterskip)/.test(n)) return 'waterschap';
  if (/^(ministerie|rijks|dienst |belastingdienst|uwv|svb|duo|politie)/.test(n)) return 'rijk';
  return 'overig';
}

const ORGANISATION_ROW = new RowInserter(Organisation, [
  'name',
  'slug',
  'type',
  'tooiCode',
  'createdAt',
]);

/**
 * Adds an organisation by its name, with a slug no other organisation has (`slugs` holds those
 * taken, and receives the new one); the import and the operator's `admin:create` both use it.
 */
export async function createOrganisation(
  em: EntityManager,
  name: string,
  slugs: Set<string>,
): Promise<Organisation> {
  const base = slugify(name, 90) || 'organisatie';
  let slug = base;
  for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
  slugs.add(slug);
  const values = {
    name,
    slug,
    type: organisationTypeOf(name),
    tooiCode: null,
    createdAt: new Date(),
  };
  return em.create(Organisation, { ...values, id: await ORGANISATION_ROW.insert(em, values) });
}
