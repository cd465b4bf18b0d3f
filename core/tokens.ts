import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Role } from '../shared/roles.js';
import { ROLES } from '../shared/roles.js';
import { writeSecretJson } from './adapters/secretFile.js';

const TOKENS_FILE = 'tokens.json';
const TokensFile = z.object(
  Object.fromEntries(ROLES.map((role) => [role, z.string().min(16)])) as Record<Role, z.ZodString>,
);
export type RoleTokens = Record<Role, string>;

function newToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Hashing first makes every comparison the same length, so timing reveals neither length nor prefix. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * The per-show join tokens, one per role, kept in the show folder (mode 0600) so crew links
 * survive a restart. Lookups compare against every role in constant time.
 */
export class TokenStore extends EventEmitter<{ rotated: [Role] }> {
  private digests: Array<[Role, Buffer]>;

  private constructor(
    private readonly file: string,
    private tokens: RoleTokens,
  ) {
    super();
    this.digests = ROLES.map((role) => [role, digest(tokens[role])]);
  }

  static async open(showDir: string): Promise<TokenStore> {
    const file = path.join(showDir, TOKENS_FILE);
    let text: string | null = null;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === null) {
      const tokens = Object.fromEntries(ROLES.map((role) => [role, newToken()])) as RoleTokens;
      await writeTokens(file, tokens);
      return new TokenStore(file, tokens);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not valid JSON; fix it or delete it to issue new tokens`);
    }
    const result = TokensFile.safeParse(parsed);
    if (!result.success)
      throw new Error(`${file} is missing a token for some role; fix it or delete it to issue new tokens`);
    return new TokenStore(file, result.data);
  }

  /** The role a token grants, or null. Every role is compared so the time taken does not depend on which matched. */
  roleFor(token: string): Role | null {
    const candidate = digest(token);
    let found: Role | null = null;
    for (const [role, known] of this.digests) {
      if (timingSafeEqual(candidate, known) && found === null) found = role;
    }
    return found;
  }

  get all(): Readonly<RoleTokens> {
    return this.tokens;
  }

  /**
   * Takes another core's tokens as this one's (a backup following the primary), so the crew's
   * join links work here after a takeover. Written only when they differ.
   */
  async adopt(tokens: RoleTokens): Promise<void> {
    const parsed = TokensFile.parse(tokens);
    if (ROLES.every((role) => parsed[role] === this.tokens[role])) return;
    await writeTokens(this.file, parsed);
    this.tokens = parsed;
    this.digests = ROLES.map((r) => [r, digest(parsed[r])]);
  }

  /** Issues a new token for a role (its holders can no longer connect); `rotated` tells whoever hands tokens out. */
  async rotate(role: Role): Promise<string> {
    const tokens = { ...this.tokens, [role]: newToken() };
    await writeTokens(this.file, tokens);
    this.tokens = tokens;
    this.digests = ROLES.map((r) => [r, digest(tokens[r])]);
    this.emit('rotated', role);
    return tokens[role];
  }
}

/** Durable before it resolves: a revoke is acknowledged only once the old token is gone from disk. */
function writeTokens(file: string, tokens: RoleTokens): Promise<void> {
  return writeSecretJson(file, tokens);
}
