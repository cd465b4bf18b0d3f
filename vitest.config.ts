import { defineConfig } from 'vitest/config';

// One `npm test` for every runtime: pure shared logic, the Node core (with real sockets and
// real child processes), and end-to-end runs in real Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['tests/shared/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'architecture', include: ['tests/architecture/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'chat',
          include: ['tests/chat/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      { test: { name: 'renderer', include: ['tests/renderer/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'electron', include: ['tests/electron/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'core',
          include: ['tests/core/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // The Companion module in its own process, against real cores (companion-module/).
          name: 'companion',
          include: ['tests/companion/**/*.test.ts'],
          environment: 'node',
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'obs',
          // Real OBS and real Chromium on a shared 2-core machine: waits for a state to appear
          // get seconds, not vitest's default second. (A wait, not a timing assertion.)
          expect: { poll: { timeout: 10_000 } },
          include: ['tests/obs/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          expect: { poll: { timeout: 10_000 } },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
