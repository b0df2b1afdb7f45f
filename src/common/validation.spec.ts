import { Type } from 'class-transformer';
import { IsInt } from 'class-validator';
import { createValidationPipe } from './validation';

class PageDto {
  @Type(() => Number)
  @IsInt()
  page: number;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

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
});
