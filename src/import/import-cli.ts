import { basename } from 'node:path';
import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { CliCommand } from '../cli.module';
import { operatorContext } from '../common/request-context';
import { PublicationService } from '../publications/publication.service';
import { ImportAudit } from './import-audit';
import { ImportInputError } from './import-input-error';
import { formatReport } from './import-report';
import { ImportService } from './import.service';

/**
 * The services of an import and nothing else: not the admin page's controller, nor the modules
 * whose controllers load the OpenAPI decorators. Its code loads in 0.75 s where the app's
 * modules (cli-commands.ts) took 1.3-1.9 s.
 */
@Module({ providers: [ImportService, ImportAudit, PublicationService, AuditService] })
class ImportCommandModule {}

/**
 * `npm run import -- FILE [--organisation NAME]`, audited like the admin page's import with the
 * operator as its actor (no user).
 */
export const importCommand: CliCommand = {
  imports: [ImportCommandModule],
  run: runImportCommand,
};

export async function runImportCommand(
  app: INestApplicationContext,
  args: string[],
): Promise<void> {
  const orgIndex = args.indexOf('--organisation');
  const organisation = orgIndex >= 0 ? args[orgIndex + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (orgIndex < 0 || i !== orgIndex + 1));
  if (!file || (orgIndex >= 0 && !organisation)) {
    console.error('Usage: npm run import -- FILE [--organisation NAME]');
    process.exitCode = 2;
    return;
  }
  const service = app.get(ImportService);
  const tty = process.stderr.isTTY;
  try {
    const report = await service.importFile(
      operatorContext(),
      { path: file },
      {
        organisation,
        filename: basename(file),
        onProgress: (done, total) => {
          const line = `importing ${done}/${total}`;
          if (tty) process.stderr.write(`\r${line}`);
          else if (done % 500 === 0) process.stderr.write(`${line}\n`);
        },
      },
    );
    if (tty) process.stderr.write('\r\x1b[K');
    for (const line of formatReport(report)) console.log(line);
  } catch (err) {
    if (tty) process.stderr.write('\n');
    if (err instanceof ImportInputError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    // The file cannot be opened or read (no such file, no permission): a system call failed.
    if ((err as NodeJS.ErrnoException).syscall) {
      console.error(`Cannot read ${file}: ${(err as Error).message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
