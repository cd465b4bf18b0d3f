import { useState } from 'react';
import { SlackSettingsUpdate, YouTubeSettingsUpdate } from '../../shared/chatSettings.js';
import { describeZodError } from '../../shared/zodErrors.js';
import type { QuotaPriority } from '../../shared/youtubeQuota.js';
import { QUOTA_PRIORITIES } from '../../shared/youtubeQuota.js';
import { CommandDialog } from '../common/CommandDialog.js';
import type { CommandDialogSubmit } from '../common/CommandDialog.js';
import { TextField } from '../common/TextField.js';
import { useOpenDialog } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { quotaLine } from './feedView.js';

export function ChatSettingsDialog() {
  return useOpenDialog() === 'chatSettings' ? <ChatSettingsForm /> : null;
}

const PRIORITY_WORDS: Record<QuotaPriority, string> = {
  speed: 'Speed: poll as often as YouTube allows',
  balanced: 'Balanced',
  duration: 'Duration: make the quota last the show',
};

const seconds = (ms: number | undefined, fallback: number): string => String((ms ?? fallback) / 1000);
const toMs = (text: string): number => Math.round(Number(text) * 1000);
const channelList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((c) => c.trim())
    .filter(Boolean);

/**
 * Slack and YouTube for this core. Tokens and keys are write-only: the core never sends them
 * back. A saved one is kept when its field is left empty, so a producer changes a channel
 * without digging the tokens out again. An unticked source is turned off.
 */
