import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import {
  algoritmekaderCatalogue,
  isKnownUrn,
  profileFromLabels,
  requirementsForLabels,
} from './algoritmekader';

const ver = (code: string) => `urn:nl:ak:ver:${code}`;
const ids = (labels: string[], impactful = false) =>
  requirementsForLabels(labels, { impactful }).requirements.map((r) => r.id);
/** The requirements that rest on other law than the AI Act (AVG, Awb, Archiefwet, ...). */
const everyAlgorithm = algoritmekaderCatalogue()
  .vereisten.map((r) => r.id)
  .filter((id) => !id.startsWith(ver('aia-')));

// Labels as paths of the decision tree gather them.
const HIGH_RISK_PROVIDER = [
  'aanbieder',
  'in gebruik',
  'AI-systeem',
  'hoog-risico AI',
  'geen transparantieverplichting',
];
const HIGH_RISK_DEPLOYER = [
  'gebruiksverantwoordelijke',
  'in gebruik',
  'AI-systeem',
  'hoog-risico AI',
];
const CHATBOT_DEPLOYER = [
  'gebruiksverantwoordelijke',
  'in gebruik',
  'AI-systeem',
  'geen hoog-risico AI',
  'transparantieverplichting',
];
const GPAI_MODEL_PROVIDER = [
  'aanbieder',
  'in ontwikkeling',
  'AI-model voor algemene doeleinden',
  'geen systeemrisico',
  'geen open-source',
];
const PROHIBITED = [
  'aanbieder',
  'gebruiksverantwoordelijke',
  'in gebruik',
  'AI-systeem',
  'verboden AI',
];
const NO_AI = ['aanbieder', 'gebruiksverantwoordelijke', 'in gebruik'];

