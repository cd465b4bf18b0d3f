import { z } from 'zod';
import { ObsPublicSettings, ObsState } from '../../shared/obs.js';
import type { NoticeMessage, ObsLiveMessage, ObsThumbnailMessage } from '../../shared/protocol.js';

/**
 * The OBS pushes, checked: a typed socket says what the core should send, not what arrived. A
 * malformed one is dropped (the next arrives within a second) instead of breaking the console.
 */

const ObsLive = z.object({ state: ObsState, settings: ObsPublicSettings });

/** Only still images, inline: anything else in an <img src> is not ours to load. */
const IMAGE_DATA_URL = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;
const MAX_THUMBNAIL_CHARS = 4 * 1024 * 1024;

const ObsThumbnail = z.object({
  slot: z.enum(['program', 'preview']),
  sceneName: z.string(),
  dataUrl: z.string().max(MAX_THUMBNAIL_CHARS).regex(IMAGE_DATA_URL),
  at: z.number(),
});

const Notice = z.object({
  id: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string().max(2_000),
  at: z.number(),
});

export function readObsLive(value: unknown): ObsLiveMessage | null {
  const parsed = ObsLive.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function readObsThumbnail(value: unknown): ObsThumbnailMessage | null {
  const parsed = ObsThumbnail.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function readNotice(value: unknown): NoticeMessage | null {
  const parsed = Notice.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const NOTICE_TITLES: Record<NoticeMessage['level'], string> = {
  error: 'Automation failed',
  warn: 'Warning',
  info: 'Note',
};

export function noticeToast(notice: NoticeMessage) {
  return { kind: notice.level, title: NOTICE_TITLES[notice.level], text: notice.text };
}
