import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ConnectionTarget } from '../connectionTarget.js';

/** Fetches from the core's HTTP API with this screen's token (the report exports, a workbook's sheets). */
export type CoreFetch = (path: string, post?: { json: unknown }) => Promise<Response>;

const CoreFetchContext = createContext<CoreFetch | null>(null);

export function CoreFetchProvider({ target, children }: { target: ConnectionTarget; children: ReactNode }) {
  const fetchFromCore: CoreFetch = (path, post) =>
    fetch(new URL(path, target.url ?? window.location.origin), {
      headers: {
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(post ? { 'content-type': 'application/json' } : {}),
      },
      cache: 'no-store',
      ...(post ? { method: 'POST', body: JSON.stringify(post.json) } : {}),
    });
  return <CoreFetchContext.Provider value={fetchFromCore}>{children}</CoreFetchContext.Provider>;
}

export function useCoreFetch(): CoreFetch | null {
  return useContext(CoreFetchContext);
}

/** The file name from `Content-Disposition: attachment; filename="…"`, or the fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(header ?? '');
  return match?.[1] ?? fallback;
}

/** Hands a fetched file to the browser as a download (a save dialog in Electron). */
export async function saveResponse(response: Response, fallbackName: string): Promise<string> {
  const name = attachmentName(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
  } finally {
    // The click has started the download; the blob can go once this task ends.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}
