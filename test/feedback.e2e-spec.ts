import request from 'supertest';
import { DataSource } from 'typeorm';
import { User } from '../src/accounts/entities/user.entity';
import { Role } from '../src/accounts/role';
import type { Algorithm } from '../src/algorithms/entities/algorithm.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { addWorkingDays } from '../src/feedback/working-days';
import { operatorContext } from '../src/common/request-context';
import { HousekeepingJob } from '../src/scheduler/jobs/housekeeping.job';
import { OutboxMessage } from '../src/notifications/entities/outbox-message.entity';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { OrganisationPolicy } from '../src/organisations/entities/organisation-policy.entity';
import { PublicationService } from '../src/publications/publication.service';
import { apiClientFor, ApiClient } from './support/api';
import { Browser } from './support/browser';
import { makeOrganisation, makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A resident's message from the public form to an answer by e-mail and on the public entry, and
 * who may read and answer it: only the entry's organisation's secretaries and admins.
 */
describe('Feedback from residents', () => {
  let t: TestApp;
  let ds: DataSource;
  let groningen: Organisation;
  let rotterdam: Organisation;
  let entry: Algorithm;
  const as: Record<string, Browser> = {};
  const api: Record<string, ApiClient> = {};

  const feedbackOf = (message: string) => ds.getRepository(Feedback).findOneByOrFail({ message });
  const events = (id: number) =>
    ds
      .getRepository(AuditEvent)
      .find({ where: { objectType: 'feedback', objectId: String(id) }, order: { seq: 'ASC' } });

  /** A resident's message through the public form, in Dutch unless `lang` says otherwise. */
  async function send(fields: Record<string, string>, lang: 'nl' | 'en' = 'nl') {
    const form = `${lang === 'en' ? '/en' : ''}/register/${entry.publicId}/feedback`;
    // Every resident here writes from the same address: the flood limit is not what is tested.
    await ds.query('DELETE FROM register_feedback_counters');
    const resident = new Browser(t.url);
    const res = await resident.post(form, fields, form);
    expect(res.status).toBe(303);
    return { resident, thanks: res.headers.location as string };
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    groningen = await makeOrganisation(ds);
    rotterdam = await makeOrganisation(ds);
    ({ algorithm: entry } = await publishAlgorithm(
      ds,
      t.app.get(PublicationService),
      groningen.id,
      {
        name: 'Afvalroutes plannen',
      },
    ));
    const people: [string, Organisation, Role][] = [
      ['secretary', groningen, Role.Secretary],
      ['admin', groningen, Role.Admin],
      ['reviewer', groningen, Role.Reviewer],
      ['proposer', groningen, Role.Proposer],
      ['otherSecretary', rotterdam, Role.Secretary],
      ['otherAdmin', rotterdam, Role.Admin],
    ];
    for (const [key, org, role] of people) {
      const user = await makeUser(ds, { name: `Test ${key}`, roles: [[org, role]] });
      as[key] = new Browser(t.url);
      await as[key].login(user.email);
      api[key] = await apiClientFor(ds, t.url, user);
    }
    const operator = await makeUser(ds, { name: 'Test operator' });
    await ds.getRepository(User).update({ id: operator.id }, { isOperator: true });
    as.operator = new Browser(t.url);
    await as.operator.login(operator.email);
    api.operator = await apiClientFor(ds, t.url, operator);
    // Groningen promises an answer within five working days; Rotterdam keeps the default.
    await ds
      .getRepository(OrganisationPolicy)
      .save({ organisationId: groningen.id, feedbackAnswerDays: 5 });
  });
  afterAll(() => t.close());

  describe('the public form', () => {
    it('says on the thank-you page what happens next, within the organisation’s working days', async () => {
      const { resident, thanks } = await send({ message: 'Hoe vaak wordt de route herberekend?' });
      const page = await resident.get(thanks).expect(200);
      expect(page.text).toContain('Wat gebeurt er nu?');
      expect(page.text).toContain('U krijgt binnen 5 werkdagen een antwoord');
    });

    it('offers publication as a checkbox that is not ticked, and stores the choice', async () => {
      const form = await new Browser(t.url).get(`/register/${entry.publicId}/feedback`).expect(200);
      expect(form.text).toMatch(/<input type="checkbox"[^>]*name="publishConsent" value="yes">/);
      expect(form.text).toContain('Uw naam en e-mailadres worden nooit gepubliceerd.');
      await send({ message: 'Zonder vinkje' });
      await send({ message: 'Met vinkje', publishConsent: 'yes' });
      expect((await feedbackOf('Zonder vinkje')).publishConsent).toBe(false);
      expect((await feedbackOf('Met vinkje')).publishConsent).toBe(true);
    });

    it('records the message as received and tells the staff by when to answer, without the address', async () => {
      await send({ message: 'Wanneer is de evaluatie?', email: 'inwoner@example.org' });
      const stored = await feedbackOf('Wanneer is de evaluatie?');
      expect(stored.state).toBe('new');
      const [received] = await events(stored.id);
      expect(received).toMatchObject({
        action: 'feedback.receive',
        result: 'success',
        organisationId: groningen.id,
      });
      expect(JSON.stringify(received.details)).not.toContain('inwoner@example.org');
      const mail = await ds
        .getRepository(OutboxMessage)
        .findOneByOrFail({ eventKey: `feedback:${stored.id}`, kind: 'feedback_new' });
      const due = addWorkingDays(stored.createdAt, 5);
      expect(mail.subject).toContain(`antwoord uiterlijk ${due}`);
      expect(mail.body).toContain(`binnen 5 werkdagen: uiterlijk ${due}`);
      expect(mail.body).toContain(`/feedback/${stored.id}`);
    });

    it.each([
      ['an empty message', { message: '   ' }, 'message', 'Vul dit veld in.'],
      [
        'a name that is too long',
        { name: 'n'.repeat(101), message: 'x' },
        'name',
        'Gebruik hoogstens 100 tekens.',
      ],
      [
        'a message that is too long',
        { message: 'm'.repeat(5001) },
        'message',
        'Gebruik hoogstens 5000 tekens.',
      ],
      [
        'a malformed address',
        { email: 'geen adres', message: 'x' },
        'email',
        'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.',
      ],
      [
        'an address that is too long',
        {
          // Well-formed but for its 311 characters: no address may be longer than 254 (RFC 5321),
          // so it hears the one message about addresses, not that one and its length.
          email: `${'a'.repeat(64)}@${['b', 'c', 'd', 'e'].map((l) => l.repeat(60)).join('.')}.nl`,
          message: 'x',
        },
        'email',
        'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.',
      ],
    ])('refuses %s with one message beside that field', async (_, fields, field, message) => {
      const form = `/register/${entry.publicId}/feedback`;
      const before = await ds.getRepository(Feedback).count();
      const res = await new Browser(t.url).post(form, fields, form);
      expect(res.status).toBe(400);
      const errors = [...res.text.matchAll(/id="field-([\w-]+)-error">([^<]*)</g)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(errors).toEqual([[field, message]]);
      expect(await ds.getRepository(Feedback).count()).toBe(before);
    });

    it('refuses in the language of the page', async () => {
      const form = `/en/register/${entry.publicId}/feedback`;
      const res = await new Browser(t.url).post(form, { email: 'no address', message: '' }, form);
      expect(res.status).toBe(400);
      const errors = [...res.text.matchAll(/id="field-([\w-]+)-error">([^<]*)</g)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(errors).toEqual([
        ['email', 'Enter a valid e-mail address, such as name@municipality.nl.'],
        ['message', 'Please fill in this field.'],
      ]);
    });
  });

  describe('the inbox', () => {
    let asked: Feedback;

    beforeAll(async () => {
      await send(
        {
          name: 'Jan Inwoner',
          email: 'jan@example.org',
          message: 'Welke gegevens gebruikt u?',
          publishConsent: 'yes',
        },
        'en',
      );
      asked = await feedbackOf('Welke gegevens gebruikt u?');
    });

    it('lists the organisation’s messages newest first, by state, with a link to the entry', async () => {
      const all = await as.secretary.get('/feedback').expect(200);
      expect(all.text).toContain('Welke gegevens gebruikt u?');
      expect(all.text).toContain(`href="/register/${entry.publicId}"`);
      expect(all.text.indexOf('Welke gegevens gebruikt u?')).toBeLessThan(
        all.text.indexOf('Hoe vaak wordt de route herberekend?'),
      );
      const answered = await as.secretary.get('/feedback?status=answered').expect(200);
      expect(answered.text).not.toContain('Welke gegevens gebruikt u?');
      await as.secretary.get('/feedback?status=gelezen').expect(400);
      const elsewhere = await as.otherSecretary.get('/feedback').expect(200);
      expect(elsewhere.text).not.toContain('Welke gegevens gebruikt u?');
    });

    it('counts the open messages on the dashboard of secretaries and admins, linking to the inbox', async () => {
      const open = await ds.getRepository(Feedback).countBy({ organisationId: groningen.id });
      for (const who of ['secretary', 'admin']) {
        const dashboard = await as[who].get('/dashboard').expect(200);
        expect(dashboard.text).toContain(
          `<a class="utrecht-link" href="/feedback">${open} open reacties van inwoners</a>`,
        );
      }
      const other = await as.otherSecretary.get('/dashboard').expect(200);
      expect(other.text).toContain('0 open reacties van inwoners');
      const reviewer = await as.reviewer.get('/dashboard').expect(200);
      expect(reviewer.text).not.toContain('open reacties van inwoners');
    });

    it('shows the resident’s address to those who answer, and to the operator only that there is one', async () => {
      const page = await as.secretary.get(`/feedback/${asked.id}`).expect(200);
      expect(page.text).toContain('jan@example.org');
      expect(page.text).toContain('Jan Inwoner');
      expect(page.text).toContain('ja, vraag en antwoord mogen bij het algoritme staan');
      const operator = await as.operator.get(`/feedback/${asked.id}`).expect(200);
      expect(operator.text).toContain('Welke gegevens gebruikt u?');
      expect(operator.text).not.toContain('jan@example.org');
      expect(operator.text).not.toContain('Jan Inwoner');
      expect(operator.text).toContain('alleen zichtbaar voor wie namens de organisatie antwoordt');
      expect(operator.text).not.toContain('name="answer"');
      const listed = await api.secretary.get('/api/v1/feedback').expect(200);
      expect(JSON.stringify(listed.body)).not.toContain('jan@example.org');
      const item = await api.secretary.get(`/api/v1/feedback/${asked.id}`).expect(200);
      expect(item.body).toMatchObject({ email: 'jan@example.org', hasEmail: true, status: 'new' });
      const read = await api.operator.get(`/api/v1/feedback/${asked.id}`).expect(200);
      expect(read.body).not.toHaveProperty('email');
      expect(read.body.hasEmail).toBe(true);
    });

    it('takes a message in progress once, audited', async () => {
      const page = `/feedback/${asked.id}`;
      const res = await as.secretary.post(`${page}/in-progress`, {}, page);
      expect(res.status).toBe(303);
      expect((await feedbackOf(asked.message)).state).toBe('in_progress');
      const again = await as.secretary.post(`${page}/in-progress`, {}, page);
      expect(again.status).toBe(409);
      expect(again.text).toContain('Deze reactie is al in behandeling.');
      expect((await events(asked.id)).map((e) => [e.action, e.result])).toEqual([
        ['feedback.receive', 'success'],
        ['feedback.in_progress', 'success'],
        ['feedback.in_progress', 'refused'],
      ]);
    });

    it('refuses an empty answer beside its field, with the page whole', async () => {
      const page = `/feedback/${asked.id}`;
      const res = await as.secretary.post(`${page}/answer`, { answer: ' ' }, page);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/id="field-answer-error">Vul dit veld in\.</);
      expect(res.text).toContain('Welke gegevens gebruikt u?');
      expect((await feedbackOf(asked.message)).state).toBe('in_progress');
    });

    it('sends the answer to the resident’s address in their language, then forgets the address', async () => {
      const page = `/feedback/${asked.id}`;
      const res = await as.secretary.post(
        `${page}/answer`,
        { answer: 'Alleen de adressen van de containers.' },
        page,
      );
      expect(res.status).toBe(303);
      const stored = await feedbackOf(asked.message);
      expect(stored).toMatchObject({
        state: 'answered',
        answer: 'Alleen de adressen van de containers.',
        email: null,
        answerEmailed: true,
      });
      const mail = await ds
        .getRepository(OutboxMessage)
        .findOneByOrFail({ eventKey: `feedback-answer:${asked.id}` });
      expect(mail).toMatchObject({
        kind: 'feedback_answer',
        toAddress: 'jan@example.org',
        recipientUserId: null,
        organisationId: groningen.id,
        state: 'pending',
      });
      expect(mail.subject).toBe('Answer to your question about "Afvalroutes plannen"');
      expect(mail.body).toContain('Alleen de adressen van de containers.');
      expect(mail.body).toContain(`/register/${entry.publicId}`);
      expect(mail.body).not.toContain('/account/notifications');
      const shown = await as.secretary.get(page).expect(200);
      expect(shown.text).toContain('Het antwoord is per e-mail naar de inwoner gestuurd.');
      expect(shown.text).not.toContain('jan@example.org');
    });

    it('erases the address from the outbox 30 days after the answer went out, not before', async () => {
      const key = { eventKey: `feedback-answer:${asked.id}` };
      const outbox = ds.getRepository(OutboxMessage);
      // Run today, with the answer dated back: a run dated ahead would also end every session.
      const run = () => {
        const now = new Date();
        const day = now.toISOString().slice(0, 10);
        return t.app.get(HousekeepingJob).run({ ctx: operatorContext(), now, day });
      };
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
      // Not sent yet (no mail server here): the address is still needed.
      await outbox.update(key, { createdAt: daysAgo(31) });
      await run();
      expect((await outbox.findOneByOrFail(key)).toAddress).toBe('jan@example.org');
      await outbox.update(key, { state: 'sent', sentAt: daysAgo(29), createdAt: daysAgo(29) });
      await run();
      expect((await outbox.findOneByOrFail(key)).toAddress).toBe('jan@example.org');
      await outbox.update(key, { createdAt: daysAgo(31) });
      expect((await run()).residentAddresses).toBe(1);
      expect((await outbox.findOneByOrFail(key)).toAddress).toBe('');
    });

    it('refuses a second answer with a message, changing nothing', async () => {
      const page = `/feedback/${asked.id}`;
      const res = await as.admin.post(`${page}/answer`, { answer: 'Nog een antwoord' }, page);
      expect(res.status).toBe(409);
      expect(res.text).toContain('Deze reactie is al beantwoord.');
      expect((await feedbackOf(asked.message)).answer).toBe(
        'Alleen de adressen van de containers.',
      );
      expect(await ds.getRepository(OutboxMessage).countBy({ kind: 'feedback_answer' })).toBe(1);
    });

    it('publishes the question and answer on the entry and in its JSON, never the name', async () => {
      const publicPage = `/register/${entry.publicId}/afvalroutes-plannen`;
      const before = await request(t.url).get(publicPage).expect(200);
      expect(before.text).not.toContain('Vragen van inwoners');
      const page = `/feedback/${asked.id}`;
      const res = await as.secretary.post(`${page}/publish`, {}, page);
      expect(res.status).toBe(303);
      const after = await request(t.url).get(publicPage).expect(200);
      expect(after.text).toContain('Vragen van inwoners');
      expect(after.text).toContain('Welke gegevens gebruikt u?');
      expect(after.text).toContain('Alleen de adressen van de containers.');
      expect(after.text).not.toContain('Jan Inwoner');
      const json = await request(t.url).get(`/api/v1/register/${entry.publicId}`).expect(200);
      expect(json.body.publicQuestions).toEqual([
        {
          question: 'Welke gegevens gebruikt u?',
          answer: 'Alleen de adressen van de containers.',
          askedAt: expect.any(String),
          answeredAt: expect.any(String),
        },
      ]);
      expect(JSON.stringify(json.body)).not.toContain('Jan Inwoner');
      expect((await events(asked.id)).map((e) => e.action)).toEqual([
        'feedback.receive',
        'feedback.in_progress',
        'feedback.in_progress',
        'feedback.answer',
        'feedback.answer',
        'feedback.publish',
      ]);
    });

    it('keeps an answer without an address, and refuses to publish without consent', async () => {
      await send({ message: 'Geen adres, geen toestemming' });
      const quiet = await feedbackOf('Geen adres, geen toestemming');
      const page = `/feedback/${quiet.id}`;
      expect(
        (await as.admin.post(`${page}/answer`, { answer: 'Hier is het antwoord.' }, page)).status,
      ).toBe(303);
      expect(await feedbackOf(quiet.message)).toMatchObject({
        state: 'answered',
        answerEmailed: false,
      });
      expect(
        await ds.getRepository(OutboxMessage).countBy({ eventKey: `feedback-answer:${quiet.id}` }),
      ).toBe(0);
      const shown = await as.admin.get(page).expect(200);
      expect(shown.text).toContain(
        'De inwoner liet geen e-mailadres achter; het antwoord is hier bewaard.',
      );
      expect(shown.text).not.toContain('Vraag en antwoord publiceren');
      const refused = await as.admin.post(`${page}/publish`, {}, page);
      expect(refused.status).toBe(422);
      expect(refused.text).toContain(
        'De inwoner gaf geen toestemming om vraag en antwoord te publiceren.',
      );
      expect((await feedbackOf(quiet.message)).publishedAt).toBeNull();
      const json = await request(t.url).get(`/api/v1/register/${entry.publicId}`).expect(200);
      expect(JSON.stringify(json.body.publicQuestions)).not.toContain('Geen adres');
    });
  });

  describe('permissions', () => {
    let target: Feedback;

    beforeAll(async () => {
      await send({
        message: 'Van wie is dit bericht?',
        email: 'wie@example.org',
        publishConsent: 'yes',
      });
      target = await feedbackOf('Van wie is dit bericht?');
    });

    const unchanged = async () =>
      expect(await feedbackOf(target.message)).toMatchObject({
        state: 'new',
        answer: null,
        publishedAt: null,
        email: 'wie@example.org',
      });

    it.each(['otherSecretary', 'otherAdmin'])(
      'a %s of another organisation finds neither the page, nor the API item, nor anything to post to',
      async (who) => {
        await as[who].get(`/feedback/${target.id}`).expect(404);
        await api[who].get(`/api/v1/feedback/${target.id}`).expect(404);
        // A crafted post from a page of their own, with this organisation's message id.
        for (const step of ['in-progress', 'answer', 'publish']) {
          const res = await as[who].post(
            `/feedback/${target.id}/${step}`,
            { answer: 'Overgenomen' },
            '/feedback',
          );
          expect(res.status).toBe(404);
        }
        const res = await api[who].get('/api/v1/feedback').expect(200);
        expect(res.body.items.map((i: { id: number }) => i.id)).not.toContain(target.id);
        await unchanged();
        expect(
          await ds
            .getRepository(OutboxMessage)
            .countBy({ eventKey: `feedback-answer:${target.id}` }),
        ).toBe(0);
      },
    );

    it.each(['reviewer', 'proposer'])(
      'a %s of the same organisation is refused the inbox, the message and the API (403)',
      async (who) => {
        await as[who].get('/feedback').expect(403);
        await as[who].get(`/feedback/${target.id}`).expect(403);
        const res = await as[who].post(
          `/feedback/${target.id}/answer`,
          { answer: 'Ik ook' },
          '/dashboard',
        );
        expect(res.status).toBe(403);
        await api[who].get('/api/v1/feedback').expect(403);
        await api[who].get(`/api/v1/feedback/${target.id}`).expect(403);
        await unchanged();
      },
    );

    it('lets the operator read every organisation’s messages but answer none', async () => {
      const res = await api.operator.get('/api/v1/feedback?status=new').expect(200);
      expect(res.body.items.map((i: { id: number }) => i.id)).toContain(target.id);
      const refused = await as.operator.post(
        `/feedback/${target.id}/answer`,
        { answer: 'Namens niemand' },
        '/feedback',
      );
      expect(refused.status).toBe(403);
      await unchanged();
    });

    it('asks for a login without a session or token', async () => {
      await request(t.url).get('/api/v1/feedback').expect(401);
      const page = await request(t.url).get('/feedback').set('accept', 'text/html');
      expect(page.status).toBe(303);
      expect(page.headers.location).toMatch(/^\/login/);
    });
  });

  describe('the API', () => {
    it('filters by status and pages through the messages twenty at a time, newest first', async () => {
      const org = await makeOrganisation(ds);
      const { algorithm } = await publishAlgorithm(ds, t.app.get(PublicationService), org.id);
      const secretary = await apiClientFor(
        ds,
        t.url,
        await makeUser(ds, { roles: [[org, Role.Secretary]] }),
      );
      await ds.getRepository(Feedback).save(
        Array.from({ length: 23 }, (_, i) => ({
          algorithmId: algorithm.id,
          organisationId: org.id,
          message: `Bericht ${i}`,
          state: i < 3 ? ('answered' as const) : ('new' as const),
          createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
        })),
      );
      const first = await secretary.get('/api/v1/feedback').expect(200);
      expect(first.body).toMatchObject({ total: 23, page: 1, pages: 2, pageSize: 20 });
      expect(first.body.items[0].message).toBe('Bericht 22');
      const second = await secretary.get('/api/v1/feedback?page=2').expect(200);
      expect(second.body.items.map((i: { message: string }) => i.message)).toEqual([
        'Bericht 2',
        'Bericht 1',
        'Bericht 0',
      ]);
      const answered = await secretary.get('/api/v1/feedback?status=answered').expect(200);
      expect(answered.body.total).toBe(3);
      expect(answered.body.items[0]).toMatchObject({
        status: 'answered',
        entry: { publicId: algorithm.publicId },
      });
      const bad = await secretary.get('/api/v1/feedback?status=read&page=0').expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'page',
        'status',
      ]);
    });

    it('is described in the OpenAPI document', async () => {
      const doc = await request(t.url).get('/api/docs-json').expect(200);
      const list = doc.body.paths['/api/v1/feedback'].get;
      expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
        'page',
        'status',
      ]);
      expect(doc.body.paths['/api/v1/feedback/{id}'].get).toBeDefined();
    });
  });
});
