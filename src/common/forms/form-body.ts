import type { Type } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { createValidationPipe, FieldProblem } from '../validation';

/** A urlencoded body as Fastify parses it: a string per field, a list for a repeated field. */
export type FlatForm = Record<string, string | string[] | undefined>;

export interface FormDtoOptions {
  /** Blank fields are left out, so an optional field stays as it is; `clear` sends null instead, to empty it. */
  clear?: boolean;
  /** Fields that are required: a blank one is kept, so the DTO refuses it beside its field. */
  keepBlank?: readonly string[];
  /**
   * Checkbox groups the form always shows (`themes[]`): a browser sends nothing when no box is
   * ticked, which here means an empty list, not "leave as it is".
   */
  lists?: readonly string[];
}

const pipe = createValidationPipe();
const isBlank = (v: unknown) =>
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

/**
 * Reads an HTML form into the DTO the JSON API takes, through the same validation pipe, so a
 * page has no validation rule of its own (see readForm for how the fields are read). Controllers
 * take it as a parameter with `@Form(Dto, options)`.
 */
export async function formDto<T extends object>(
  type: Type<T>,
  body: FlatForm | undefined,
  options: FormDtoOptions = {},
): Promise<T> {
  const flat = body ?? {};
  const nested = readForm(flat, options);
  try {
    return (await pipe.transform(nested, { type: 'body', metatype: type })) as T;
  } catch (err) {
    if (!(err instanceof DomainError) || !Array.isArray(err.details)) throw err;
    throw new DomainError(
      err.code,
      err.messageKey,
      onePerField(err.details as FieldProblem[], flat),
      err.params,
    );
  }
}

/**
 * Levels of brackets a field name may have. The deepest field of the app's forms has two
 * (`conditions[0][owner]`); the reader, class-transformer and the validation pipe all walk the
 * nested object recursively, and at some thousands of levels they run out of stack.
 */
export const FORM_MAX_DEPTH = 5;

/**
 * The highest row number a field name may have. A number in brackets makes an array, and the
 * reader, class-transformer and the validation pipe each walk an array index by index up to its
 * highest: `a[4294967294]=x` alone would be four billion steps. The forms show a handful of rows.
 */
export const FORM_MAX_INDEX = 100;

/** Property names of every object, which a field name may not set. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The fields of a form as the nested object a DTO reads, not yet validated. Field names nest with
 * brackets (`conditions[0][owner]`, `answers[privacy.dpia_done]`; `reviewerIds[]` is always a
 * list). A row that is blank throughout is dropped (a form offers a few empty rows): the rows with
 * content move up first, in the body itself, so that the input shown again and an error such as
 * `conditions.0.dueDate` agree. Every name is checked before anything is built from it: one nested
 * deeper than FORM_MAX_DEPTH (400 BODY_TOO_DEEP), with a row number above FORM_MAX_INDEX, naming
 * a property every object has, or not written as `name[key]...` is refused with 400 naming it.
 */
export function readForm(flat: FlatForm, options: FormDtoOptions = {}): Record<string, unknown> {
  for (const name of Object.keys(flat)) fieldPath(name);
  for (const name of options.lists ?? []) flat[`${name}[]`] ??= [];
  compactRows(flat);
  return unflatten(flat, options);
}

/** A row number as forms write it: digits without a leading zero. */
const isIndex = (segment: string) => /^(0|[1-9][0-9]*)$/.test(segment);

/**
 * The path of a field name (`conditions[0][owner]` is `conditions`, `0`, `owner`; a final `[]`
 * marks a list and is not part of it), or a refusal naming the field. Read with a loop rather
 * than a regular expression, which would backtrack on a name of thousands of brackets.
 */
