/**
 * Slack's timestamps, ids and mrkdwn, turned into what the chat feed shows. Pure functions: no
 * I/O, no clock.
 */

// ---------------------------------------------------------------------------------------------
// Timestamps. A Slack `ts` ("1355517523.000005", seconds.micros) is both a message's id within
// its channel and the moment it was sent. Compared as numbers, never as floats or plain strings.

export const SLACK_TS = /^\d{1,12}\.\d{1,9}$/;

function splitTs(ts: string): [number, number] {
  const dot = ts.indexOf('.');
  const seconds = Number(dot === -1 ? ts : ts.slice(0, dot));
  const fraction = dot === -1 ? '' : ts.slice(dot + 1);
  const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
  return [seconds, micros];
}

/** Negative when a is earlier than b, 0 when equal, positive when later. */
export function compareTs(a: string, b: string): number {
  const [as, au] = splitTs(a);
  const [bs, bu] = splitTs(b);
  return as !== bs ? as - bs : au - bu;
}

export function maxTs(a: string | null | undefined, b: string): string {
  return a == null || compareTs(b, a) > 0 ? b : a;
}

/** Epoch milliseconds (integer) of a Slack ts. */
export function tsToMs(ts: string): number {
  const [seconds, micros] = splitTs(ts);
  return seconds * 1000 + Math.floor(micros / 1000);
}

/** A ts `seconds` earlier, for looking back from a last-seen position. */
export function tsMinusSeconds(ts: string, seconds: number): string {
  const [s, u] = splitTs(ts);
  return `${Math.max(0, s - seconds)}.${String(u).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Ids and links

export function slackMessageId(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

/**
 * The web link Slack's own "Copy link" gives, built without an API call:
 * `<workspace url>/archives/<channel>/p<ts without the dot>`, plus the thread for a reply.
 * `workspaceUrl` is auth.test's `url` ("https://normconf.slack.com/"); null when unknown.
 */
export function slackPermalink(
  workspaceUrl: string | null,
  channel: string,
  ts: string,
  threadTs: string | null,
): string | null {
  if (!workspaceUrl) return null;
  const base = workspaceUrl.replace(/\/+$/, '');
  const link = `${base}/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${link}?thread_ts=${threadTs}&cid=${channel}` : link;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Slack escapes exactly these three in message text; everything else is literal. */
function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
  );
}

export interface MrkdwnNames {
  /** A display name already known (cached), or undefined: never triggers a lookup. */
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const SPECIAL_MENTIONS: Record<string, string> = {
  here: '@here',
  channel: '@channel',
  everyone: '@everyone',
};

/** One `<…>` control sequence of Slack's mrkdwn, as plain text. */
function controlToText(inner: string, names: MrkdwnNames): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(inner.slice(bar + 1));
  switch (target[0]) {
    case '@': {
      const id = target.slice(1);
      return `@${names.user(id) ?? (label.replace(/^@/, '') || id)}`;
    }
    case '#': {
      const id = target.slice(1);
      return `#${label.replace(/^#/, '') || names.channel(id) || id}`;
    }
    case '!': {
      const command = target.slice(1);
      const special = SPECIAL_MENTIONS[command];
      if (special) return special;
      if (label) return label; // <!subteam^S123|@team>, <!date^…|fallback>
      return `@${command.split('^')[0] ?? command}`;
    }
    case undefined:
    default: {
      const url = decodeEntities(target);
      if (!label) return url.replace(/^mailto:/, '');
      const bare = url.replace(/^mailto:/, '').replace(/^https?:\/\//, '');
      if (label === url || label === bare || `${label}/` === bare) return label;
      return `${label} (${url})`;
    }
  }
}

/**
 * Slack mrkdwn as plain text: `<@U123>` → "@Ada" (when the name is cached), `<#C123|name>` →
 * "#name", `<https://x|label>` → "label (https://x)", `<!here>` → "@here", and the three
 * entities decoded. Bold/italic markers and `:emoji:` codes stay as typed: screens render the
 * result as text, never as HTML or markdown.
 */
export function slackToPlain(text: string, names: MrkdwnNames): string {
  let out = '';
  let last = 0;
  const control = /<([^<>\n]*)>/g;
  for (let match = control.exec(text); match; match = control.exec(text)) {
    out += decodeEntities(text.slice(last, match.index));
    out += controlToText(match[1] ?? '', names);
    last = match.index + match[0].length;
  }
  return out + decodeEntities(text.slice(last));
}

/** Skin tones are variants of one reaction: ":+1::skin-tone-3:" counts as "+1". */
export function baseReaction(name: string): string {
  return name.replace(/::skin-tone-\d+$/, '');
}
