import type { DesktopBridge } from '../shared/desktopBridge.js';

/**
 * The Electron preload's `window.showcaller` (contract in shared/desktopBridge.ts). In a crew
 * browser it is absent and the page takes the core from its own origin and `?token=`.
 */
declare global {
  interface Window {
    showcaller?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.showcaller ? window.showcaller : null;
}
