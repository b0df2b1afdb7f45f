import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  getMetadataStorage,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidationTypes,
} from 'class-validator';
import {
  ALGORITHM_STATUSES,
  MONTH_PATTERN,
  PUBLICATION_CATEGORIES,
  standardField,
  THEMES,
} from './publicatiestandaard';
import { readMonth } from '../common/dates';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

/**
 * The class-validator rules of a Publicatiestandaard field, from its definition: its kind picks
 * the checks, its maxLength the limit, and a field every algorithm has (alwaysSet) cannot be
 * emptied. `required` leaves out @IsOptional, for a DTO that must be given the field.
 */
export function StandardFieldRules(
  property: string,
  presence: 'optional' | 'required' = 'optional',
): PropertyDecorator {
  const field = standardField(property);
  const rules: PropertyDecorator[] = presence === 'optional' ? [IsOptional()] : [];
  switch (field.kind) {
    case 'text':
    case 'longtext':
      rules.push(IsString());
      if (field.alwaysSet) rules.push(MinLength(1));
      rules.push(MaxLength(field.maxLength!));
      break;
    case 'url':
      rules.push(IsUrl(URL_OPTIONS), MaxLength(field.maxLength!));
      break;
    case 'month':
      // The form asks with a month picker; where a browser has none, people type the month
      // as they write it ("maart 2026", "03-2026"), read here as YYYY-MM.
      rules.push(
        Transform(({ value }: { value: unknown }) =>
          typeof value === 'string' ? (readMonth(value) ?? value) : value,
        ),
        Matches(MONTH_PATTERN, { message: 'validation.month' }),
      );
      break;
    case 'status':
      rules.push(IsIn(ALGORITHM_STATUSES));
      break;
    case 'category':
      rules.push(IsIn(PUBLICATION_CATEGORIES));
      break;
    case 'themes':
      rules.push(IsArray(), ArrayMaxSize(THEMES.length), IsIn(THEMES, { each: true }));
      break;
  }
  // Applied last to first, as stacked decorators are, so the problems of a field come in the
  // order they always had.
  return (target, key) => {
    if (presence === 'required') refuseInheritedOptional(target, key);
    [...rules].reverse().forEach((rule) => rule(target, key));
  };
}

/**
 * Stops at start-up a DTO that makes required a field its parent class declares optional:
 * class-validator applies the rules of both, so the parent's @IsOptional would still let the
 * field be left out.
 */
function refuseInheritedOptional(target: object, key: string | symbol): void {
  const optional = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .some((m) => m.propertyName === key && m.type === ValidationTypes.CONDITIONAL_VALIDATION);
  if (optional)
    throw new Error(
      `${target.constructor.name}.${String(key)} is required, but a parent class declares it optional`,
    );
}
