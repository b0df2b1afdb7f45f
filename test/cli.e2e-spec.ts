import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { User } from '../src/accounts/entities/user.entity';
import { AuditEvent } from '../src/audit/entities/audit-event.entity';
import { verifyPassword } from '../src/accounts/password-hasher';
import { PROJECT_ROOT } from '../src/common/project-root';
import { dataSourceOptions } from '../src/database/data-source-options';
import { DEMO_ALGORITHMS, DEMO_ORGANISATIONS, DEMO_USERS } from '../seeds/demo-data';
import { runCli } from './support/cli';
import { compiledApp } from './support/compiled';
import { createTestDatabase, TestDatabase } from './support/test-database';

/**
 * The operator's commands run through Nest's application context, with the app's own services,
 * on a database of their own (SQLite, or a new PostgreSQL database under npm run test:postgres).
 */
const EXAMPLE = join(
  PROJECT_ROOT,
  '..',
  'shared',
  'data',
  'register-v1.0-examples',
  'Brickyard.json',
);
const withExample = existsSync(EXAMPLE) ? it : it.skip;

describe('Command line', () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATA_DIR: db.config.dataDir, DATABASE_URL: db.config.databaseUrl ?? '' };
  });
  afterAll(() => db.dispose());

  it('migrates an empty database, and a second run finds nothing to do', async () => {
    const first = await runCli(['migrate'], env);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Applied: InitialSchema\d+, /);
    expect(await runCli(['migrate'], env)).toEqual({
      status: 0,
      stdout: 'No pending migrations.\n',
      stderr: '',
    });
  }, 60_000);

  it('seeds the demo data once and then adds nothing, installing the template through the app', async () => {
    const roles = DEMO_USERS.reduce((n, u) => n + u.roles.length, 0);
    expect(await runCli(['seed'], env)).toEqual({
      status: 0,
      stdout: `Seeded: 1 checklist templates, 1 decision trees, ${DEMO_ORGANISATIONS.length} organisations, ${DEMO_USERS.length} users, ${roles} roles, ${DEMO_ALGORITHMS.length} algorithms added.\n`,
      stderr: '',
    });
    expect(await runCli(['seed'], env)).toEqual({
      status: 0,
      stdout:
        'Seeded: 0 checklist templates, 0 decision trees, 0 organisations, 0 users, 0 roles, 0 algorithms added.\n',
      stderr: '',
    });
    const again = await runCli(
      ['checklist:install', 'seeds/checklists/groningen-rotterdam.v3.json'],
      env,
    );
    expect(again).toEqual({
      status: 0,
      stdout: 'groningen-rotterdam version 3 was already installed; nothing changed.\n',
      stderr: '',
    });
  }, 90_000);

  it('refuses a changed copy of an installed template version in one sentence, without a stack trace', async () => {
    const template = JSON.parse(
      readFileSync('seeds/checklists/groningen-rotterdam.v3.json', 'utf8'),
    ) as { title: { nl: string } };
    template.title.nl = 'Stilletjes gewijzigd';
    const file = join(db.config.dataDir, 'groningen-rotterdam.v3.json');
    writeFileSync(file, JSON.stringify(template));
    const result = await runCli(['checklist:install', file], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Waarborg: .*groningen-rotterdam.*\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  const national = join(
    PROJECT_ROOT,
    '..',
    'shared',
    'data',
    'ai-verordening-beslishulp',
    'decision-tree.yaml',
  );
  (existsSync(national) ? it : it.skip)(
    'installs the official decision tree as it is, and makes it active on request',
    async () => {
      expect(await runCli(['decision-tree:install', national], env)).toEqual({
        status: 0,
        stdout: 'Installed beslishulp-ai-verordening version 1.0.0.\n',
        stderr: '',
      });
      expect(await runCli(['decision-tree:install', national, '--activate'], env)).toEqual({
        status: 0,
        stdout:
          'beslishulp-ai-verordening version 1.0.0 was already installed; it is now active.\n',
        stderr: '',
      });
    },
    90_000,
  );

  it('refuses a decision tree file with the place of the mistake, in one sentence', async () => {
    const file = join(db.config.dataDir, 'boom.yaml');
    writeFileSync(
      file,
      [
        'name: Boom',
        'version: 1.0.0',
        'questions:',
        '  - questionId: "1"',
        '    question: Vraag',
        '    explanation: ""',
        '    category: test',
        '    subcategory: Test',
        '    answers:',
        '      - answer: Ja',
        '        nextQuestionId: "2"',
        'conclusions:',
        '  - { conclusionId: "c", conclusion: C, obligation: "" }',
      ].join('\n'),
    );
    const result = await runCli(['decision-tree:install', file], env);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `Waarborg: ${file}: questions[0].answers[0].nextQuestionId: refers to question 2, which does not exist\n`,
    });
  }, 60_000);

  it('creates an organisation’s first admin with a temporary password, audited as the operator', async () => {
    const result = await runCli(
      [
        'admin:create',
        '--organisation',
        'Gemeente Testdorp',
        '--email',
        'Beheer@Testdorp.example',
        '--name',
        'Eerste Beheerder',
      ],
      env,
    );
    expect(result).toMatchObject({ status: 0, stderr: '' });
    const password = /Temporary password[^:]*: (\S+)\n$/.exec(result.stdout)?.[1];
    expect(password).toBeDefined();
    const ds = new DataSource(dataSourceOptions(db.config));
    await ds.initialize();
    try {
      const [org] = await ds.query(
        `SELECT id, slug, type FROM organisations WHERE name = 'Gemeente Testdorp'`,
      );
      expect(org).toMatchObject({ slug: 'gemeente-testdorp', type: 'gemeente' });
      const user = await ds.getRepository(User).findOneOrFail({
        where: { email: 'beheer@testdorp.example' },
        relations: { memberships: true },
      });
      expect(user.mustChangePassword).toBe(true);
      expect(await verifyPassword(user.passwordHash, password!)).toBe(true);
      expect(user.memberships.map((m) => [m.organisationId, m.role])).toEqual([[org.id, 'admin']]);
      const event = await ds.getRepository(AuditEvent).findOneByOrFail({
        action: 'user.create',
        objectId: String(user.id),
      });
      expect(event).toMatchObject({ actorUserId: null, address: null, organisationId: org.id });
    } finally {
      await ds.destroy();
    }

    const again = await runCli(
      [
        'admin:create',
        '--organisation',
        'Gemeente Testdorp',
        '--email',
        'beheer@testdorp.example',
        '--name',
        'Nog een',
      ],
      env,
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^Waarborg: .* email: .*\n$/);
    const bad = await runCli(
      ['admin:create', '--organisation', 'X', '--email', 'geen-adres', '--name', 'Y'],
      env,
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Waarborg: .* email: .*\n$/);
  }, 90_000);

  it('grants and revokes the operator by e-mail, audited, and names an unknown address in one sentence', async () => {
    const email = 'indiener@groningen.example';
    expect(await runCli(['operator:grant', email], env)).toEqual({
      status: 0,
      stdout: `${email} is now the operator.\n`,
      stderr: '',
    });
    expect(await runCli(['operator:grant', email.toUpperCase()], env)).toEqual({
      status: 0,
      stdout: `${email} already was the operator.\n`,
      stderr: '',
    });
    expect(await runCli(['operator:revoke', email], env)).toEqual({
      status: 0,
      stdout: `${email} is no longer the operator.\n`,
      stderr: '',
    });
    expect(await runCli(['operator:grant', 'niemand@example.org'], env)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Waarborg: No user has the e-mail address niemand@example.org.\n',
    });
    const ds = new DataSource(dataSourceOptions(db.config));
    await ds.initialize();
    try {
      const user = await ds.getRepository(User).findOneByOrFail({ email });
      expect(user.isOperator).toBe(false);
      const events = await ds.getRepository(AuditEvent).find({
        where: { objectType: 'user', objectId: String(user.id) },
        order: { seq: 'ASC' },
      });
      expect(events.map((e) => [e.action, e.actorUserId, e.organisationId])).toEqual([
        ['user.operator_grant', null, null],
        ['user.operator_revoke', null, null],
      ]);
    } finally {
      await ds.destroy();
    }
  }, 90_000);

  withExample(
    'imports a file with only the import’s services, audited as the operator, and a second run changes nothing',
    async () => {
      const args = ['import', EXAMPLE, '--organisation', 'Gemeente Importstad'];
      const first = await runCli(args, env);
      expect(first).toMatchObject({ status: 0, stderr: '' });
      expect(first.stdout).toMatch(
        /^publicatiestandaard-v1\.0: 4 entries read in [\d.]+ s: 4 created, 0 updated, 0 unchanged, 0 refused \(1 organisations created\)\n$/,
      );
      const again = await runCli(args, env);
      expect(again).toMatchObject({ status: 0, stderr: '' });
      expect(again.stdout).toMatch(/: 0 created, 0 updated, 4 unchanged, 0 refused\n$/);
      expect(await runCli(['import'], env)).toEqual({
        status: 2,
        stdout: '',
        stderr: 'Usage: npm run import -- FILE [--organisation NAME]\n',
      });
      const ds = new DataSource(dataSourceOptions(db.config));
      await ds.initialize();
      try {
        const entries: { origin: string; version_count: unknown }[] = await ds.query(
          "SELECT origin, version_count FROM register_entries WHERE organisation_name = 'Gemeente Importstad'",
        );
        expect(entries).toEqual(Array(4).fill({ origin: 'import', version_count: 1 }));
        const events = await ds.getRepository(AuditEvent).findBy({ action: 'register.import' });
        expect(events.map((e) => [e.actorUserId, e.actorRole, e.details?.created])).toEqual([
          [null, null, 4],
          [null, null, 0],
        ]);
      } finally {
        await ds.destroy();
      }
    },
    90_000,
  );

  it('loads the code of the command that runs only: the import loads no controller and no OpenAPI decorators', () => {
    // The import's start-up was half loading code the command never uses (cli.ts, Command.load).
    const cli = join(compiledApp(), 'src', 'cli.js');
    const code = `process.argv.splice(1, Infinity, ${JSON.stringify(cli)}, 'import');
      process.on('exit', () => process.stdout.write(JSON.stringify(Object.keys(require.cache))));
      require(${JSON.stringify(cli)});`;
    const { stdout, status } = spawnSync(process.execPath, ['-e', code], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
    expect(status).toBe(2); // the usage line: no file named
    const loaded = JSON.parse(stdout) as string[];
    expect(loaded.filter((f) => f.endsWith('import-cli.js'))).toHaveLength(1);
    expect(loaded.filter((f) => /\.controller\.js$|[\\/]@nestjs[\\/]swagger[\\/]/.test(f))).toEqual(
      [],
    );
  }, 60_000);

  it('sets an organisation’s identity provider, prints the redirect URI, names a bad field, and removes it', async () => {
    const args = [
      'sso:configure',
      '--organisation',
      'Gemeente Groningen',
      '--issuer',
      'https://login.groningen.example/realms/gemeente',
      '--client-id',
      'waarborg',
      '--client-secret',
      'geheim-van-de-test',
      '--role-claim',
      'groups',
      '--roles',
      'ai-indieners=proposer;ethiek=reviewer+secretary',
    ];
    expect(await runCli(args, env)).toEqual({
      status: 0,
      stdout:
        'Gemeente Groningen now signs in through https://login.groningen.example/realms/gemeente (roles from the claim "groups"). Register this redirect URI at the provider: https://<this site>/login/sso/groningen/callback\n',
      stderr: '',
    });
    const plain = await runCli(
      args.map((a) => (a.startsWith('https://') ? 'http://login.groningen.example' : a)),
      env,
    );
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/^Waarborg: .*issuer: .*https:\/\/.*\n$/);
    const ds = new DataSource(dataSourceOptions(db.config));
    await ds.initialize();
    try {
      const [row] = await ds.query(
        `SELECT issuer, role_map FROM identity_providers p JOIN organisations o ON o.id = p.organisation_id WHERE o.name = 'Gemeente Groningen'`,
      );
      expect(row.issuer).toBe('https://login.groningen.example/realms/gemeente');
      expect(JSON.parse(row.role_map)).toEqual({
        'ai-indieners': ['proposer'],
        ethiek: ['reviewer', 'secretary'],
      });
      const audit = await ds.getRepository(AuditEvent).findOneByOrFail({ action: 'sso.configure' });
      expect(JSON.stringify(audit.details)).not.toContain('geheim-van-de-test');
    } finally {
      await ds.destroy();
    }
    expect(await runCli(['sso:remove', '--organisation', 'Gemeente Groningen'], env)).toEqual({
      status: 0,
      stdout:
        'Gemeente Groningen no longer signs in through its own provider; passwords still work.\n',
      stderr: '',
    });
  }, 90_000);
});
