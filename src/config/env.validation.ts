import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
} from 'class-validator';
import { isIP } from 'node:net';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const SCHEDULER_MODES = ['on', 'off'] as const;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Which forwarding hops to believe: none (`false`), the nearest `n` hops, or the hops from these
 * addresses, ranges or proxy-addr names. Fastify then takes as the client's address the
 * right-most one in X-Forwarded-For that is not a trusted proxy: entries further left were written
 * by whoever sent the request and prove nothing.
 */
export type TrustProxy = false | number | string[];

export const MAX_PROXY_HOPS = 10;
/** The ranges @fastify/proxy-addr knows by name. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** The TRUST_PROXY setting read into a TrustProxy, or undefined when it is not one. */
export function parseTrustProxy(value: unknown): TrustProxy | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'false') return false;
  if (/^[1-9]\d*$/.test(value)) {
    const hops = Number(value);
    return hops <= MAX_PROXY_HOPS ? hops : undefined;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isAddressOrRange) ? entries : undefined;
}

/**
 * The environment Waarborg reads, and nothing else. Each rule carries the sentence shown when
 * start-up stops, so that an operator sees the variable and what it may be.
 */
export class EnvironmentVariables {
  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number from 1 to 65535.' })
  @Min(1, { message: 'PORT must be a whole number from 1 to 65535.' })
  @Max(65535, { message: 'PORT must be a whole number from 1 to 65535.' })
  PORT: number = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message:
      'DATABASE_URL must be a postgres:// or postgresql:// URL, or be left out to use SQLite.',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsString({ message: 'DATA_DIR must be a folder path.' })
  DATA_DIR: string = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, {
    message: 'SESSION_SECRET must be at least 32 characters, or be left out to generate one.',
  })
  SESSION_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}.` })
  NODE_ENV: NodeEnv = 'development';

  /**
   * Behind reverse proxies: how many there are, or their addresses, so that the client's address
   * is the one the nearest untrusted hop had and X-Forwarded-Proto can be believed. Read into
   * false, a hop count or a list; a value that is none of these stays text and is refused.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === '' ? false : (parseTrustProxy(value) ?? value),
  )
  @ValidateBy(
    {
      name: 'trustProxy',
      validator: {
        validate: (value) => value === false || typeof value === 'number' || Array.isArray(value),
      },
    },
    {
      message: ({ value }) =>
        value === 'true'
          ? 'TRUST_PROXY=true would believe any X-Forwarded-For a client sends: give the number of proxies in front of Waarborg (e.g. 1) or their addresses (e.g. 10.0.0.5).'
          : `TRUST_PROXY must be false, the number of proxies in front of Waarborg (1 to ${MAX_PROXY_HOPS}), or a comma-separated list of their IP addresses or ranges (e.g. 10.0.0.5,192.168.1.0/24).`,
    },
  )
  TRUST_PROXY: TrustProxy = false;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440.' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440.' })
  @Max(1440, { message: 'SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440.' })
  SESSION_IDLE_MINUTES: number = 30;

  @Transform(toInt)
  @IsInt({ message: 'SESSION_ABSOLUTE_HOURS must be a whole number of hours from 1 to 168.' })
  @Min(1, { message: 'SESSION_ABSOLUTE_HOURS must be a whole number of hours from 1 to 168.' })
  @Max(168, { message: 'SESSION_ABSOLUTE_HOURS must be a whole number of hours from 1 to 168.' })
  SESSION_ABSOLUTE_HOURS: number = 12;

  /** The largest evidence document a condition's owner may upload, in megabytes. */
  @Transform(toInt)
  @IsInt({ message: 'EVIDENCE_MAX_MB must be a whole number of megabytes from 1 to 100.' })
  @Min(1, { message: 'EVIDENCE_MAX_MB must be a whole number of megabytes from 1 to 100.' })
  @Max(100, { message: 'EVIDENCE_MAX_MB must be a whole number of megabytes from 1 to 100.' })
  EVIDENCE_MAX_MB: number = 10;

  @Transform(emptyToUndefined)
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** `off` on an instance that should leave the daily jobs to the others (they run once anyway). */
  @Transform(emptyToUndefined)
  @IsIn(SCHEDULER_MODES, {
    message: 'SCHEDULER must be on or off (off: this instance runs no daily jobs).',
  })
  SCHEDULER: (typeof SCHEDULER_MODES)[number] = 'on';

  /** When the daily jobs run, as the clock in the Netherlands reads (Europe/Amsterdam). */
  @Transform(emptyToUndefined)
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, {
    message:
      'SCHEDULER_DAILY_AT must be a time of day as HH:MM on the 24-hour clock in Europe/Amsterdam, e.g. 03:00.',
  })
  SCHEDULER_DAILY_AT: string = '03:00';
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Validates raw environment values; throws one ConfigurationError naming the first bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const known = Object.fromEntries(
    Object.keys(new EnvironmentVariables())
      .concat('DATABASE_URL', 'SESSION_SECRET')
      .map((k) => [k, raw[k]]),
  );
  const env = plainToInstance(EnvironmentVariables, stripUndefined(known), {
    exposeDefaultValues: true,
  });
  const errors = validateSync(env, { stopAtFirstError: true });
  if (errors.length > 0) {
    const first = errors[0];
    const sentence =
      Object.values(first.constraints ?? {})[0] ??
      `${first.property} has a value that is not allowed.`;
    throw new ConfigurationError(sentence);
  }
  return env;
}

function stripUndefined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
