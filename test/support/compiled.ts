import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { prepareTestCache, testCacheDir } from './test-cache';

/**
 * The app's TypeScript as JavaScript, for the tests that start it as a process of its own (the
 * command line, the cluster). ts-node compiled the app's files again in every process: about
 * 6 s of CPU before a command that then ran in 2, and cli.e2e-spec.ts, with its two dozen
 * commands, was 300 s of CI's 490 per suite. Here each file is compiled once, on its own, as
 * ts-node's transpile-only mode and ts-jest do (and as `isolatedModules` promises is enough),
 * with the options of tsconfig.json; the type check is `npm run lint`'s `tsc --noEmit`.
 *
 * The copy sits under node_modules/.cache, named by a hash of the sources and the compiler, so a
 * second run and the PostgreSQL suite reuse it and a change to any file makes a new one. The
 * compiled files find the project's package.json above them (PROJECT_ROOT), so views, messages
 * and seeds are read from the checkout as from dist/.
 */
const SOURCE_DIRS = ['src', 'seeds'];
const CACHE = testCacheDir('waarborg-compiled');

let compiled: string | undefined;

/** The folder holding the compiled `src/` and `seeds/`; made on the first call. */
export function compiledApp(): string {
  if (compiled) return compiled;
  const options = compilerOptions();
  const hash = createHash('sha256').update(ts.version).update(JSON.stringify(options));
  const sources = SOURCE_DIRS.flatMap((d) => typeScriptFiles(join(PROJECT_ROOT, d))).map((file) => {
    const text = readFileSync(file, 'utf8');
    hash.update(relative(PROJECT_ROOT, file)).update('\0').update(text).update('\0');
    return { file, text };
  });
  const dir = join(CACHE, hash.digest('hex').slice(0, 16));
  if (!existsSync(dir)) {
    prepareTestCache(CACHE);
    // Written aside and renamed: two Jest workers may compile at once, and neither sees half.
    const temp = mkdtempSync(join(CACHE, 'tmp-'));
    for (const { file, text } of sources) {
      const out = join(temp, relative(PROJECT_ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(
        out,
        ts.transpileModule(text, { fileName: file, compilerOptions: options }).outputText,
      );
    }
    try {
      renameSync(temp, dir);
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(dir)) throw err;
    }
  }
  return (compiled = dir);
}

/** tsconfig.json's options, for CommonJS files (the package has no "type": "module"). */
function compilerOptions(): ts.CompilerOptions {
  const path = join(PROJECT_ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(path, (p) => ts.sys.readFile(p));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, PROJECT_ROOT);
  return { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, incremental: false };
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return typeScriptFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}
