/** The import format a file name's extension implies, or null for anything else (or no extension). */
export function importFormatOf(fileName: string): 'csv' | 'json' | 'xlsx' | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const extension = fileName.slice(dot + 1).toLowerCase();
  return extension === 'csv' || extension === 'json' || extension === 'xlsx' ? extension : null;
}

/** A file's bytes as base64, how an .xlsx travels to the core (which reads it: core/xlsx/). */
export function base64Of(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  // In chunks: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
