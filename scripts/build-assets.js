#!/usr/bin/env node
/* global __filename, Buffer */
/**
 * Builds the static files the pages load into dist/assets, each under a name that carries a hash
 * of its content (so it can be cached for a year: a changed file gets a new name), with
 * dist/assets/manifest.json mapping each logical name to its file. Run by `npm run build` and
 * before the tests (jest's global setup); the app refuses to start without the manifest.
 *
 * The stylesheets are reduced to what the pages use: the NL Design System's component CSS and the
 * theme's tokens are about 620 KB, of which the pages use a few percent. Every class, element and
 * custom property that the views (views/**\/*.hbs) and the code that builds page models
 * (src/**\/*.ts, messages) can produce is kept, found by reading them, so a class added to a view
 * is kept on the next build without a list to maintain. A class whose end a template fills in
 * (`utrecht-alert--{{type}}`) keeps every class with that beginning.
 */
const { createHash } = require('node:crypto');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');
const {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} = require('node:fs');
const { dirname, extname, join, relative, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const PUBLIC = join(ROOT, 'public');
const OUT = join(ROOT, 'dist', 'assets');
const MANIFEST = join(OUT, 'manifest.json');
const pkg = (name, file) => join(ROOT, 'node_modules', name, 'dist', file);

/**
 * Stylesheets served as one file each, made of these sources in this order (the cascade). Files in
 * public/ that no bundle names are served as they are, under a hashed name too.
 */
const BUNDLES = {
  'site.css': [
    pkg('@utrecht/component-library-css', 'index.css'),
    pkg('@nl-design-system-unstable/voorbeeld-design-tokens', 'theme.css'),
    join(PUBLIC, 'css', 'waarborg.css'),
  ],
  'print.css': [join(PUBLIC, 'css', 'print.css')],
};

/**
 * Files from packages served beside public/'s, under these logical names: the theme's typeface
 * (Latin, and Latin Extended upright for the rare name that needs it). A stylesheet names them
 * relatively (`url('fonts/….woff2')`), which the build points at the hashed file.
 */
const fontFile = (file) =>
  join(ROOT, 'node_modules', '@fontsource-variable', 'noto-sans', 'files', file);
const PACKAGE_FILES = {
  'fonts/noto-sans-latin-wght-normal.woff2': fontFile('noto-sans-latin-wght-normal.woff2'),
  'fonts/noto-sans-latin-wght-italic.woff2': fontFile('noto-sans-latin-wght-italic.woff2'),
  'fonts/noto-sans-latin-ext-wght-normal.woff2': fontFile('noto-sans-latin-ext-wght-normal.woff2'),
};

const COMPRESSIBLE = ['.css', '.js', '.svg', '.txt', '.json'];

/** Where the classes, elements and attributes that pages can carry are written. */
const CONTENT_DIRS = [
  ['views', ['.hbs']],
  ['src', ['.ts', '.json']],
];

function filesUnder(dir, extensions) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && (!extensions || extensions.includes(extname(d.name))))
    .map((d) => join(d.parentPath ?? d.path, d.name))
    .filter((f) => !f.endsWith('.spec.ts'))
    .sort();
}

function contentFiles() {
  return CONTENT_DIRS.flatMap(([dir, ext]) => filesUnder(join(ROOT, dir), ext));
}

/**
 * Beginnings of class names that a template completes with a value (`utrecht-alert--{{...}}`,
 * `(concat "utrecht-badge--" x)`): every class starting with one of them is kept.
 */
