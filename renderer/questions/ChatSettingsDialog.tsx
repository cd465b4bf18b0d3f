import { DialogFooter } from '../common/DialogFooter.js';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { SlackSettings, YouTubeSettings } from '../../shared/chatSettings.js';
import { describeZodError } from '../../shared/commands.js';
import type { QuotaPriority } from '../../shared/youtubeQuota.js';
import { QUOTA_PRIORITIES } from '../../shared/youtubeQuota.js';
import { ModalDialog } from '../common/ModalDialog.js';
import { useSendCommand } from '../connection/commandContext.js';
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

/**
 * Slack and YouTube for this core. Tokens and keys are write-only: the core never sends them
 * back, so every save needs them typed again (the form says so). An unticked source is turned off.
 */
function ChatSettingsForm() {
  const send = useSendCommand();
  const saved = useShowStore((s) => s.chat?.settings ?? null);
  const youtubeStatus = useShowStore((s) => s.chat?.sources.find((x) => x.source === 'youtube') ?? null);
  const [slackOn, setSlackOn] = useState(saved?.slack != null);
  const [appToken, setAppToken] = useState('');
  const [botToken, setBotToken] = useState('');
  const [channels, setChannels] = useState(saved?.slack?.channels.join(', ') ?? '');
  const [reaction, setReaction] = useState(saved?.slack?.questionReaction ?? 'question');
  const [youtubeOn, setYoutubeOn] = useState(saved?.youtube != null);
  const [apiKey, setApiKey] = useState('');
  const [video, setVideo] = useState(saved?.youtube?.video ?? '');
  const [priority, setPriority] = useState<QuotaPriority>(
    (QUOTA_PRIORITIES as readonly string[]).includes(saved?.youtube?.priority ?? '')
      ? (saved!.youtube!.priority as QuotaPriority)
      : 'duration',
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const close = () => showStore.getState().setOpenDialog(null);
  const quota = youtubeStatus ? quotaLine(youtubeStatus) : null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const slack = slackOn
      ? SlackSettings.safeParse({
          appToken,
          botToken,
          channels: channels
            .split(/[\s,]+/)
            .map((c) => c.trim())
            .filter(Boolean),
          questionReaction: reaction,
        })
      : null;
    const youtube = youtubeOn
      ? YouTubeSettings.safeParse({ apiKey: apiKey || undefined, video, priority })
      : null;
    if (slack && !slack.success) return setError(`Slack: ${describeZodError(slack.error)}`);
    if (youtube && !youtube.success) return setError(`YouTube: ${describeZodError(youtube.error)}`);
    setSaving(true);
    const result = await send(
      {
        type: 'chatConfigure',
        settings: { slack: slack ? slack.data : null, youtube: youtube ? youtube.data : null },
      },
      { quiet: true },
    );
    setSaving(false);
    if (result.ok) close();
    else setError(result.error);
  };

  return (
    <ModalDialog labelledBy="chat-settings-heading" onClose={close} className="editor--narrow chat-settings">
      <form className="editor__form" onSubmit={(e) => void save(e)} autoComplete="off">
        <h2 id="chat-settings-heading" className="editor__heading">
          Chat sources
        </h2>
        <p className="editor__intro">
          Tokens and keys stay on this computer and are never shown again: type them to save.
        </p>
        <fieldset className="chat-settings__group">
          <legend>
            <label>
              <input type="checkbox" checked={slackOn} onChange={(e) => setSlackOn(e.target.checked)} /> Slack
            </label>
          </legend>
          <label className="field">
            <span className="field__label">App-level token (xapp-…)</span>
            <input
              className="input"
              type="password"
              disabled={!slackOn}
              value={appToken}
              onChange={(e) => setAppToken(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Bot token (xoxb-…)</span>
            <input
              className="input"
              type="password"
              disabled={!slackOn}
              value={botToken}
              onChange={(e) => setBotToken(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Channel ids (C0123ABCD, comma-separated)</span>
            <input
              className="input"
              type="text"
              disabled={!slackOn}
              value={channels}
              onChange={(e) => setChannels(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Question reaction</span>
            <input
              className="input"
              type="text"
              disabled={!slackOn}
              value={reaction}
              onChange={(e) => setReaction(e.target.value)}
            />
          </label>
        </fieldset>
        <fieldset className="chat-settings__group">
          <legend>
            <label>
              <input type="checkbox" checked={youtubeOn} onChange={(e) => setYoutubeOn(e.target.checked)} />{' '}
              YouTube
            </label>
          </legend>
          <label className="field">
            <span className="field__label">Data API key</span>
            <input
              className="input"
              type="password"
              disabled={!youtubeOn}
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Stream URL or video id</span>
            <input
              className="input"
              type="text"
              disabled={!youtubeOn}
              value={video}
              onChange={(e) => setVideo(e.target.value)}
            />
          </label>
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
        </fieldset>
        <DialogFooter error={error} onCancel={close} busy={saving} label="Save" busyLabel="Saving…" />
      </form>
    </ModalDialog>
  );
}
