import { ConfigurationError, validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('applies the defaults when nothing is set', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./data');
    expect(env.NODE_ENV).toBe('development');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('refuses a port that is not a number with a sentence naming PORT', () => {
    expect(() => validateEnvironment({ PORT: 'abc' })).toThrow(ConfigurationError);
    expect(() => validateEnvironment({ PORT: 'abc' })).toThrow(/^PORT must be a whole number/);
  });

  it('refuses a port out of range', () => {
    expect(() => validateEnvironment({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => validateEnvironment({ PORT: '0' })).toThrow(/PORT/);
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(
      /^DATABASE_URL must be/,
    );
  });

  it('accepts a PostgreSQL URL', () => {
    expect(
      validateEnvironment({ DATABASE_URL: 'postgres://u:p@localhost:5432/db' }).DATABASE_URL,
    ).toBe('postgres://u:p@localhost:5432/db');
  });

  it('refuses a short session secret and an unknown NODE_ENV', () => {
    expect(() => validateEnvironment({ SESSION_SECRET: 'short' })).toThrow(/^SESSION_SECRET/);
    expect(() => validateEnvironment({ NODE_ENV: 'staging' })).toThrow(/^NODE_ENV must be one of/);
  });

  it('refuses session time-outs out of range and a TRUST_PROXY that is not a boolean', () => {
    expect(() => validateEnvironment({ SESSION_IDLE_MINUTES: '0' })).toThrow(
      /^SESSION_IDLE_MINUTES/,
    );
    expect(() => validateEnvironment({ SESSION_ABSOLUTE_HOURS: 'lang' })).toThrow(
      /^SESSION_ABSOLUTE_HOURS/,
    );
    expect(() => validateEnvironment({ TRUST_PROXY: 'yes' })).toThrow(
      /^TRUST_PROXY must be true or false/,
    );
    expect(validateEnvironment({ SESSION_IDLE_MINUTES: '15' }).SESSION_IDLE_MINUTES).toBe(15);
  });

  it('treats an empty DATABASE_URL as absent', () => {
    expect(validateEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
