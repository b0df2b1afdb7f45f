import { DataSource } from 'typeorm';
import { Membership } from '../../src/accounts/entities/membership.entity';
import { User } from '../../src/accounts/entities/user.entity';
import { hashPassword } from '../../src/accounts/password-hasher';
import { Role } from '../../src/accounts/role';
import { Algorithm } from '../../src/algorithms/entities/algorithm.entity';
import { newPublicId } from '../../src/algorithms/public-id';
import { Organisation } from '../../src/organisations/entities/organisation.entity';

/** Small factories: tests build what they need and never lean on the demo seeds. */
export const TEST_PASSWORD = 'een lang testwachtwoord';

/** A date `n` days from today (negative: ago), as YYYY-MM-DD: due dates and deadlines stay valid whenever the tests run. */
export const inDays = (n: number) =>
  new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export async function makeOrganisation(
  ds: DataSource,
  name = `Gemeente ${newPublicId()}`,
): Promise<Organisation> {
  return ds
    .getRepository(Organisation)
    .save({ name, slug: name.toLowerCase().replace(/\W+/g, '-'), type: 'gemeente' });
}

export interface UserSpec {
  email?: string;
  name?: string;
  password?: string;
  roles?: [Organisation, Role][];
  disabled?: boolean;
  mustChangePassword?: boolean;
}

export async function makeUser(ds: DataSource, spec: UserSpec = {}): Promise<User> {
  const user = await ds.getRepository(User).save({
    email: spec.email ?? `${newPublicId()}@example.org`,
    name: spec.name ?? 'Test Persoon',
    passwordHash: await hashPassword(spec.password ?? TEST_PASSWORD),
    disabled: spec.disabled ?? false,
    mustChangePassword: spec.mustChangePassword ?? false,
  });
  await ds
    .getRepository(Membership)
    .save(
      (spec.roles ?? []).map(([org, role]) => ({ userId: user.id, organisationId: org.id, role })),
    );
  return user;
}

export async function makeAlgorithm(
  ds: DataSource,
  organisationId: number,
  overrides: Partial<Algorithm> = {},
) {
  return ds.getRepository(Algorithm).save({
    publicId: newPublicId(),
    organisationId,
    name: 'Routeplanner reiniging',
    descriptionShort: 'Plant veegroutes.',
    themes: ['Natuur en milieu'],
    status: 'In gebruik',
    ...overrides,
  } as Partial<Algorithm>);
}
