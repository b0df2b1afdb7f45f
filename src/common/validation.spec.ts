import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { DomainError } from './errors/domain-error';
import { createValidationPipe, KeyedRecord } from './validation';

class PageDto {
  @Type(() => Number)
  @IsInt()
  page: number;
}

class NameDto {
  @IsString() @IsNotEmpty() @MinLength(3) @MaxLength(2) name: unknown;
  @IsIn(['approve', 'approve_with_conditions']) decision: string;
}

class AnswersDto {
  @KeyedRecord() answers: Record<string, unknown>;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('gives one problem per field, the most basic, and no message names the allowed codes', async () => {
    const problems = async (body: object) => {
      const refused = await pipe
        .transform(body, { type: 'body', metatype: NameDto })
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DomainError);
      return (refused as DomainError).details;
    };
    expect(await problems({ name: '', decision: 'approve' })).toEqual([
      { field: 'name', key: 'validation.isNotEmpty', params: expect.any(Object) },
    ]);
    expect(await problems({ name: 7, decision: 'approve' })).toEqual([
      { field: 'name', key: 'validation.isString', params: expect.any(Object) },
    ]);
    const [name, isIn] = (await problems({ name: 'ab', decision: 'maybe' })) as {
      key: string;
      params: object;
    }[];
    expect(name).toEqual({
      field: 'name',
      key: 'validation.minLength',
      params: { min: 3, max: 3 },
    });
    expect(isIn.key).toBe('validation.isIn');
    expect(JSON.stringify(isIn.params)).not.toContain('approve');
  });

  it('leaves a parameter declared as a number as it came, for its own pipe to check', async () => {
    for (const raw of ['0x1', '1e0', '+1', ' 1', '1.0', '01']) {
      expect(await pipe.transform(raw, { type: 'param', data: 'id', metatype: Number })).toBe(raw);
      expect(await pipe.transform(raw, { type: 'query', data: 'from', metatype: Number })).toBe(
        raw,
      );
    }
  });

  it('still converts other single parameters and the fields of a DTO', async () => {
    expect(await pipe.transform('true', { type: 'query', data: 'x', metatype: Boolean })).toBe(
      true,
    );
    const dto = await pipe.transform({ page: '3' }, { type: 'query', metatype: PageDto });
    expect(dto).toEqual(Object.assign(new PageDto(), { page: 3 }));
  });

  it('keeps every key of a keyed record as sent, on an object without a prototype', async () => {
    const body = JSON.parse(
      '{"answers":{"toString":"b","valueOf":"c","hasOwnProperty":1,"p.q":[true]}}',
    );
    const dto = (await pipe.transform(body, { type: 'body', metatype: AnswersDto })) as AnswersDto;
    expect(Object.getPrototypeOf(dto.answers)).toBeNull();
    expect(Object.entries(dto.answers)).toEqual([
      ['toString', 'b'],
      ['valueOf', 'c'],
      ['hasOwnProperty', 1],
      ['p.q', [true]],
    ]);
    expect(dto.answers.isPrototypeOf).toBeUndefined();
  });

  it('refuses __proto__, constructor and prototype as keys anywhere in a body, naming where, rather than dropping them', async () => {
    for (const [json, field] of [
      ['{"answers":{"constructor":"a"}}', 'answers.constructor'],
      ['{"answers":{"p.q":[{"prototype":1}]}}', 'answers.p.q.0.prototype'],
      ['{"constructor":{"x":1},"answers":{}}', 'constructor'],
      ['{"answers":{"__proto__":1}}', 'answers.__proto__'],
    ]) {
      const refused = await pipe
        .transform(JSON.parse(json), { type: 'body', metatype: AnswersDto })
        .catch((err: unknown) => err);
      expect([json, (refused as DomainError).details]).toEqual([
        json,
        [{ field, key: 'validation.whitelistValidation' }],
      ]);
    }
  });

  it('refuses a keyed record that is not an object, naming the field', async () => {
    for (const answers of [[], 'x', 1, null]) {
      const refused = await pipe
        .transform({ answers }, { type: 'body', metatype: AnswersDto })
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).details).toEqual([
        expect.objectContaining({ field: 'answers', key: 'validation.isObject' }),
      ]);
    }
  });
});
