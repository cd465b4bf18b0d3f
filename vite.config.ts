import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';

/**
 * The core serves the UI with a strict CSP header; a copy in a meta tag keeps the same policy
 * when Electron loads the files from disk. Only in the build: the dev server injects inline
 * scripts (React refresh) that this policy would block. Loaded from file:, 'self' is not the
 * core, so the loopback core is named explicitly.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss: http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'showcaller-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

const CORE_DEV_URL = 'http://127.0.0.1:4747';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs, so the same build works served by the core and loaded from file:.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron's Chromium and any current crew browser.
    target: 'es2022',
    // The build must not inline assets as data: URLs into CSS/JS, nor need anything at runtime.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      '/socket.io': { target: CORE_DEV_URL, ws: true },
      '/api': { target: CORE_DEV_URL },
    },
  },
});
