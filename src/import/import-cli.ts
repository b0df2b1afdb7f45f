import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { ImportFileError } from './import-formats';
import { formatReport, ImportService } from './import.service';

/** `npm run import -- FILE [--organisation NAME]` */
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    console.error(`Cannot read ${file}: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const service = app.get(ImportService);
  const tty = process.stderr.isTTY;
  try {
    const report = await service.importBuffer(bytes, {
      organisation,
      onProgress: (done, total) => {
        const line = `importing ${done}/${total}`;
        if (tty) process.stderr.write(`\r${line}`);
        else if (done % 500 === 0) process.stderr.write(`${line}\n`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    for (const line of formatReport(report)) console.log(line);
  } catch (err) {
    if (tty) process.stderr.write('\n');
    if (err instanceof ImportFileError) {
      console.error(`Nothing imported: ${err.reason}.`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
