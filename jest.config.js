/**
 * Two projects: unit specs next to the code, e2e specs in test/ that boot the real app.
 *
 * NestJS 12 and a few Fastify dependencies ship as ES modules only. Node 20 loads them from
 * CommonJS by itself (require(esm)), but Jest's module loader does not, so Jest compiles those
 * packages to CommonJS with Babel (cached after the first run). Babel rather than SWC: it is plain
 * JavaScript, so the lockfile is the same on every platform.
 */
// Plus CommonJS packages that load an ES module with import(), which Jest cannot run either.
const ESM_ONLY = [
  '@fastify/cookie',
  '@fastify/static',
  '@nestjs',
  'content-disposition',
  'cookie',
  'set-cookie-parser',
  'toad-cache',
  '@standard-schema',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'openid-client',
  'oauth4webapi',
  'jose',
];

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  // ES6 mode: import.meta.url becomes an import of 'url' that the CommonJS step hoists, rather than
  // an inline require() that clashes with modules which name a local `require` (createRequire).
  '^.+\\.m?js$': [
    'babel-jest',
    {
      babelrc: false,
      configFile: false,
      plugins: [
        ['babel-plugin-transform-import-meta', { module: 'ES6' }],
        '@babel/plugin-transform-dynamic-import',
        ['@babel/plugin-transform-modules-commonjs', { importInterop: 'node' }],
      ],
    },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];

const common = { transform, transformIgnorePatterns, testEnvironment: 'node' };

module.exports = {
  // An e2e hook boots the whole app on a real database: on a busy CI machine that can take longer
  // than Jest's default 5 s, which is a limit on waiting, not a measure of speed. (A global
  // setting: Jest 29 ignores it per project.)
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/seeds/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Needs Chromium, so only `npm run test:browser` (which sets WAARBORG_BROWSER_TESTS) runs it.
    ...(process.env.WAARBORG_BROWSER_TESTS
      ? [
          {
            ...common,
            displayName: 'browser',
            testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
          },
        ]
      : []),
  ],
};
