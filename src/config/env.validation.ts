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
} from 'class-validator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

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

  /** Behind a reverse proxy that terminates HTTPS: trust its X-Forwarded-* headers. */
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'], { message: 'TRUST_PROXY must be true or false.' })
  TRUST_PROXY: 'true' | 'false' = 'false';

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

  @Transform(emptyToUndefined)
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
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