function ChatSettingsForm() {
  const saved = useShowStore((s) => s.chat?.settings ?? null);
  const youtubeStatus = useShowStore((s) => s.chat?.sources.find((x) => x.source === 'youtube') ?? null);
  const savedSlack = saved?.slack ?? null;
  const savedYoutube = saved?.youtube ?? null;
  const [slackOn, setSlackOn] = useState(savedSlack !== null);
  const [appToken, setAppToken] = useState('');
  const [botToken, setBotToken] = useState('');
  const [channels, setChannels] = useState(savedSlack?.channels.join(', ') ?? '');
  const [reaction, setReaction] = useState(savedSlack?.questionReaction ?? 'question');
  const [slackApiUrl, setSlackApiUrl] = useState(savedSlack?.slackApiUrl ?? '');
  const [initialBackfill, setInitialBackfill] = useState(String(savedSlack?.initialBackfill ?? 100));
  const [lookback, setLookback] = useState(String(savedSlack?.threadLookbackMinutes ?? 120));
  const [youtubeOn, setYoutubeOn] = useState(savedYoutube !== null);
  const [auth, setAuth] = useState<'apiKey' | 'oauth'>(savedYoutube?.auth ?? 'apiKey');
  const [secret, setSecret] = useState('');
  const [video, setVideo] = useState(savedYoutube?.video ?? '');
  const [priority, setPriority] = useState<QuotaPriority>(
    (QUOTA_PRIORITIES as readonly string[]).includes(savedYoutube?.priority ?? '')
      ? (savedYoutube!.priority as QuotaPriority)
      : 'duration',
  );
  const [dailyQuota, setDailyQuota] = useState(String(savedYoutube?.dailyQuota ?? 10_000));
  const [minInterval, setMinInterval] = useState(seconds(savedYoutube?.minIntervalMs, 1_000));
  const [maxInterval, setMaxInterval] = useState(seconds(savedYoutube?.maxIntervalMs, 60_000));
  const [liveCheck, setLiveCheck] = useState(seconds(savedYoutube?.liveCheckIntervalMs, 60_000));
  const [youtubeUrl, setYoutubeUrl] = useState(savedYoutube?.baseUrl ?? '');
  const close = () => showStore.getState().setOpenDialog(null);
  const quota = youtubeStatus ? quotaLine(youtubeStatus) : null;
  // A saved secret is kept only while the way of signing in stays the same.
  const secretSaved = savedYoutube !== null && savedYoutube.auth === auth;

  const save: CommandDialogSubmit = () => {
    const slack = slackOn
      ? SlackSettingsUpdate.safeParse({
          appToken: appToken.trim() || undefined,
          botToken: botToken.trim() || undefined,
          channels: channelList(channels),
          questionReaction: reaction,
          slackApiUrl: slackApiUrl.trim() || undefined,
          initialBackfill: Number(initialBackfill),
          threadLookbackMinutes: Number(lookback),
        })
      : null;
    const typed = secret.trim() || undefined;
    if (youtubeOn && !typed && !secretSaved) {
      return `YouTube: ${auth === 'apiKey' ? 'the Data API key' : 'the OAuth token'} is required`;
    }
    const youtube = youtubeOn
      ? YouTubeSettingsUpdate.safeParse({
          ...(auth === 'apiKey' ? { apiKey: typed } : { oauthToken: typed }),
          video,
          priority,
          dailyQuota: Number(dailyQuota),
          minIntervalMs: toMs(minInterval),
          maxIntervalMs: toMs(maxInterval),
          liveCheckIntervalMs: toMs(liveCheck),
          baseUrl: youtubeUrl.trim() || undefined,
        })
      : null;
    if (slack && !slack.success) return `Slack: ${describeZodError(slack.error)}`;
    if (youtube && !youtube.success) return `YouTube: ${describeZodError(youtube.error)}`;
    return {
      type: 'chatConfigure',
      settings: { slack: slack ? slack.data : null, youtube: youtube ? youtube.data : null },
    };
  };

  const keepHint = (isSaved: boolean) =>
    isSaved ? 'Saved on this computer. Leave empty to keep it; type a new one to replace it.' : undefined;

  return (
    <CommandDialog
      headingId="chat-settings-heading"
      heading="Chat sources"
      onClose={close}
      onSubmit={save}
      className="editor--narrow chat-settings"
      autoComplete="off"
      label="Save"
      busyLabel="Saving…"
    >
      <p className="editor__intro">
        Tokens and keys stay on this computer and are never shown again. A saved one is kept when its field is
        left empty.
      </p>
      <fieldset className="chat-settings__group">
        <legend>
          <label>
            <input type="checkbox" checked={slackOn} onChange={(e) => setSlackOn(e.target.checked)} /> Slack
          </label>
        </legend>
        <TextField
          label="App-level token (xapp-…)"
          type="password"
          disabled={!slackOn}
          value={appToken}
          onChange={setAppToken}
          badge={savedSlack ? 'saved' : null}
          hint={keepHint(savedSlack !== null)}
        />
        <TextField
          label="Bot token (xoxb-…)"
          type="password"
          disabled={!slackOn}
          value={botToken}
          onChange={setBotToken}
          badge={savedSlack ? 'saved' : null}
        />
        <TextField
          label="Channel ids (C0123ABCD, comma-separated)"
          disabled={!slackOn}
          value={channels}
          onChange={setChannels}
        />
        <TextField label="Question reaction" disabled={!slackOn} value={reaction} onChange={setReaction} />
        <details className="chat-settings__advanced">
          <summary>Advanced</summary>
          <TextField
            label="Web API URL"
            type="url"
            disabled={!slackOn}
            value={slackApiUrl}
            onChange={setSlackApiUrl}
            placeholder="https://slack.com/api/"
            hint="Only for a Slack that is not slack.com, such as GovSlack (https://slack-gov.com/api/)."
          />
          <TextField
            label="Messages to load on the very first start (per channel)"
            type="number"
            min={0}
            max={1000}
            disabled={!slackOn}
            value={initialBackfill}
            onChange={setInitialBackfill}
          />
          <TextField
            label="Threads to re-check after a gap (minutes back)"
            type="number"
            min={0}
            max={1440}
            disabled={!slackOn}
            value={lookback}
            onChange={setLookback}
          />
        </details>
      </fieldset>
      <fieldset className="chat-settings__group">
        <legend>
          <label>
            <input type="checkbox" checked={youtubeOn} onChange={(e) => setYoutubeOn(e.target.checked)} />{' '}
            YouTube
          </label>
        </legend>
        <label className="field">
          <span className="field__label">Sign in to YouTube with</span>
          <select
            className="input"
            disabled={!youtubeOn}
            value={auth}
            onChange={(e) => setAuth(e.target.value === 'oauth' ? 'oauth' : 'apiKey')}
          >
            <option value="apiKey">an API key (public streams)</option>
            <option value="oauth">an OAuth access token</option>
          </select>
        </label>
        <TextField
          label={auth === 'apiKey' ? 'Data API key' : 'OAuth access token'}
          type="password"
          disabled={!youtubeOn}
          value={secret}
          onChange={setSecret}
          badge={secretSaved ? 'saved' : null}
          hint={keepHint(secretSaved)}
        />
        <TextField label="Stream URL or video id" disabled={!youtubeOn} value={video} onChange={setVideo} />
        <label className="field">
          <span className="field__label">Polling</span>
          <select
            className="input"
            disabled={!youtubeOn}
            value={priority}
            onChange={(e) => setPriority(e.target.value as QuotaPriority)}
          >
            {QUOTA_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_WORDS[p]}
              </option>
            ))}
          </select>
        </label>
        <p className="chat-settings__quota">{quota ? `Quota now: ${quota}` : 'Quota: not polling yet.'}</p>
        <details className="chat-settings__advanced">
          <summary>Advanced</summary>
          <TextField
            label="Daily quota (units)"
            type="number"
            min={1}
            disabled={!youtubeOn}
            value={dailyQuota}
            onChange={setDailyQuota}
            hint="10,000 unless Google granted the project more."
          />
          <TextField
            label="Fastest polling (seconds)"
            type="number"
            min={0}
            step="any"
            disabled={!youtubeOn}
            value={minInterval}
            onChange={setMinInterval}
            hint="YouTube's own minimum interval always applies too."
          />
          <TextField
            label="Slowest polling (seconds)"
            type="number"
            min={1}
            step="any"
            disabled={!youtubeOn}
            value={maxInterval}
            onChange={setMaxInterval}
          />
          <TextField
            label="Before the stream starts, look every (seconds)"
            type="number"
            min={1}
            step="any"
            disabled={!youtubeOn}
            value={liveCheck}
            onChange={setLiveCheck}
          />
          <TextField
            label="Data API URL"
            type="url"
            disabled={!youtubeOn}
            value={youtubeUrl}
            onChange={setYoutubeUrl}
            placeholder="https://www.googleapis.com/youtube/v3"
            hint="Only behind an API gateway or proxy."
          />
        </details>
      </fieldset>
    </CommandDialog>
  );
}
