/** The largest file an import takes, uploaded or on disk; app.factory.ts gives @fastify/multipart this limit. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * The file field as the multipart hook in app.factory.ts puts it on the body: written to a file
 * of its own as it arrives, never held in memory, and removed once the response is sent.
 */
export interface UploadedFile {
  filename: string;
  path: string;
  size: number;
  /** The file was larger than IMPORT_MAX_BYTES and only its beginning was read. */
  truncated: boolean;
  /** False when the body broke off before the form's end: what came of the file is not all of it. */
  complete: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UploadedFile).path === 'string' &&
    typeof (value as UploadedFile).truncated === 'boolean' &&
    typeof (value as UploadedFile).complete === 'boolean'
  );
}
