/**
 * The stream's video, from whatever the producer pasted: a watch URL, a youtu.be link, a /live/
 * link, a YouTube Studio link, or the bare 11-character id.
 */

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(['youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com']);
/** Paths whose next segment is the id: /live/ID, /embed/ID, /shorts/ID, /v/ID. */
const ID_PATHS = new Set(['live', 'embed', 'shorts', 'v']);

export class VideoIdError extends Error {
  override readonly name = 'VideoIdError';
}

function fail(input: string): never {
  const shown = input.length > 80 ? `${input.slice(0, 77)}…` : input;
  throw new VideoIdError(
    `"${shown}" is not a YouTube video: paste the stream's URL (https://www.youtube.com/watch?v=…, ` +
      'https://youtu.be/…, https://www.youtube.com/live/…) or its 11-character video id',
  );
}

function checked(id: string | null | undefined, input: string): string {
  if (id && VIDEO_ID.test(id)) return id;
  return fail(input);
}

/** The 11-character video id, or a VideoIdError that says what was expected. */
export function parseVideoId(input: string): string {
  const text = input.trim();
  if (VIDEO_ID.test(text)) return text;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return fail(input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(input);
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean);
  if (host === 'youtu.be') return checked(segments[0], input);
  if (host === 'studio.youtube.com') {
    // https://studio.youtube.com/video/ID/livestreaming
    return checked(segments[0] === 'video' ? segments[1] : null, input);
  }
  if (!YOUTUBE_HOSTS.has(host)) return fail(input);
  if (segments[0] === 'watch') return checked(url.searchParams.get('v'), input);
  if (segments[0] && ID_PATHS.has(segments[0])) return checked(segments[1], input);
  return fail(input);
}

/** The public page of a video, used as the permalink of its chat messages. */
export function videoUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${videoId}`;
}
