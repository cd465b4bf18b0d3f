import { describe, expect, it } from 'vitest';
import { withSavedSecrets } from '../../shared/chatSettings.js';
import { Command } from '../../shared/commands.js';

const SAVED = {
  slack: { appToken: 'xapp-saved', botToken: 'xoxb-saved' },
  youtube: { apiKey: 'saved-key' },
};
const SLACK = { channels: ['C0ASK'] };
const YOUTUBE = { video: 'dQw4w9WgXcQ' };

describe('chat settings saves keep the secrets they leave out', () => {
  it('a save without tokens or key is a valid command', () => {
    const parsed = Command.safeParse({ type: 'chatConfigure', settings: { slack: SLACK, youtube: YOUTUBE } });
    expect(parsed.success).toBe(true);
  });

  it('a token of the wrong kind is still refused when it is given', () => {
    const parsed = Command.safeParse({
      type: 'chatConfigure',
      settings: { slack: { ...SLACK, appToken: 'xoxb-wrong' }, youtube: null },
    });
    expect(parsed.success).toBe(false);
  });

  it('fills the saved tokens and key in, and keeps what the save typed', () => {
    expect(withSavedSecrets({ slack: SLACK, youtube: YOUTUBE }, SAVED)).toEqual({
      ok: true,
      settings: {
        slack: { ...SLACK, appToken: 'xapp-saved', botToken: 'xoxb-saved' },
        youtube: { ...YOUTUBE, apiKey: 'saved-key' },
      },
    });
    expect(
      withSavedSecrets(
        { slack: { ...SLACK, botToken: 'xoxb-new' }, youtube: { ...YOUTUBE, apiKey: 'new' } },
        SAVED,
      ),
    ).toEqual({
      ok: true,
      settings: {
        slack: { ...SLACK, appToken: 'xapp-saved', botToken: 'xoxb-new' },
        youtube: { ...YOUTUBE, apiKey: 'new' },
      },
    });
  });

  it('a new OAuth token replaces the saved API key instead of sending both', () => {
    const merged = withSavedSecrets(
      { slack: null, youtube: { ...YOUTUBE, oauthToken: 'ya29.token' } },
      SAVED,
    );
    expect(merged).toEqual({
      ok: true,
      settings: { slack: null, youtube: { ...YOUTUBE, oauthToken: 'ya29.token' } },
    });
  });

  it('says which secret is missing when nothing is saved', () => {
    const none = { slack: null, youtube: null };
    expect(withSavedSecrets({ slack: SLACK, youtube: null }, none)).toEqual({
      ok: false,
      error: 'Slack: the app-level token (xapp-…) is required',
    });
    expect(withSavedSecrets({ slack: { ...SLACK, appToken: 'xapp-1' }, youtube: null }, none)).toEqual({
      ok: false,
      error: 'Slack: the bot token (xoxb-…) is required',
    });
    expect(withSavedSecrets({ slack: null, youtube: YOUTUBE }, none)).toEqual({
      ok: false,
      error: 'YouTube: an API key or an OAuth token is required',
    });
  });

  it('never sends a saved secret to another API URL than the one it was saved for', () => {
    const evil = { slack: { ...SLACK, slackApiUrl: 'https://attacker.example/api/' }, youtube: null };
    expect(withSavedSecrets(evil, SAVED)).toEqual({
      ok: false,
      error:
        'Slack: the app-level token (xapp-…) is required (a saved one is kept only for the same API URL: type it again for the new URL)',
    });
    const elsewhere = { slack: null, youtube: { ...YOUTUBE, baseUrl: 'https://attacker.example/v3' } };
    expect(withSavedSecrets(elsewhere, SAVED)).toMatchObject({ ok: false, error: /YouTube: .*same API URL/ });
    // The same URL as saved keeps them.
    const saved = { ...SAVED, slack: { ...SAVED.slack, slackApiUrl: 'https://slack-gov.com/api/' } };
    const gov = { slack: { ...SLACK, slackApiUrl: 'https://slack-gov.com/api/' }, youtube: null };
    expect(withSavedSecrets(gov, saved)).toMatchObject({
      ok: true,
      settings: { slack: { appToken: 'xapp-saved' } },
    });
  });

  it('turning a source off needs no secrets', () => {
    expect(withSavedSecrets({ slack: null, youtube: null }, { slack: null, youtube: null })).toEqual({
      ok: true,
      settings: { slack: null, youtube: null },
    });
  });
});
