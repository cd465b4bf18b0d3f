import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatSettingsFor } from '../chat/fakes/chatSettings.js';
import { FakeSlack } from '../chat/fakes/fakeSlack.js';
import { FakeYouTube } from '../chat/fakes/fakeYouTube.js';
import { CrewClient } from '../core/harness.js';
import { chromiumForTests } from './browser.js';
import { useBrowserCore } from './browserCore.js';
import { alphaAt, decodePng, transparentShare } from './png.js';
import { PROJECT_ROOT } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * The question workflow across every screen in real Chromium: messages posted into the Slack
 * and YouTube fakes reach the moderator's feed through the real sources and the core; the
 * moderator queues them from the keyboard; the MC sees them, puts one on air, and it shows in
 * the transparent OBS overlay until the MC marks it answered.
 */

const chromium = chromiumForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const WIDE = { width: 1440, height: 900 };
const OVERLAY_SIZE = { width: 1920, height: 1080 };

const SLACK_QUESTION = 'How do you version training data when the upstream schema changes under you?';
const YOUTUBE_QUESTION = 'Does the same approach work for streaming data too? 🚀';
const ARABIC_QUESTION = 'هل يمكن استخدام هذه الطريقة مع البيانات الكبيرة؟';
const LONG_MESSAGE = [
  'Context for my question: we have about forty feature pipelines, each owned by a different team,',
  'and every one of them writes to the same warehouse with its own idea of what a "customer" is.',
  'We tried a shared dbt project, then data contracts, then a weekly sync meeting.',
  'None of it stuck once the original owners moved on.',
  'What would you try first if you joined us tomorrow?',
].join('\n');

async function openScreen(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await expect.poll(() => page.locator('[data-view]').getAttribute('data-view')).not.toBe('waiting');
  return page;
}

function feedRow(page: Page, text: string) {
  return page.getByTestId('feed-row').filter({ hasText: text });
}

