/** The largest file the admin page takes; app.factory.ts gives @fastify/multipart this limit. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

/** The file field as the multipart hook in app.factory.ts puts it on the body. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  /** The file was larger than IMPORT_MAX_BYTES and only its beginning was read. */
  truncated: boolean;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    Buffer.isBuffer((value as UploadedFile).bytes) &&
    typeof (value as UploadedFile).truncated === 'boolean'
  );
}