function dynamicClassPrefixes(sources) {
  const prefixes = new Set();
  for (const source of sources) {
    for (const [, attr] of source.matchAll(/class="((?:[^"{]|{{[^}]*}})*)"/g)) {
      for (const [, p] of attr.matchAll(/([A-Za-z][\w-]*-)(?={{)/g)) prefixes.add(p);
      for (const [, p] of attr.matchAll(/["']([A-Za-z][\w-]*-)["']/g)) prefixes.add(p);
    }
  }
  return [...prefixes].sort();
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hashOf = (data) => createHash('sha256').update(data).digest('hex').slice(0, 12);
const hashedName = (name, data) => {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}.${hashOf(data)}${ext}`;
};

/** `url('fonts/x.woff2')` to the file's hashed name; the bundle is served from the same folder. */
function linkHashedFiles(css, files) {
  return css.replace(/url\((['"]?)([^'")]+)\1\)/g, (whole, quote, name) =>
    files[name] ? `url(${quote}${files[name]}${quote})` : whole,
  );
}

async function reduce(css, content, prefixes) {
  const { PurgeCSS } = require('purgecss');
  const { minify } = require('csso');
  const [result] = await new PurgeCSS().purge({
    css: [{ raw: css }],
    content: [{ raw: content, extension: 'html' }],
    // Every word of the views and the code: class names, element names, attribute values.
    defaultExtractor: (text) => text.match(/[A-Za-z0-9_-]+/g) ?? [],
    safelist: {
      standard: [/^utrecht-root$/],
      greedy: prefixes.map((p) => new RegExp(`^${escapeRegExp(p)}`)),
    },
    variables: true,
    keyframes: true,
    // The only @font-face rules are waarborg.css's, whose family is named in a custom property
    // (--waarborg-fonts), which PurgeCSS does not read: it would drop them all.
    fontFace: false,
  });
  return minify(result.css).css;
}

/** The inputs' fingerprint: an unchanged build is not repeated (the tests call this each run). */
function inputsHash(bundleSources, publicFiles, content) {
  const h = createHash('sha256');
  h.update(readFileSync(__filename));
  for (const f of [...bundleSources, ...publicFiles, ...Object.values(PACKAGE_FILES), ...content])
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

async function buildAssets({ quiet = false } = {}) {
  const bundleSources = Object.values(BUNDLES).flat();
  const publicFiles = filesUnder(PUBLIC).filter((f) => !bundleSources.includes(f));
  const content = contentFiles();
  const fingerprint = inputsHash(bundleSources, publicFiles, content);
  if (existsSync(MANIFEST)) {
    const previous = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    if (previous.inputs === fingerprint) return previous;
  }

  const sources = content.map((f) => readFileSync(f, 'utf8'));
  const prefixes = dynamicClassPrefixes(sources);
  const allContent = sources.join('\n');
  const files = {};
  const outputs = [];
  for (const file of publicFiles) {
    const name = relative(PUBLIC, file).split(sep).join('/');
    const data = readFileSync(file);
    files[name] = hashedName(name, data);
    outputs.push([files[name], data]);
  }
  for (const [name, file] of Object.entries(PACKAGE_FILES)) {
    const data = readFileSync(file);
    files[name] = hashedName(name, data);
    outputs.push([files[name], data]);
  }
  for (const [name, sourceFiles] of Object.entries(BUNDLES)) {
    const css = linkHashedFiles(sourceFiles.map((f) => readFileSync(f, 'utf8')).join('\n'), files);
    const reduced = Buffer.from(await reduce(css, allContent, prefixes));
    files[name] = hashedName(name, reduced);
    outputs.push([files[name], reduced]);
    if (!quiet)
      console.log(
        `${name}: ${Math.round(Buffer.byteLength(css) / 1024)} KB -> ${Math.round(reduced.length / 1024)} KB`,
      );
  }

  rmSync(OUT, { recursive: true, force: true });
  for (const [name, data] of outputs) {
    mkdirSync(dirname(join(OUT, name)), { recursive: true });
    writeFileSync(join(OUT, name), data);
    // Compressed once here at the highest level, and sent as they are (@fastify/static's
    // preCompressed) to browsers that accept them.
    if (COMPRESSIBLE.includes(extname(name))) {
      const br = brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      });
      writeFileSync(join(OUT, `${name}.br`), br);
      writeFileSync(join(OUT, `${name}.gz`), gzipSync(data, { level: 9 }));
    }
  }
  const manifest = { inputs: fingerprint, files };
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (require.main === module)
  buildAssets().catch((err) => {
    console.error(err);
    process.exit(1);
  });

module.exports = { buildAssets, dynamicClassPrefixes };
