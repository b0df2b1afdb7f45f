import { csvStream, CsvSeparator, neutraliseFormula } from './csv';
import type { RegisterItem } from './register.types';

describe('neutraliseFormula', () => {
  it('prefixes a cell that starts a formula with = + - or @', () => {
    for (const cell of ['=1+1', '+31 plan', '-2+3', '@SUM(A1)', '-'])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('prefixes a cell that starts with a tab or a carriage return', () => {
    expect(neutraliseFormula('\ttekst')).toBe("'\ttekst");
    expect(neutraliseFormula('\rtekst')).toBe("'\rtekst");
    expect(neutraliseFormula('\t=1+1')).toBe("'\t'=1+1");
  });

  it('looks past leading spaces', () => {
    for (const cell of ['  =1+1', ' @SUM(A1)', '\u00a0=1', '\u3000=1'])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('looks past leading line breaks, and guards the line the formula is on', () => {
    expect(neutraliseFormula('\n=1+1')).toBe("\n'=1+1");
    expect(neutraliseFormula(' \n @SUM(A1)')).toBe(" \n '@SUM(A1)");
    expect(neutraliseFormula('\r\n+1')).toBe("'\r\n'+1");
  });

  it('knows the full-width signs some spreadsheets read as formulas', () => {
    expect(neutraliseFormula('＝1+1')).toBe("'＝1+1");
    expect(neutraliseFormula('＋1')).toBe("'＋1");
  });

  it('guards every place where a spreadsheet reading the other separator would start a cell or a row', () => {
    expect(neutraliseFormula('tekst;=1+5')).toBe("tekst;'=1+5");
    expect(neutraliseFormula('tekst, =1+5')).toBe("tekst, '=1+5");
    expect(neutraliseFormula('tekst;"=1+5"')).toBe('tekst;"\'=1+5"');
    expect(neutraliseFormula('a\t@SUM(A1)')).toBe("a\t'@SUM(A1)");
    expect(neutraliseFormula('Doel:\n=HYPERLINK("x")')).toBe('Doel:\n\'=HYPERLINK("x")');
    expect(neutraliseFormula('taken:\n- plannen')).toBe("taken:\n'- plannen");
    expect(neutraliseFormula('=a;-b')).toBe("'=a;'-b");
  });

  it('leaves ordinary text alone, and signs with nothing after them', () => {
    for (const cell of [
      'Parkeervergunningen toekennen',
      'kosten € 10,-',
      'kosten € 10,- ',
      'a - b',
      'e-mail: info@gemeente.example',
      'Natuur en milieu; Verkeer',
      '',
    ])
      expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('csvStream', () => {
  const item = {
    publicId: 'abcd1234',
    slug: 'routeplanner',
    organisation: { name: 'Gemeente; Test, Noord' },
    riskClass: null,
    assessmentOutcome: 'none',
    origin: 'workflow',
    firstPublishedAt: new Date('2026-01-01T00:00:00Z'),
    lastChangedAt: new Date('2026-01-02T00:00:00Z'),
  } as unknown as RegisterItem;

  async function text(separator: CsvSeparator): Promise<string> {
    const entries = (async function* () {
      yield { item, record: { name: '=1+1', description_short: 'tekst;=1+5' } };
    })();
    const chunks: Buffer[] = [];
    for await (const chunk of csvStream(entries, 'https://waarborg.example', separator))
      chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }

  it('writes a standard CSV with commas and one with semicolons, each quoting its own separator', async () => {
    const comma = await text(',');
    expect(comma.startsWith('\uFEFFpublic_id,url,organization,')).toBe(true);
    expect(comma).toContain(
      `abcd1234,https://waarborg.example/register/abcd1234/routeplanner,"Gemeente; Test, Noord",'=1+1,tekst;'=1+5,`,
    );
    const semicolon = await text(';');
    expect(semicolon.startsWith('\uFEFFpublic_id;url;organization;')).toBe(true);
    expect(semicolon).toContain(
      `abcd1234;https://waarborg.example/register/abcd1234/routeplanner;"Gemeente; Test, Noord";'=1+1;"tekst;'=1+5";`,
    );
  });
});
