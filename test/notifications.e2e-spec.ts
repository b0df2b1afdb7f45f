import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { Assessment } from '../src/assessments/entities/assessment.entity';
import { Condition } from '../src/assessments/entities/condition.entity';
import { operatorContext } from '../src/common/request-context';
import { Feedback } from '../src/feedback/entities/feedback.entity';
import { ConditionRemindersJob } from '../src/notifications/jobs/condition-reminders.job';
import { MailDigestJob } from '../src/notifications/jobs/mail-digest.job';
import { NotificationPreference } from '../src/notifications/entities/notification-preference.entity';
import { OutboxMessage } from '../src/notifications/entities/outbox-message.entity';
import { NOTIFICATION_KINDS } from '../src/notifications/notification-kinds';
import { NotificationsService } from '../src/notifications/notifications.service';
import { backoffMs, OutboxSender } from '../src/notifications/outbox-sender';
import { PublicationService } from '../src/publications/publication.service';
import type { Organisation } from '../src/organisations/entities/organisation.entity';
import { Browser } from './support/browser';
import { fixtureTemplate } from './support/checklist-fixture';
import { makeAlgorithm, makeOrganisation, makeUser } from './support/factories';
import { publishAlgorithm } from './support/register-factories';
import { offerTemplate } from './support/templates';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { startTestApp, TestApp } from './support/test-app';

interface Received {
  to: string[];
  messageId: string;
  text: string;
}

