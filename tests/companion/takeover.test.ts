import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatJoinLink } from '../../shared/joinLink.js';
import { tempDir } from '../core/harness.js';
import { servePrimaryAndBackup } from '../core/serveProcess.js';
import { CompanionHost, MODULE_DIR } from './companionHost.js';

/** The deck follows a backup takeover as the screens do: the join link's `cores` list. */

const ENTRY = path.join(MODULE_DIR, 'src', 'main.ts');
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('Companion module across a backup takeover', () => {
  it('moves to the promoted backup after kill -9 of the primary and runs the show there', async () => {
    const dirA = tempDir('showcaller-companion-a-');
    const dirB = tempDir('showcaller-companion-b-');
    cleanups.push(dirA.remove, dirB.remove);
    const { primary, primaryUrl, backupUrl } = await servePrimaryAndBackup(
      { primary: dirA.dir, backup: dirB.dir },
      children,
    );
    const token = primary.tokens.producer!;
    const host = new CompanionHost(ENTRY, ['--import', 'tsx']);
    cleanups.push(() => host.destroy());
    await host.init({}, { joinLink: formatJoinLink({ token, cores: [primaryUrl, backupUrl] }) });
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    expect(host.logs.join('\n')).toContain(primaryUrl);

    expect(await host.press('next')).toMatchObject({ success: true });
    expect(await host.press('addMinute')).toMatchObject({ success: true });
    await expect.poll(() => host.variables.current_title).not.toBe('');
    const title = host.variables.current_title;

    primary.child.kill('SIGKILL');
    await expect.poll(() => host.lastStatus?.status).toBe('disconnected');
    const promoted = await fetch(`${backupUrl}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${primary.tokens.backup}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'promote' }),
    });
    expect(promoted.status).toBe(200);
    const promotedAt = Date.now();

    // On the promoted backup: the same show, the backup operator holds control.
    await expect.poll(() => host.logs.some((line) => line.includes(`moving to ${backupUrl}`))).toBe(true);
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    console.log(`[companion] on the promoted backup ${Date.now() - promotedAt} ms after promote`);
    // On another core the replica starts over from its snapshot: its seq is not the old core's.
    expect(host.logs.some((line) => line.includes(`from ${backupUrl}`) && line.includes('snapshot of'))).toBe(
      true,
    );
    await expect.poll(() => host.variables.control_holder).toBe('backup');
    expect(host.variables.current_title).toBe(title);
    // The producer's deck takes control back there and goes on with the show.
    expect(await host.press('takeControl')).toMatchObject({ success: true });
    expect(await host.press('next')).toMatchObject({ success: true });
    await expect.poll(() => host.variables.current_title).not.toBe(title);
    await expect.poll(() => host.variables.control_holder).toBe('Stream Deck');
    for (const line of [...host.logs, ...host.statuses.map((s) => s.message ?? '')])
      expect(line).not.toContain(token);
  });
});
