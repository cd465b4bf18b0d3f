import type { ClockReport, CrewMember } from '../shared/crew.js';
import { MAX_CLIENT_NAME_CHARS } from '../shared/joinLink.js';
import type { Role } from '../shared/roles.js';
import { ROLES } from '../shared/roles.js';

/** A name a screen gave itself: printable, trimmed, short. Null when there is nothing left. */
export function cleanClientName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, MAX_CLIENT_NAME_CHARS);
  return cleaned.length > 0 ? cleaned : null;
}

/** "Firefox on Windows": enough to tell two unnamed screens apart in the crew list. */
export function describeUserAgent(userAgent: string | undefined): string {
  if (!userAgent) return 'unnamed client';
  const browser = /OBS\//.test(userAgent)
    ? 'OBS'
    : /Edg\//.test(userAgent)
      ? 'Edge'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Electron\//.test(userAgent)
          ? 'Showcaller app'
          : /Chrom(e|ium)\//.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : /^node|undici/i.test(userAgent)
                ? 'script'
                : 'browser';
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Mac OS X|Macintosh/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null;
  return system ? `${browser} on ${system}` : browser;
}

/**
 * Who is connected right now. Live state only: it starts empty with every core and is never
 * journaled. The hub tells it about connections, messages and clock reports.
 */
export class CrewPresence {
  private readonly members = new Map<string, CrewMember>();

  join(member: { clientId: string; name: string; role: Role; address: string; at: number }): void {
    this.members.set(member.clientId, {
      clientId: member.clientId,
      name: member.name,
      role: member.role,
      address: member.address,
      connectedAt: member.at,
      lastSeenAt: member.at,
      clockOffsetMs: null,
      clockRttMs: null,
    });
  }

  /** Returns false for a client that is not (or no longer) here. */
  seen(clientId: string, at: number): boolean {
    const member = this.members.get(clientId);
    if (!member) return false;
    member.lastSeenAt = Math.max(member.lastSeenAt, at);
    return true;
  }

  report(clientId: string, report: ClockReport, at: number): boolean {
    const member = this.members.get(clientId);
    if (!member) return false;
    member.clockOffsetMs = Math.round(report.offsetMs);
    member.clockRttMs = report.rttMs === null ? null : Math.round(report.rttMs);
    member.lastSeenAt = Math.max(member.lastSeenAt, at);
    return true;
  }

  leave(clientId: string): CrewMember | null {
    const member = this.members.get(clientId) ?? null;
    this.members.delete(clientId);
    return member;
  }

  get(clientId: string): CrewMember | null {
    return this.members.get(clientId) ?? null;
  }

  /** Copies, by role (producer first) then by who came first. */
  list(): CrewMember[] {
    return [...this.members.values()]
      .map((member) => ({ ...member }))
      .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.connectedAt - b.connectedAt);
  }
}
