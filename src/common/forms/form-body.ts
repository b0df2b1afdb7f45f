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
 * The fields of a form as the nested object a DTO reads, not yet validated. Field names nest with
 * brackets (`conditions[0][owner]`, `answers[privacy.dpia_done]`; `reviewerIds[]` is always a
 * list). A row that is blank throughout is dropped (a form offers a few empty rows): the rows with
 * content move up first, in the body itself, so that the input shown again and an error such as
 * `conditions.0.dueDate` agree.
 */
export function readForm(flat: FlatForm, options: FormDtoOptions = {}): Record<string, unknown> {
  for (const name of options.lists ?? []) flat[`${name}[]`] ??= [];
  compactRows(flat);
  return unflatten(flat, options);
}

const ROW_FIELD = /^([^[\]]+)\[(\d+)\]\[([^\]]+)\]$/;

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
    const list = name.endsWith('[]');
    const path = parsePath(list ? name.slice(0, -2) : name);
    if (!path) continue;
    const nestedInRow = path.length > 2 && /^\d+$/.test(path[1]);
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

function parsePath(name: string): string[] | null {
  const match = /^([^[\]]+)((\[[^\]]*\])*)$/.exec(name);
  if (!match) return null;
  const rest = [...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
  const path = [match[1], ...rest];
  return path.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')
    ? null
    : path;
}

function setPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = root;
  path.slice(0, -1).forEach((key, i) => {
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = nextIsIndex ? [] : {};
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