function fieldPath(name: string): { path: string[]; list: boolean } {
  const open = name.indexOf('[');
  const path = [open < 0 ? name : name.slice(0, open)];
  const refuse = (key: string, params?: Record<string, unknown>): never => {
    throw new DomainError('VALIDATION_FAILED', 'errors.VALIDATION_FAILED', [
      { field: path.join('.'), key, params },
    ]);
  };
  if (path[0] === '' || path[0].includes(']')) refuse('validation.whitelistValidation');
  let list = false;
  for (let i = open; i >= 0 && i < name.length;) {
    const close = name.indexOf(']', i);
    const segment = close < 0 ? '' : name.slice(i + 1, close);
    if (name[i] !== '[' || close < 0 || segment.includes('[') || list)
      refuse('validation.whitelistValidation');
    if (path.length > FORM_MAX_DEPTH)
      throw new DomainError(
        'BODY_TOO_DEEP',
        'errors.BODY_TOO_DEEP',
        [
          {
            field: `${path.join('.')}…`,
            key: 'validation.formFieldTooDeep',
            params: { max: FORM_MAX_DEPTH },
          },
        ],
        { max: FORM_MAX_DEPTH },
      );
    if (segment === '') list = true;
    else path.push(segment);
    if (FORBIDDEN_SEGMENTS.has(segment)) refuse('validation.whitelistValidation');
    if (isIndex(segment) && Number(segment) > FORM_MAX_INDEX)
      refuse('validation.formIndexTooLarge', { max: FORM_MAX_INDEX });
    i = close + 1;
  }
  if (FORBIDDEN_SEGMENTS.has(path[0])) refuse('validation.whitelistValidation');
  return { path, list };
}

const ROW_FIELD = /^([^[\]]+)\[(0|[1-9][0-9]*)\]\[([^\]]+)\]$/;

/** Renumbers `list[i][field]` rows so those with content come first, in their order. */
function compactRows(flat: FlatForm): void {
  const rows = new Map<string, Map<number, Record<string, FlatForm[string]>>>();
  for (const [name, value] of Object.entries(flat)) {
    const m = ROW_FIELD.exec(name);
    if (!m) continue;
    const list = rows.get(m[1]) ?? new Map<number, Record<string, FlatForm[string]>>();
    const row = list.get(Number(m[2])) ?? {};
    row[m[3]] = value;
    list.set(Number(m[2]), row);
    rows.set(m[1], list);
    delete flat[name];
  }
  for (const [list, byIndex] of rows) {
    const ordered = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
    const filled = ordered.filter((row) => !Object.values(row).every(isBlank));
    const blank = ordered.filter((row) => Object.values(row).every(isBlank));
    [...filled, ...blank].forEach((row, i) => {
      for (const [field, value] of Object.entries(row)) flat[`${list}[${i}][${field}]`] = value;
    });
  }
}

/**
 * One message per field, the first; a text field left blank reads "fill in", whatever rule it
 * broke first (a DTO checks length or format before presence, and a blank optional field is
 * never checked at all).
 */
function onePerField(problems: FieldProblem[], flat: FlatForm): FieldProblem[] {
  const seen = new Set<string>();
  const blankText = new Set(
    Object.entries(flat)
      .filter(([, v]) => typeof v === 'string' && v.trim() === '')
      .map(([k]) => fieldOf(k)),
  );
  return problems
    .filter((p) => !seen.has(p.field) && seen.add(p.field))
    .map((p) => (blankText.has(p.field) ? { field: p.field, key: 'validation.isNotEmpty' } : p));
}

/** `conditions[0][owner]` is the field `conditions.0.owner` in error reports. */
function fieldOf(name: string): string {
  return name.replace(/\[\]$/, '').replace(/\[([^\]]*)\]/g, '.$1');
}

function unflatten(flat: FlatForm, options: FormDtoOptions): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(flat)) {
    const { path, list } = fieldPath(name);
    const nestedInRow = path.length > 2 && isIndex(path[1]);
    let value: unknown = list ? (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) : raw;
    if (!list && !nestedInRow && isBlank(value)) {
      if (options.keepBlank?.includes(fieldOf(name))) value = '';
      else if (options.clear) value = null;
      else continue;
    }
    setPath(root, path, value);
  }
  return dropBlankRows(root) as Record<string, unknown>;
}

function setPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = root;
  path.slice(0, -1).forEach((key, i) => {
    if (typeof node[key] !== 'object' || node[key] === null)
      node[key] = isIndex(path[i + 1]) ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]] = value;
}

/** Arrays of rows lose their blank rows, which compactRows has put last. */
function dropBlankRows(value: unknown): unknown {
  if (Array.isArray(value)) {
    const rows = value.filter((row) => row !== undefined);
    if (rows.every((row) => typeof row === 'object' && row !== null))
      return rows.filter((row) => !Object.values(row as object).every(isBlank)).map(dropBlankRows);
    return value;
  }
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, dropBlankRows(v)]));
  return value;
}
