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

  it('refuses session time-outs out of range', () => {
    expect(() => validateEnvironment({ SESSION_IDLE_MINUTES: '0' })).toThrow(
      /^SESSION_IDLE_MINUTES/,
    );
    expect(() => validateEnvironment({ SESSION_ABSOLUTE_HOURS: 'lang' })).toThrow(
      /^SESSION_ABSOLUTE_HOURS/,
    );
    expect(validateEnvironment({ SESSION_IDLE_MINUTES: '15' }).SESSION_IDLE_MINUTES).toBe(15);
  });

  it('takes an evidence size limit of 1 to 100 MB, 10 by default', () => {
    expect(validateEnvironment({}).EVIDENCE_MAX_MB).toBe(10);
    expect(validateEnvironment({ EVIDENCE_MAX_MB: '25' }).EVIDENCE_MAX_MB).toBe(25);
    for (const value of ['0', '101', 'tien'])
      expect(() => validateEnvironment({ EVIDENCE_MAX_MB: value })).toThrow(
        'EVIDENCE_MAX_MB must be a whole number of megabytes from 1 to 100.',
      );
  });

  it('reads TRUST_PROXY as false, a number of proxies or their addresses', () => {
    const trust = (value?: string) => validateEnvironment({ TRUST_PROXY: value }).TRUST_PROXY;
    expect(trust()).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('10')).toBe(10);
    expect(trust('10.0.0.5')).toEqual(['10.0.0.5']);
    expect(trust('10.0.0.5, 192.168.1.0/24,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.5',
      '192.168.1.0/24',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses TRUST_PROXY=true, which would believe any X-Forwarded-For, saying what to give instead', () => {
    expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).toThrow(
      /^TRUST_PROXY=true would believe any X-Forwarded-For a client sends: give the number of proxies/,
    );
  });

  it('refuses a TRUST_PROXY that is no number of proxies and no list of addresses', () => {
    for (const bad of [
      'yes',
      '0',
      '11',
      '-1',
      '1.5',
      '10.0.0.256',
      '10.0.0.0/33',
      '::1/129',
      'a,b',
      '10.0.0.5,',
      'proxy.example',
    ]) {
      expect(() => validateEnvironment({ TRUST_PROXY: bad })).toThrow(
        /^TRUST_PROXY must be false, the number of proxies in front of Waarborg \(1 to 10\), or a comma-separated list/,
      );
    }
  });

  it('treats an empty DATABASE_URL as absent', () => {
    expect(validateEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('runs the scheduler at 03:00 unless told otherwise, and can switch it off', () => {
    const env = validateEnvironment({});
    expect(env.SCHEDULER).toBe('on');
    expect(env.SCHEDULER_DAILY_AT).toBe('03:00');
    expect(validateEnvironment({ SCHEDULER: 'off' }).SCHEDULER).toBe('off');
    expect(validateEnvironment({ SCHEDULER_DAILY_AT: '23:59' }).SCHEDULER_DAILY_AT).toBe('23:59');
    expect(() => validateEnvironment({ SCHEDULER: 'false' })).toThrow(
      /^SCHEDULER must be on or off/,
    );
  });

  it('refuses a daily time that is no HH:MM on the 24-hour clock, naming SCHEDULER_DAILY_AT', () => {
    for (const bad of ['3:00', '24:00', '03:60', '03.00', '0300', '03:00 ', 'noon', '03:00:00']) {
      expect(() => validateEnvironment({ SCHEDULER_DAILY_AT: bad })).toThrow(
        /^SCHEDULER_DAILY_AT must be a time of day as HH:MM/,
      );
    }
  });
});