/** A real SMTP server in this process that keeps what it receives, and can refuse for a while. */
async function startMailServer() {
  const received: Received[] = [];
  const state = { refuse: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        if (state.refuse > 0) {
          state.refuse--;
          return callback(new Error('451 try again later'));
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID: (.*)$/im.exec(data)?.[1]?.trim() ?? '',
          text: data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Quoted-printable soft breaks and encodings out of the way, to read a body as a person would. */
const readable = (text: string) =>
  text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** The same database seen by an instance with, or without, a mail server. */
const instanceOf = (db: TestDatabase, smtpUrl: string | null): TestDatabase => ({
  config: { ...db.config, mail: { ...db.config.mail, smtpUrl } },
  dispose: async () => {},
});

describe('E-mail through the outbox', () => {
  let mail: Awaited<ReturnType<typeof startMailServer>>;
  let db: TestDatabase;
  let t: TestApp;
  let ds: DataSource;
  let groningen: Organisation;
  let rotterdam: Organisation;

  const outbox = () => ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  const deliver = (app = t, now?: Date) => app.app.get(OutboxSender).deliverDue(now);

  beforeAll(async () => {
    mail = await startMailServer();
    db = await createTestDatabase({ SMTP_URL: mail.url, PUBLIC_URL: 'https://register.example' });
    t = await startTestApp({ database: db });
    ds = t.dataSource;
    groningen = await makeOrganisation(ds);
    rotterdam = await makeOrganisation(ds);
  });
  afterAll(async () => {
    await t?.close();
    await db?.dispose();
    await mail?.close();
  });

  it('tells the organisation’s secretaries and admins of a resident’s reaction, each in their language, once', async () => {
    const secretary = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    const admin = await makeUser(ds, { roles: [[groningen, Role.Admin]] });
    const quiet = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    const elsewhere = await makeUser(ds, { roles: [[rotterdam, Role.Secretary]] });
    await ds.getRepository(NotificationPreference).save([
      { userId: admin.id, language: 'en', modes: {} },
      { userId: quiet.id, language: 'nl', modes: { feedback_new: 'off' } },
    ]);
    const { algorithm } = await publishAlgorithm(ds, t.app.get(PublicationService), groningen.id, {
      name: 'Chatbot Burgerzaken',
    });
    const resident = new Browser(t.url);
    const posted = await resident.post(
      `/register/${algorithm.publicId}/feedback`,
      { message: 'Wie controleert de antwoorden <script>?' },
      `/register/${algorithm.publicId}/feedback`,
    );
    expect(posted.status).toBe(303);

    await deliver();
    const to = mail.received.map((m) => m.to[0]).sort();
    expect(to).toEqual([admin.email, secretary.email].sort());
    expect(to).not.toContain(quiet.email);
    expect(to).not.toContain(elsewhere.email);
    const dutch = readable(mail.received.find((m) => m.to[0] === secretary.email)!.text);
    expect(dutch).toContain('Een inwoner reageerde op "Chatbot Burgerzaken"');
    expect(dutch).toContain('Wie controleert de antwoorden <script>?');
    // To the message in the inbox, where it is answered.
    const { id } = await ds
      .getRepository(Feedback)
      .findOneByOrFail({ message: 'Wie controleert de antwoorden <script>?' });
    expect(dutch).toContain(`https://register.example/feedback/${id}`);
    const english = readable(mail.received.find((m) => m.to[0] === admin.email)!.text);
    expect(english).toContain('A resident reacted to "Chatbot Burgerzaken"');

    // Nothing is sent twice: not by a second delivery, nor by a second notice of the same event.
    await deliver();
    const [first] = await outbox();
    await ds.transaction((em) =>
      t.app.get(NotificationsService).notify(em, {
        kind: 'feedback_new',
        eventKey: first.eventKey,
        userIds: [secretary.id],
        organisationId: groningen.id,
        params: { entry: 'x', message: 'y' },
        path: '/',
      }),
    );
    await deliver();
    expect(mail.received).toHaveLength(2);
    expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(2);
  });

  it('writes nothing when the change is rolled back', async () => {
    const secretary = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    const before = (await outbox()).length;
    await expect(
      ds.transaction(async (em) => {
        await t.app.get(NotificationsService).notify(em, {
          kind: 'feedback_new',
          eventKey: 'rolled-back',
          userIds: [secretary.id],
          organisationId: groningen.id,
          params: { entry: 'x', message: 'y' },
          path: '/',
        });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await outbox()).toHaveLength(before);
  });

  it('retries a refused message later, with back-off, and then sends it once', async () => {
    const secretary = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    mail.state.refuse = 1;
    const sent = mail.received.length;
    await ds.transaction((em) =>
      t.app.get(NotificationsService).notify(em, {
        kind: 'condition_due',
        eventKey: 'retry-test',
        userIds: [secretary.id],
        organisationId: groningen.id,
        params: { description: 'Bias-test herhalen', dueDate: '2027-01-15' },
        path: '/conditions/1',
      }),
    );
    const now = new Date();
    expect(await deliver(t, now)).toEqual({ sent: 0, failed: 1 });
    const [row] = (await outbox()).filter((m) => m.eventKey === 'retry-test');
    expect(row).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('451'),
    });
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    // Not before its time, then once.
    expect(await deliver(t, now)).toEqual({ sent: 0, failed: 0 });
    expect(await deliver(t, new Date(now.getTime() + backoffMs(1) + 1000))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(mail.received.slice(sent).map((m) => m.to[0])).toEqual([secretary.email]);
  });

  it('keeps what a stopped instance committed and sends it from the next one, even when two deliver at once', async () => {
    const secretary = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    // An instance without a mail server commits messages and is gone before sending anything.
    const offline = await startTestApp({ database: instanceOf(db, null) });
    for (const n of [1, 2, 3])
      await offline.dataSource.transaction((em) =>
        offline.app.get(NotificationsService).notify(em, {
          kind: 'condition_overdue',
          eventKey: `kept-${n}`,
          userIds: [secretary.id],
          organisationId: groningen.id,
          params: { description: `Voorwaarde ${n}`, dueDate: '2026-01-01' },
          path: '/',
        }),
      );
    await offline.close();
    const sent = mail.received.length;
    const second = await startTestApp({ database: db });
    try {
      await Promise.all([deliver(t), deliver(second), deliver(t), deliver(second)]);
      const kept = mail.received.slice(sent).filter((m) => readable(m.text).includes('Voorwaarde'));
      expect(kept).toHaveLength(3);
      expect(
        (await outbox()).filter((m) => m.eventKey.startsWith('kept-')).map((m) => m.state),
      ).toEqual(['sent', 'sent', 'sent']);
    } finally {
      await second.close();
    }
  });

  it('gathers messages chosen for the digest into one e-mail a day', async () => {
    const secretary = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    await ds
      .getRepository(NotificationPreference)
      .save({ userId: secretary.id, language: 'nl', modes: { condition_due: 'digest' } });
    for (const n of [1, 2])
      await ds.transaction((em) =>
        t.app.get(NotificationsService).notify(em, {
          kind: 'condition_due',
          eventKey: `digest-${n}`,
          userIds: [secretary.id],
          organisationId: groningen.id,
          params: { description: `Dagelijks ${n}`, dueDate: '2027-02-01' },
          path: '/',
        }),
      );
    const sent = mail.received.length;
    await deliver();
    expect(mail.received).toHaveLength(sent);
    const counts = await t.app
      .get(MailDigestJob)
      .run({ ctx: operatorContext(), now: new Date(), day: '2026-12-01' });
    expect(counts).toEqual({ digests: 1, messages: 2 });
    await deliver();
    const digest = mail.received.slice(sent);
    expect(digest).toHaveLength(1);
    expect(readable(digest[0].text)).toContain('Dagelijks 1');
    expect(readable(digest[0].text)).toContain('Dagelijks 2');
  });

  it('reminds of a condition due within 14 days and of one overdue, once each', async () => {
    const proposer = await makeUser(ds, { roles: [[groningen, Role.Proposer]] });
    const template = await offerTemplate(t, fixtureTemplate(7), groningen);
    const algorithm = await makeAlgorithm(ds, groningen.id);
    const assessment = await ds
      .getRepository(Assessment)
      .save({ algorithmId: algorithm.id, templateId: template.id, proposerId: proposer.id });
    await ds.getRepository(Condition).save([
      {
        assessmentId: assessment.id,
        description: 'Binnenkort',
        owner: 'Team',
        dueDate: '2026-12-10',
      },
      { assessmentId: assessment.id, description: 'Te laat', owner: 'Team', dueDate: '2026-11-20' },
      { assessmentId: assessment.id, description: 'Later', owner: 'Team', dueDate: '2027-06-01' },
    ]);
    const job = t.app.get(ConditionRemindersJob);
    const run = { ctx: operatorContext(), now: new Date(), day: '2026-12-01' };
    expect(await job.run(run)).toEqual({ due: 1, overdue: 1 });
    expect(await job.run(run)).toEqual({ due: 0, overdue: 0 });
    const reminders = (await outbox()).filter((m) => m.recipientUserId === proposer.id);
    expect(reminders.map((m) => [m.kind, m.subject])).toEqual([
      ['condition_overdue', 'Voorwaarde over tijd sinds 2026-11-20'],
      ['condition_due', 'Voorwaarde vervalt op 2026-12-10'],
    ]);
  });

  it('shows an admin their organisation’s messages only, and says when no mail server is set', async () => {
    const offline = await startTestApp({ database: instanceOf(db, null) });
    try {
      const rotterdamAdmin = await makeUser(ds, { roles: [[rotterdam, Role.Admin]] });
      const groningenAdmin = await makeUser(ds, { roles: [[groningen, Role.Admin]] });
      const asRotterdam = new Browser(offline.url);
      await asRotterdam.login(rotterdamAdmin.email);
      const rotterdamPage = await asRotterdam.get('/admin/outbox');
      expect(rotterdamPage.status).toBe(200);
      expect(rotterdamPage.text).toContain('Er is geen mailserver ingesteld');
      expect(rotterdamPage.text).not.toContain('Voorwaarde vervalt');
      const asGroningen = new Browser(offline.url);
      await asGroningen.login(groningenAdmin.email);
      expect((await asGroningen.get('/admin/outbox')).text).toContain(
        'Voorwaarde vervalt op 2026-12-10',
      );
      const asProposer = new Browser(offline.url);
      await asProposer.login((await makeUser(ds, { roles: [[groningen, Role.Proposer]] })).email);
      expect((await asProposer.get('/admin/outbox')).status).toBe(403);
    } finally {
      await offline.close();
    }
  });

  it('lets each user choose per kind and language, refusing an unknown choice beside its field', async () => {
    const user = await makeUser(ds, { roles: [[groningen, Role.Secretary]] });
    const browser = new Browser(t.url);
    await browser.login(user.email);
    const form = {
      ...Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 'immediate'])),
      language: 'en',
      feedback_new: 'digest',
      condition_due: 'off',
    };
    const saved = await browser.post('/account/notifications', form, '/account/notifications');
    expect(saved.status).toBe(303);
    expect(
      await ds.getRepository(NotificationPreference).findOneByOrFail({ userId: user.id }),
    ).toMatchObject({
      language: 'en',
      modes: expect.objectContaining({
        feedback_new: 'digest',
        condition_due: 'off',
        condition_overdue: 'immediate',
        decision: 'immediate',
      }),
    });
    const refused = await browser.post(
      '/account/notifications',
      { ...form, condition_due: 'twice' },
      '/account/notifications',
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="field-condition_due-error"');
    // The form comes back whole, with what was chosen still chosen.
    expect(refused.text).toMatch(/name="feedback_new" value="digest" checked/);
  });
});
