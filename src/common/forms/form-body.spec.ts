import { DomainError } from '../errors/domain-error';
import { FORM_MAX_DEPTH, FORM_MAX_INDEX, readForm } from './form-body';

/** The error readForm throws for a body, as code and details. */
function refusal(flat: Record<string, string | string[]>) {
  try {
    readForm(flat);
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('readForm accepted the body');
}

describe('readForm', () => {
  it('nests bracketed names, keeps lists and drops blank rows', () => {
    expect(
      readForm({
        version: '3',
        'answers[privacy.dpia_done]': 'true',
        'answers[privacy.kinds][]': ['a', 'b'],
        'conditions[0][owner]': '',
        'conditions[0][description]': '',
        'conditions[1][owner]': 'Team',
        'conditions[1][description]': 'Doe iets',
        'reviewerIds[]': '7',
      }),
    ).toEqual({
      version: '3',
      answers: { 'privacy.dpia_done': 'true', 'privacy.kinds': ['a', 'b'] },
      conditions: [{ owner: 'Team', description: 'Doe iets' }],
      reviewerIds: ['7'],
    });
  });

  it(`takes row numbers up to ${FORM_MAX_INDEX} and refuses a higher one, naming the field, before building anything`, () => {
    const rows = readForm({ [`rows[${FORM_MAX_INDEX}]`]: 'x' }).rows as unknown[];
    expect([rows.length, rows[FORM_MAX_INDEX]]).toEqual([FORM_MAX_INDEX + 1, 'x']);
    for (const index of [FORM_MAX_INDEX + 1, 100_000_000, 4_294_967_294, '99999999999999999999']) {
      expect(refusal({ [`a[${index}]`]: 'x' })).toEqual({
        code: 'VALIDATION_FAILED',
        details: [
          {
            field: `a.${index}`,
            key: 'validation.formIndexTooLarge',
            params: { max: FORM_MAX_INDEX },
          },
        ],
      });
    }
    expect(refusal({ 'conditions[4294967294][owner]': 'x' }).details).toEqual([
      expect.objectContaining({ field: 'conditions.4294967294' }),
    ]);
  });

  it(`takes ${FORM_MAX_DEPTH} levels of brackets and refuses more with BODY_TOO_DEEP, also at 2,000`, () => {
    const name = (levels: number) => `a${'[b]'.repeat(levels)}`;
    expect(readForm({ [name(FORM_MAX_DEPTH)]: 'x' })).toEqual({
      a: { b: { b: { b: { b: { b: 'x' } } } } },
    });
    expect(refusal({ [name(FORM_MAX_DEPTH + 1)]: 'x' })).toEqual({
      code: 'BODY_TOO_DEEP',
      details: [
        {
          field: 'a.b.b.b.b.b…',
          key: 'validation.formFieldTooDeep',
          params: { max: FORM_MAX_DEPTH },
        },
      ],
    });
    expect(refusal({ [name(2000)]: 'x' }).code).toBe('BODY_TOO_DEEP');
    expect(refusal({ [`a${'[0]'.repeat(2000)}`]: 'x' }).code).toBe('BODY_TOO_DEEP');
  });

  it('refuses names that set a property every object has, or are not written as name[key]', () => {
    for (const [name, field] of [
      ['answers[constructor]', 'answers.constructor'],
      ['answers[__proto__][x]', 'answers.__proto__'],
      ['a[prototype]', 'a.prototype'],
      ['constructor', 'constructor'],
      ['a[b', 'a'],
      ['a[b]c', 'a.b'],
      ['a[[b]]', 'a'],
      ['a[][b]', 'a'],
      ['[a]', ''],
      ['a]', 'a]'],
    ]) {
      expect([name, refusal({ [name]: 'x' })]).toEqual([
        name,
        {
          code: 'VALIDATION_FAILED',
          details: [{ field, key: 'validation.whitelistValidation', params: undefined }],
        },
      ]);
    }
  });

  it('reads a number with a leading zero as a name, not a row', () => {
    expect(readForm({ 'a[01]': 'x' })).toEqual({ a: { '01': 'x' } });
  });
});
