import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  ALGORITHM_STATUSES,
  MONTH_PATTERN,
  PUBLICATION_CATEGORIES,
  standardField,
  THEMES,
} from './publicatiestandaard';

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
      rules.push(Matches(MONTH_PATTERN, { message: 'validation.month' }));
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
  return (target, key) => [...rules].reverse().forEach((rule) => rule(target, key));
}