describe('Algoritmekader requirements for a classification', () => {
  it('read the profile from the labels: type, risk group, roles', () => {
    expect(profileFromLabels(HIGH_RISK_DEPLOYER)).toEqual({
      types: ['ai-systeem'],
      riskGroup: 'hoog-risico-ai-systeem',
      roles: ['gebruiksverantwoordelijke'],
    });
    expect(profileFromLabels(GPAI_MODEL_PROVIDER)).toEqual({
      types: ['ai-model-voor-algemene-doeleinden'],
      riskGroup: 'niet-van-toepassing',
      roles: ['aanbieder'],
    });
    expect(profileFromLabels(PROHIBITED)?.riskGroup).toBe('verboden-ai');
    expect(profileFromLabels(NO_AI)).toBeNull();
    expect(profileFromLabels(['geen algoritme'])).toBeNull();
  });

  it('treat an exception of article 2, and an open-source system outside 2(12), as excluded', () => {
    expect(
      profileFromLabels([...NO_AI, 'AI-systeem', 'uitzondering van toepassing'])?.riskGroup,
    ).toBe('uitzondering-van-toepassing');
    const openSource = [
      'aanbieder',
      'AI-systeem',
      'geen hoog-risico AI',
      'geen transparantieverplichting',
      'open-source',
    ];
    expect(profileFromLabels(openSource)?.riskGroup).toBe('uitzondering-van-toepassing');
    expect(requirementsForLabels(openSource, { impactful: false }).basis).toBe('excluded');
    // Open source does not lift high risk or transparency obligations.
    expect(profileFromLabels([...HIGH_RISK_PROVIDER, 'open-source'])?.riskGroup).toBe(
      'hoog-risico-ai-systeem',
    );
    expect(profileFromLabels([...CHATBOT_DEPLOYER, 'open-source'])?.riskGroup).toBe(
      'geen-hoog-risico-ai-systeem',
    );
  });

  it('give a high-risk provider the provider requirements and not those of the deployer', () => {
    const selected = ids(HIGH_RISK_PROVIDER);
    expect(selected).toEqual(
      expect.arrayContaining([ver('aia-01'), ver('aia-03'), ver('aia-05'), ver('aia-19')]),
    );
    expect(selected).not.toContain(ver('aia-20'));
    expect(selected).not.toContain(ver('aia-00'));
    expect(selected).not.toContain(ver('aia-29'));
    expect(selected).toEqual(expect.arrayContaining(everyAlgorithm));
  });

  it('give a high-risk deployer the deployer requirements, such as the fundamental-rights assessment', () => {
    const selected = ids(HIGH_RISK_DEPLOYER);
    expect(selected).toEqual(expect.arrayContaining([ver('aia-20'), ver('aia-27')]));
    expect(selected).not.toContain(ver('aia-03'));
  });

  it('give a chatbot that is not high-risk the transparency duty but no high-risk requirements', () => {
    const selected = ids(CHATBOT_DEPLOYER);
    expect(selected).toContain(ver('aia-01'));
    expect(selected).toContain(ver('aia-33'));
    expect(selected.filter((id) => ['aia-20', 'aia-27', 'aia-03'].map(ver).includes(id))).toEqual(
      [],
    );
  });

  it('give a general-purpose model provider the model requirements', () => {
    const selected = ids(GPAI_MODEL_PROVIDER);
    expect(selected).toEqual(
      expect.arrayContaining([
        ver('aia-29'),
        ver('aia-30'),
        ver('aia-31'),
        ver('aia-32'),
        ver('aia-39'),
      ]),
    );
    expect(selected).not.toContain(ver('aia-03'));
  });

  it('name the prohibition for a prohibited system', () => {
    expect(ids(PROHIBITED)).toContain(ver('aia-00'));
  });

  it('give an impactful algorithm outside the AI Act the requirements for every algorithm, and others none', () => {
    expect(everyAlgorithm).toHaveLength(23);
    expect(requirementsForLabels(NO_AI, { impactful: true })).toMatchObject({
      basis: 'every-algorithm',
      profile: null,
    });
    expect(ids(NO_AI, true)).toEqual(everyAlgorithm);
    expect(requirementsForLabels(NO_AI, { impactful: false })).toEqual({
      profile: null,
      basis: 'none',
      requirements: [],
    });
    expect(ids(['geen algoritme'], true)).toEqual([]);
  });

  it('list with each requirement the measures linked to it', () => {
    const [data] = requirementsForLabels(HIGH_RISK_PROVIDER, {
      impactful: false,
    }).requirements.filter((r) => r.id === ver('aia-05'));
    expect(data.measures).toContain('urn:nl:ak:mtr:dat-01');
    for (const r of requirementsForLabels(HIGH_RISK_PROVIDER, { impactful: false }).requirements)
      for (const m of r.measures) expect(m).toMatch(/^urn:nl:ak:mtr:/);
  });

  it('know the catalogue’s requirements and measures, and nothing else', () => {
    expect(isKnownUrn(ver('aia-00'))).toBe(true);
    expect(isKnownUrn('urn:nl:ak:mtr:dat-01')).toBe(true);
    expect(isKnownUrn(ver('aia-99'))).toBe(false);
    expect(isKnownUrn('urn:nl:ak:ver:')).toBe(false);
  });

  const shared = join(PROJECT_ROOT, '..', 'shared', 'data', 'algoritmekader-catalogue.json');
  const present = existsSync(shared);
  if (!present) console.warn(`${shared} is absent: the catalogue copy is not compared with it`);
  (present ? it : it.skip)(
    'keep the identifiers, titles, tags and links of the national catalogue',
    () => {
      const source = JSON.parse(readFileSync(shared, 'utf8')) as {
        vereisten: Record<string, unknown>[];
        maatregelen: { id: string; title: string; vereiste?: string[] }[];
      };
      const copy = algoritmekaderCatalogue();
      expect(copy.vereisten).toEqual(
        source.vereisten.map((r) => ({
          id: r.id,
          title: r.title,
          'soort-toepassing': r['soort-toepassing'],
          risicogroep: r.risicogroep,
          'rol-ai-act': r['rol-ai-act'],
        })),
      );
      expect(copy.maatregelen.map((m) => [m.id, m.title])).toEqual(
        source.maatregelen.map((m) => [m.id, m.title]),
      );
      // A measure names its requirements by page (avg-05-juistheid-...); the copy by URN.
      for (const [i, m] of source.maatregelen.entries())
        expect(copy.maatregelen[i].vereisten).toEqual(
          (m.vereiste ?? []).map((page) => ver(/^[a-z]+-\d+/.exec(page)![0])),
        );
    },
  );
});
