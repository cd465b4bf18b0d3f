/** The import format a file name's extension implies, or null for anything else (or no extension). */
export function importFormatOf(fileName: string): 'csv' | 'json' | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const extension = fileName.slice(dot + 1).toLowerCase();
  return extension === 'csv' || extension === 'json' ? extension : null;
}
