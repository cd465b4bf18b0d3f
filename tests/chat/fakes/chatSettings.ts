import type { ChatSettingsInput } from '../../../shared/protocol.js';
import type { FakeSlack } from './fakeSlack.js';
import type { FakeYouTube } from './fakeYouTube.js';

/**
 * The chat settings a producer would enter, pointed at the local fakes: the watched Slack
 * channel, no first-start backfill, and YouTube polled as fast as the fake allows.
 */
export function chatSettingsFor(fakes: {
  slack?: FakeSlack;
  youtube?: { fake: FakeYouTube; baseUrl: string };
}): ChatSettingsInput {
  const { slack, youtube } = fakes;
  return {
    slack: slack
      ? {
          appToken: slack.appToken,
          botToken: slack.botToken,
          channels: ['C0ASK'],
          slackApiUrl: slack.apiUrl,
          initialBackfill: 0,
        }
      : null,
    youtube: youtube
      ? {
          apiKey: youtube.fake.apiKey,
          video: youtube.fake.videoId,
          baseUrl: youtube.baseUrl,
          priority: 'speed',
          minIntervalMs: 200,
        }
      : null,
  };
}
