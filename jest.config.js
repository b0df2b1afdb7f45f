/**
 * Two projects: unit specs next to the code, e2e specs in test/ that boot the real app.
 *
 * NestJS 12 and a few Fastify dependencies ship as ES modules only. Node 20 loads them from
 * CommonJS by itself (require(esm)), but Jest's module loader only does so from Node 24.9 on;
 * until then Jest compiles those packages to CommonJS with SWC (cached after the first run).
 */
const ESM_ONLY = [
  '@nestjs',
  'content-disposition',
  'cookie',
  'set-cookie-parser',
  'toad-cache',
  '@standard-schema',
];

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  '^.+\\.m?js$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', importInterop: 'node' },
    },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];

const common = { transform, transformIgnorePatterns, testEnvironment: 'node' };

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
