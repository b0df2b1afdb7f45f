import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/common/project-root';
import { compiledApp } from './compiled';

const execFileAsync = promisify(execFile);

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * An operator command (`src/cli.ts`) as it runs from the terminal, compiled as `npm run build`
 * compiles it but without the type check (./compiled.ts). The test's own DATABASE_URL is not
 * inherited: pass the database in `env`.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const node = [join(compiledApp(), 'src', 'cli.js'), ...args];
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, node, {
      cwd: PROJECT_ROOT,
      env: { ...inherited, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
