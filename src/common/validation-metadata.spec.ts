import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  validate,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata';

class Base {
  @IsString() name: unknown;
  @MaxLength(3, { groups: ['short'] }) code: unknown;
}

class Child extends Base {
  @IsInt() count: unknown;
  // Declared again: the child's own rule stands for the inherited one.
  @IsOptional() @IsString() override name: unknown;
}

class Later {
  @IsString() first: unknown;
  second: unknown;
}

describe('cacheValidationMetadata', () => {
  const storage = getMetadataStorage();
  // class-validator's own answer, worked out anew on each call.
  const uncached = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  cacheValidationMetadata(storage);

  const rules = (list: ReturnType<typeof uncached>) =>
    list.map((m) => `${m.propertyName}:${m.name ?? m.type}`).sort();

  it('answers as class-validator does, for each class and each set of options', () => {
    const options: Parameters<typeof uncached>[] = [];
    for (const target of [Base, Child])
      for (const always of [false, true])
        for (const strictGroups of [false, true])
          for (const groups of [undefined, [], ['short'], ['other']])
            options.push([target, '', always, strictGroups, groups]);
    for (const args of options) {
      const cached = storage.getTargetValidationMetadatas(...args);
      expect(rules(cached)).toEqual(rules(uncached(...args)));
      // Asked again: the kept answer, grouped as class-validator groups it.
      expect(storage.getTargetValidationMetadatas(...args)).toBe(cached);
      expect(Object.keys(storage.groupByPropertyName(cached)).sort()).toEqual(
        Object.keys(group(uncached(...args))).sort(),
      );
    }
  });

  it('still finds inherited rules and the options in a validation', async () => {
    const child = Object.assign(new Child(), { count: 'x', code: 'toolong' });
    const failed = async (options?: Parameters<typeof validate>[1]) =>
      (await validate(child, options)).map((e) => e.property).sort();
    // Without groups a rule of a group applies too, unless the groups are strict.
    expect(await failed()).toEqual(['code', 'count']);
    expect(await failed({ strictGroups: true })).toEqual(['count']);
    expect(await failed({ groups: ['short'] })).toEqual(['code']);
    expect(await failed()).toEqual(['code', 'count']);
  });

  it('starts over when a rule is added after a lookup', async () => {
    const later = Object.assign(new Later(), { first: 'a', second: 2 });
    expect(await validate(later)).toEqual([]);
    IsString()(Later.prototype, 'second');
    const errors = await validate(later);
    expect(errors.map((e) => e.property)).toEqual(['second']);
  });
});
