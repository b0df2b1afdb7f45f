import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { tokenHash } from '../../src/accounts/auth/auth.service';
import { ApiToken } from '../../src/accounts/entities/api-token.entity';
import type { User } from '../../src/accounts/entities/user.entity';
import { Role } from '../../src/accounts/role';
import type { Organisation } from '../../src/organisations/entities/organisation.entity';
import { makeOrganisation, makeUser } from './factories';

/** An API client acting as one user through a personal token, as an integration would. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    readonly user: User,
    private readonly token: string,
  ) {}

  get(path: string) {
    return request(this.baseUrl).get(path).set('authorization', `Bearer ${this.token}`);
  }
  post(path: string, body: object = {}) {
    return request(this.baseUrl).post(path).set('authorization', `Bearer ${this.token}`).send(body);
  }
  put(path: string, body: object) {
    return request(this.baseUrl).put(path).set('authorization', `Bearer ${this.token}`).send(body);
  }
  /** A request without a body yet, to send text no JSON client would produce. */
  raw(method: 'post' | 'put', path: string) {
    return request(this.baseUrl)[method](path).set('authorization', `Bearer ${this.token}`);
  }
  patch(path: string, body: object) {
    return request(this.baseUrl)
      .patch(path)
      .set('authorization', `Bearer ${this.token}`)
      .send(body);
  }
}

export async function apiClientFor(
  ds: DataSource,
  baseUrl: string,
  user: User,
): Promise<ApiClient> {
  const token = `wb_${randomBytes(32).toString('base64url')}`;
  await ds.getRepository(ApiToken).save({
    userId: user.id,
    name: 'test',
    tokenHash: tokenHash(token),
    prefix: token.slice(0, 10),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  return new ApiClient(baseUrl, user, token);
}

/** An organisation with a proposer, a secretary, three reviewers and an admin, each with an API client. */
export async function makeCommission(ds: DataSource, baseUrl: string) {
  const org: Organisation = await makeOrganisation(ds);
  const person = async (role: Role, name: string) =>
    apiClientFor(ds, baseUrl, await makeUser(ds, { name, roles: [[org, role]] }));
  return {
    org,
    proposer: await person(Role.Proposer, 'Indiener'),
    secretary: await person(Role.Secretary, 'Secretaris'),
    reviewers: [
      await person(Role.Reviewer, 'Toetser A'),
      await person(Role.Reviewer, 'Toetser B'),
      await person(Role.Reviewer, 'Toetser C'),
    ],
    admin: await person(Role.Admin, 'Beheerder'),
  };
}
