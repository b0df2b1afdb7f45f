import type { EvidenceType } from './entities/condition-report.entity';

/**
 * The kinds of evidence document taken, each recognised by the bytes it starts with, never by its
 * name or the type the browser claims: a PDF renamed .exe is a PDF, an executable renamed .pdf is
 * refused. PDF for reports and letters, PNG and JPEG for a photo or a screenshot; nothing that a
 * browser would run or render as a page. They are only ever served as a download.
 */
const SIGNATURES: [EvidenceType, number[], string][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d], 'pdf'], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
  ['image/jpeg', [0xff, 0xd8, 0xff], 'jpg'],
];

export function evidenceType(bytes: Buffer): EvidenceType | null {
  const found = SIGNATURES.find(([, magic]) => magic.every((b, i) => bytes[i] === b));
  return found ? found[0] : null;
}

export function evidenceExtension(type: EvidenceType): string {
  return SIGNATURES.find(([t]) => t === type)![2];
}

/**
 * The name a download gets: made from the condition and report ids and the type, so that nothing
 * a person typed or a file was called ends up in a header or a file system.
 */
export function evidenceDownloadName(
  conditionId: number,
  reportId: number,
  type: EvidenceType,
): string {
  return `voorwaarde-${conditionId}-bewijs-${reportId}.${evidenceExtension(type)}`;
}
