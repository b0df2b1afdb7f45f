import type { ImportFormat } from './import-formats';
import type { ImportProblem } from './import-records';

/** What an import did, for the admin page and the command line. */
export interface ImportReport {
  format: ImportFormat;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  problems: ImportProblem[];
  organisationsCreated: number;
  ms: number;
}

/** The report as lines for people: the problems, then the counts. */
export function formatReport(report: ImportReport): string[] {
  const lines = report.problems.map(
    (p) => `${p.refused ? 'refused' : 'left out'}: ${p.id}: ${p.field}: ${p.reason}`,
  );
  lines.push(
    `${report.format}: ${report.total} entries read in ${(report.ms / 1000).toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused` +
      (report.organisationsCreated
        ? ` (${report.organisationsCreated} organisations created)`
        : ''),
  );
  return lines;
}
