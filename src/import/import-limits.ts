/** The largest file the admin import page takes; app.factory.ts gives its route this limit. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
