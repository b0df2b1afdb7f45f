import { DataSource } from 'typeorm';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { OrganisationPolicy } from '../src/organisations/entities/organisation-policy.entity';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { DEFAULT_POLICIES, organisationPolicies } from '../src/organisations/policies';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** The checkbox of `name` on the page, and whether it is ticked. */
function ticked(html: string, name: string): boolean {
  const input = [...html.matchAll(/<input [^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`name="${name}"`));
  if (!input) throw new Error(`No checkbox ${name} on the page`);
  return / checked[ >]/.test(input);
}

describe('An organisation’s policies', () => {
  let t: TestApp;
  let ds: DataSource;
  let org: Organisation;
  let other: Organisation;
  let admin: Browser;
  let otherAdmin: Browser;
  const page = (o: Organisation = org) => `/admin/organisations/${o.id}/policies`;
  const chosen = {
    feedbackAnswerDays: '15',
    publishRejectedAdvice: 'true',
    publishReviewerReasoning: 'true',
  };

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    org = await makeOrganisation(ds, 'Gemeente Afspraak');
    other = await makeOrganisation(ds, 'Gemeente Elders');
    admin = new Browser(t.url);
    await admin.login((await makeUser(ds, { roles: [[org, Role.Admin]] })).email);
    // An admin elsewhere who also reviews here: reviewing gives no say over the policies.
    otherAdmin = new Browser(t.url);
    await otherAdmin.login(
      (
        await makeUser(ds, {
          roles: [
            [other, Role.Admin],
            [org, Role.Reviewer],
          ],
        })
      ).email,
    );
  });
  afterAll(() => t?.close());

  it('starts from the cautious defaults, shown on the page', async () => {
    expect(await organisationPolicies(ds.manager, org.id)).toEqual(DEFAULT_POLICIES);
    const res = await admin.get(page()).expect(200);
    expect(res.text).toMatch(/id="field-feedbackAnswerDays"[^>]*value="10"/);
    expect(ticked(res.text, 'publishRejectedAdvice')).toBe(false);
    expect(ticked(res.text, 'publishReviewerReasoning')).toBe(false);
    expect(ticked(res.text, 'iamaForImpactful')).toBe(true);
    expect((await admin.get('/dashboard').expect(200)).text).toContain(`href="${page()}"`);
  });

  it('refuses an answer time outside 1 to 60 working days, naming the field and keeping the choices', async () => {
    for (const days of ['0', '61', 'tien', '2.5']) {
      const res = await admin.post(page(), { ...chosen, feedbackAnswerDays: days }, page());
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-feedbackAnswerDays"');
      expect(res.text).toMatch(/id="field-feedbackAnswerDays-error">[^<]+</);
      expect(ticked(res.text, 'publishRejectedAdvice')).toBe(true);
      expect(ticked(res.text, 'iamaForImpactful')).toBe(false);
    }
    expect(await ds.getRepository(OrganisationPolicy).count()).toBe(0);
  });

  it('saves the admin’s choices, unticked boxes as no, and audits before and after', async () => {
    expect((await admin.post(page(), chosen, page())).status).toBe(303);
    expect(await organisationPolicies(ds.manager, org.id)).toEqual({
      feedbackAnswerDays: 15,
      publishRejectedAdvice: true,
      publishReviewerReasoning: true,
      iamaForImpactful: false,
    });
    const event = await ds
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: 'organisation.policies_changed' });
    expect(event).toMatchObject({ organisationId: org.id, actorRole: Role.Admin });
    expect(JSON.stringify(event.details)).toContain('"iamaForImpactful":true');
    const res = await admin.get(page()).expect(200);
    expect(res.text).toMatch(/id="field-feedbackAnswerDays"[^>]*value="15"/);
    expect(ticked(res.text, 'iamaForImpactful')).toBe(false);
  });

  it('keeps another organisation’s policies out of reach of its admin and of its reviewers', async () => {
    await admin.get(page(other)).expect(404);
    expect((await admin.post(page(other), chosen, page())).status).toBe(404);
    expect(await organisationPolicies(ds.manager, other.id)).toEqual(DEFAULT_POLICIES);
    // Admin of `other` and reviewer of `org`: the admin role does not carry over.
    await otherAdmin.get(page()).expect(404);
    const before = await organisationPolicies(ds.manager, org.id);
    expect((await otherAdmin.post(page(), { feedbackAnswerDays: '1' }, page(other))).status).toBe(
      404,
    );
    expect(await organisationPolicies(ds.manager, org.id)).toEqual(before);
  });

  it('lets no one in without the admin role, and the operator in everywhere', async () => {
    const reviewer = new Browser(t.url);
    await reviewer.login((await makeUser(ds, { roles: [[org, Role.Reviewer]] })).email);
    await reviewer.get(page()).expect(403);
    const operatorUser = await makeUser(ds);
    await ds.getRepository(User).update({ id: operatorUser.id }, { isOperator: true });
    const operator = new Browser(t.url);
    await operator.login(operatorUser.email);
    expect(
      (await operator.post(page(other), { feedbackAnswerDays: '5' }, page(other))).status,
    ).toBe(303);
    expect((await organisationPolicies(ds.manager, other.id)).feedbackAnswerDays).toBe(5);
    const event = await ds.getRepository(AuditEvent).findOneByOrFail({
      action: 'organisation.policies_changed',
      organisationId: other.id,
    });
    expect(event.actorRole).toBe('operator');
  });
});
