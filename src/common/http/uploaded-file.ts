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

/**
 * A file field of a route that takes large files (the import), as the multipart hook puts it on
 * the body: written to a file of its own as it arrives, never held in memory, and removed once
 * the response is sent.
 */
export interface StoredUpload {
  /** The name the browser gave; for messages and the audit trail only, never a path. */
  filename: string;
  /** Where the hook wrote it: a file of its own in the system's temporary folder. */
  path: string;
  /** Bytes written: at most the route's limit. */
  size: number;
  /** The file was larger than the route's limit and only its beginning was kept. */
  truncated: boolean;
}

export function isStoredUpload(value: unknown): value is StoredUpload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StoredUpload).path === 'string' &&
    typeof (value as StoredUpload).size === 'number' &&
    typeof (value as StoredUpload).truncated === 'boolean'
  );
}
