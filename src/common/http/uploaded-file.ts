/**
 * A file field as the multipart hook in app.factory.ts puts it on the body. Only the routes that
 * app.factory.ts lists take one, each with its own size limit.
 */
export interface UploadedFile {
  /** The name the browser gave; for messages and the audit trail only, never a path. */
  filename: string;
  bytes: Buffer;
  /** The file was larger than the route's limit and only its beginning was kept. */
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