describe.skipIf(!chromium.run)('the question feed on every screen', () => {
  let slack: FakeSlack;
  let youtube: FakeYouTube;
  let youtubeUrl: string;
  let wide: BrowserContext;
  let overlayContext: BrowserContext;
  let moderator: Page;
  let mc: Page;
  let producer: Page;
  let overlay: Page;

  beforeAll(async () => {
    slack = await FakeSlack.start();
    slack.addUser({ id: 'U0GRACE', name: 'grace', real_name: 'Grace Hopper', display_name: 'Grace' });
    slack.addUser({ id: 'U0LIN', name: 'linus', real_name: 'Linus T', display_name: 'Linus' });
    youtube = new FakeYouTube({ pollingIntervalMillis: 200 });
    youtubeUrl = await youtube.start();
  });

  afterAll(async () => {
    await ifAssigned(slack)?.close();
    await ifAssigned(youtube)?.close();
  });

  const e2e = useBrowserCore(chromium, {
    name: 'questions',
    core: () => ({
      chat: { settings: chatSettingsFor({ slack, youtube: { fake: youtube, baseUrl: youtubeUrl } }) },
    }),
  });

  beforeAll(async () => {
    // A talk is live, so the messages belong to it and the MC sees them as this talk's questions.
    const producerClient = await new CrewClient(e2e.core.url, e2e.core.tokens.producer).ready();
    expect((await producerClient.send({ type: 'startSegment', segmentId: 's002' })).ok).toBe(true);
    producerClient.close();
    wide = await e2e.browser.newContext({ viewport: WIDE });
    overlayContext = await e2e.browser.newContext({ viewport: OVERLAY_SIZE });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  it('shows both sources connected on the moderator screen', async () => {
    moderator = await openScreen(wide, e2e.core.joinUrls.moderator);
    expect(await moderator.locator('[data-view]').getAttribute('data-view')).toBe('moderator');
    await expect
      .poll(() => moderator.getByTestId('chat-status-slack').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('connected');
    await expect
      .poll(() => moderator.getByTestId('chat-status-youtube').getAttribute('data-state'), {
        timeout: 15_000,
      })
      .toBe('connected');
    expect(await moderator.getByTestId('chat-status-youtube').innerText()).toMatch(/units left/);
  });

  it('brings a Slack and a YouTube message into the feed, as text, in any direction', async () => {
    slack.post('C0ASK', 'Great talk so far 👏 the diagrams are really clear', { user: 'U0GRACE' });
    slack.post('C0ASK', SLACK_QUESTION, { user: 'U0ADA' });
    youtube.post(YOUTUBE_QUESTION);
    youtube.superChat('Thank you for running this for free!', '$10.00', {
      channelId: 'UCsupporter0000000000001',
      displayName: 'Sam Supporter',
    });
    youtube.post(ARABIC_QUESTION, { channelId: 'UCarabic000000000000001', displayName: 'ليلى' });
    slack.post('C0ASK', LONG_MESSAGE, { user: 'U0LIN' });
    // YouTube sends plain text (Slack escapes <, > and & on the wire).
    youtube.post('<b>not bold</b> & <script>alert(1)</script>', {
      channelId: 'UCmarkup00000000000000001',
      displayName: 'Mallory',
    });

    await expect.poll(() => feedRow(moderator, SLACK_QUESTION).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => feedRow(moderator, YOUTUBE_QUESTION).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => feedRow(moderator, 'not bold').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => feedRow(moderator, ARABIC_QUESTION).count(), { timeout: 15_000 }).toBe(1);

    const slackRow = feedRow(moderator, SLACK_QUESTION);
    expect(await slackRow.innerText()).toMatch(/Slack #ask-the-speaker/);
    expect(await slackRow.innerText()).toMatch(/Question\?/);
    const youtubeRow = feedRow(moderator, YOUTUBE_QUESTION);
    expect(await youtubeRow.innerText()).toContain('🚀');
    expect(await youtubeRow.innerText()).toMatch(/YouTube/);
    // Markup from the audience is shown as the characters they typed.
    const markup = feedRow(moderator, 'not bold');
    expect(await markup.locator('b, script').count()).toBe(0);
    expect(await markup.locator('.feed-row__text').innerText()).toBe(
      '<b>not bold</b> & <script>alert(1)</script>',
    );
    // Right-to-left text runs right to left.
    const arabic = feedRow(moderator, ARABIC_QUESTION).locator('.feed-row__text');
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Super Chat flagged; a long message clipped with "more".
    await expect
      .poll(() => feedRow(moderator, 'Thank you for running').innerText(), { timeout: 15_000 })
      .toMatch(/Super Chat \$10\.00/);
    const long = feedRow(moderator, 'forty feature pipelines');
    await expect.poll(() => long.count(), { timeout: 15_000 }).toBe(1);
    expect(await long.locator('.feed-row__text--clipped').count()).toBe(1);
    await long.getByRole('button', { name: 'more' }).click();
    expect(await long.locator('.feed-row__text--clipped').count()).toBe(0);
  });

  it('lets the moderator queue them from the keyboard, and the MC sees them', async () => {
    await feedRow(moderator, SLACK_QUESTION).click();
    await moderator.keyboard.press('q');
    await expect
      .poll(() => feedRow(moderator, SLACK_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Queued');
    // j/k move the selection: from the Slack question down to the YouTube one.
    const ids = await moderator
      .getByTestId('feed-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-message-id')));
    const youtubeId = await feedRow(moderator, YOUTUBE_QUESTION).getAttribute('data-message-id');
    const slackId = await feedRow(moderator, SLACK_QUESTION).getAttribute('data-message-id');
    const steps = ids.indexOf(youtubeId) - ids.indexOf(slackId);
    for (let i = 0; i < Math.abs(steps); i++) await moderator.keyboard.press(steps > 0 ? 'j' : 'k');
    expect(await feedRow(moderator, YOUTUBE_QUESTION).getAttribute('aria-current')).toBe('true');
    await moderator.keyboard.press('q');
    await expect
      .poll(() => feedRow(moderator, YOUTUBE_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Queued');
    // Typing in a field is text, not triage.
    await moderator
      .getByRole('textbox', { name: 'Staff question' })
      .fill('What would you do differently if you started over today?');
    expect(await moderator.getByTestId('moderator-queue').getByTestId('question-card').count()).toBe(2);
    await moderator.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => moderator.getByText('What would you do differently').count()).toBeGreaterThan(0);
    // Approve (a) the Arabic one, left for later.
    await feedRow(moderator, ARABIC_QUESTION).click();
    await moderator.keyboard.press('a');
    await expect
      .poll(() => feedRow(moderator, ARABIC_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Approved');

    const queueTexts = await moderator.getByTestId('moderator-queue').innerText();
    expect(queueTexts).toContain(SLACK_QUESTION);
    expect(queueTexts).toContain(YOUTUBE_QUESTION);
    await moderator.getByTestId('feed-scroll').hover();
    await moderator.screenshot({ path: path.join(SCREENSHOTS, 'moderator.png') });

    mc = await openScreen(wide, e2e.core.joinUrls.mc);
    await expect.poll(() => mc.getByTestId('mc-queue').innerText()).toContain(SLACK_QUESTION);
    expect(await mc.getByTestId('mc-queue').innerText()).toContain(YOUTUBE_QUESTION);

    producer = await openScreen(wide, e2e.core.joinUrls.producer);
    // Questions share the console's side with messages, in tabs.
    await producer.getByTestId('side-tab-questions').click();
    await expect.poll(() => producer.getByTestId('queue-panel').innerText()).toContain(SLACK_QUESTION);
    expect(await producer.getByTestId('queue-panel').innerText()).toMatch(/Slack\s+Connected/);
  });

  it('puts a question on air in the transparent overlay, and takes it off when answered', async () => {
    overlay = await openScreen(overlayContext, `${e2e.core.joinUrls.viewer}&view=overlay-question`);
    expect(await overlay.getByTestId('overlay-question').getAttribute('data-showing')).toBe('false');
    expect(await overlay.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgba(0, 0, 0, 0)',
    );
    expect(await overlay.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(
      'rgba(0, 0, 0, 0)',
    );

    await mc.getByRole('button', { name: /Next question/ }).click();
    await expect
      .poll(() => overlay.getByTestId('overlay-question').getAttribute('data-showing'))
      .toBe('true');
    expect(await overlay.getByTestId('overlay-text').innerText()).toBe(SLACK_QUESTION);
    expect(await overlay.getByTestId('overlay-question').innerText()).toMatch(/Ada.*on Slack/);
    await expect.poll(() => mc.getByTestId('mc-onair').innerText()).toContain(SLACK_QUESTION);
    await mc.mouse.move(0, 0);
    await mc.screenshot({ path: path.join(SCREENSHOTS, 'mc-questions.png') });

    await overlay.waitForTimeout(500); // the card's entrance animation
    const shot = await overlay.screenshot({ omitBackground: true });
    await writeFile(path.join(SCREENSHOTS, 'overlay-question.png'), shot);
    const image = decodePng(shot);
    expect(image.width).toBe(1920);
    expect(image.height).toBe(1080);
    expect(alphaAt(image, 0, 0)).toBe(0);
    expect(alphaAt(image, 1919, 1079)).toBe(0);
    expect(alphaAt(image, 960, 300)).toBe(0);
    // The card itself is opaque enough to read, near the bottom.
    expect(alphaAt(image, 960, 1080 - 110)).toBeGreaterThan(200);
    expect(transparentShare(image)).toBeGreaterThan(0.5);

    await mc.getByRole('button', { name: /Answered/ }).click();
    await expect
      .poll(() => overlay.getByTestId('overlay-question').getAttribute('data-showing'))
      .toBe('false');
    await expect
      .poll(() => feedRow(moderator, SLACK_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Answered');
    // The YouTube one is still queued for the MC.
    expect(await mc.getByTestId('mc-queue').innerText()).toContain(YOUTUBE_QUESTION);
  });

  it('hides the overlay when it loses the core rather than show a stale question', async () => {
    await mc.getByRole('button', { name: /Next question/ }).click();
    await expect.poll(() => overlay.getByTestId('overlay-text').innerText()).toBe(YOUTUBE_QUESTION);
    await overlayContext.setOffline(true);
    await expect
      .poll(() => overlay.getByTestId('overlay-question').getAttribute('data-showing'), { timeout: 20_000 })
      .toBe('false');
    await overlayContext.setOffline(false);
    await expect
      .poll(() => overlay.getByTestId('overlay-question').getAttribute('data-showing'), { timeout: 20_000 })
      .toBe('true');
  });

  it('lets the MC ask for a filler, which the moderator sees and clears', async () => {
    await mc.getByRole('button', { name: 'Need a filler question' }).click();
    await expect.poll(() => moderator.getByTestId('filler-alert').count()).toBe(1);
    await moderator.getByTestId('filler-alert').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => moderator.getByTestId('filler-alert').count()).toBe(0);
  });

  it('gives the producer a chat settings dialog with write-only tokens kept when left empty, and the quota picture', async () => {
    await producer.mouse.move(0, 0);
    await producer.screenshot({ path: path.join(SCREENSHOTS, 'producer-questions.png') });
    await producer.getByRole('button', { name: 'Chat settings…' }).click();
    const dialog = producer.getByRole('dialog', { name: 'Chat sources' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // What the core sent back: channels and the video, never a token or key.
    expect(await dialog.getByLabel('Channel ids (C0123ABCD, comma-separated)').inputValue()).toBe('C0ASK');
    expect(await dialog.getByLabel('App-level token (xapp-…)').inputValue()).toBe('');
    expect(await dialog.getByLabel('Data API key').inputValue()).toBe('');
    expect(await dialog.getByLabel('Stream URL or video id').inputValue()).toBe(youtube.videoId);
    expect(await dialog.innerText()).toMatch(/Quota now: [\d,]+ of 10,000 units left · every [\d.]+ s/);
    // A token of the wrong kind is refused in the form, with the reason; nothing is sent.
    await dialog.getByLabel('App-level token (xapp-…)').fill('xoxb-not-an-app-token');
    await dialog.getByLabel('Bot token (xoxb-…)').fill('xoxb-1-something');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/Slack: .*xapp-/);
    // Left empty, the saved tokens and key are kept: a save changes a setting without them.
    await dialog.getByLabel('App-level token (xapp-…)').fill('');
    await dialog.getByLabel('Bot token (xoxb-…)').fill('');
    expect(await dialog.innerText()).toMatch(/Leave empty to keep it/);
    await dialog.getByText('Advanced').last().click();
    expect(await dialog.getByLabel('Daily quota (units)').inputValue()).toBe('10000');
    await dialog.getByLabel('Before the stream starts, look every (seconds)').fill('30');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    for (const source of ['slack', 'youtube']) {
      await expect
        .poll(() => producer.getByTestId(`chat-status-${source}`).getAttribute('data-state'), {
          timeout: 15_000,
        })
        .toBe('connected');
    }
    await producer.getByRole('button', { name: 'Chat settings…' }).click();
    await dialog.getByText('Advanced').last().click();
    expect(await dialog.getByLabel('Before the stream starts, look every (seconds)').inputValue()).toBe('30');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('marks, dismisses, restores and merges duplicates from the keyboard', async () => {
    const chatter = feedRow(moderator, 'Great talk so far');
    await chatter.click();
    expect(await chatter.innerText()).not.toMatch(/Question\?/);
    await moderator.keyboard.press('x');
    await expect.poll(() => chatter.innerText()).toMatch(/Question\?/);
    await moderator.keyboard.press('x');
    await expect.poll(() => chatter.innerText()).not.toMatch(/Question\?/);

    await feedRow(moderator, ARABIC_QUESTION).click();
    await moderator.keyboard.press('d');
    await expect
      .poll(() => feedRow(moderator, ARABIC_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Dismissed');
    await moderator.getByRole('button', { name: 'Restore (dismissed)' }).click();
    await expect
      .poll(() => feedRow(moderator, ARABIC_QUESTION).getByTestId('feed-row-status').innerText())
      .toBe('Approved');

    // The same question from Slack, while the YouTube one is on air: merged into it, both askers shown.
    const duplicate = 'Does the same approach work for streaming data as well?';
    slack.post('C0ASK', duplicate, { user: 'U0GRACE' });
    await expect.poll(() => feedRow(moderator, duplicate).count(), { timeout: 15_000 }).toBe(1);
    await feedRow(moderator, duplicate).click();
    await moderator.keyboard.press('a');
    await expect
      .poll(() => feedRow(moderator, duplicate).getByTestId('feed-row-status').innerText())
      .toBe('Approved');
    await moderator.keyboard.press('m');
    const dialog = moderator.getByRole('dialog', { name: 'Merge duplicates' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain(YOUTUBE_QUESTION);
    await dialog.getByRole('button', { name: 'Merge' }).first().click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect
      .poll(() => overlay.getByTestId('overlay-question').innerText())
      .toMatch(/Ada Viewer on YouTube & Grace on Slack/);
  });
});
