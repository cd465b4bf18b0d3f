// Longer than 500 lines on purpose: one method per OBS command, each a few lines of request,
// error mapping and read-back, all built on the same three private helpers at the end (request,
// readBack, the command lanes). Apart, every command file would need those helpers exported.
import type { ObsCommand } from '../../shared/obs.js';
import type { ObsConnection } from './obsConnection.js';
import {
  ObsBusyError,
  ObsConnectionClosedError,
  ObsNotConnectedError,
  ObsRequestError,
  ObsTimeoutError,
  ObsUnsupportedError,
  REQUEST_STATUS,
} from './obsConnection.js';
import type { ObsMirror } from './obsMirror.js';
import {
  CurrentTransition,
  InputSettings,
  OutputActive,
  OutputStateChanged,
  PreviewScene,
  ProgramScene,
  SceneItemId,
  SceneList,
  Screenshot,
  StudioMode,
  TransitionCursor,
  TransitionList,
} from './obsPayloads.js';

/**
 * Runs the OBS commands. Every command checks what it is about first (the scene, the input and
 * its kind) so an error names it ("OBS has no scene "Break""), and reads back what it changed
 * instead of trusting an event that may come late or, after a Cut, not at all. Commands of one
 * kind run one at a time (two quick scene switches cannot cross their read-backs), but a stream
 * start that waits for OBS never holds up a scene switch.
 */

export type ObsCommandErrorCode =
  'not-connected' | 'busy' | 'timeout' | 'unsupported' | 'not-found' | 'conflict' | 'invalid' | 'failed';

export class ObsCommandError extends Error {
  override readonly name = 'ObsCommandError';
  constructor(
    readonly code: ObsCommandErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The HTTP-style status the show's CommandResult uses. */
  get status(): 400 | 409 | 500 | 503 {
    switch (this.code) {
      case 'not-connected':
      case 'busy':
      case 'timeout':
        return 503;
      case 'invalid':
        return 400;
      case 'unsupported':
      case 'not-found':
      case 'conflict':
        return 409;
      case 'failed':
        return 500;
      default:
        return this.code satisfies never;
    }
  }
}

export type ObsCommandResult =
  | { ok: true; detail?: string }
  | { ok: false; status: 400 | 409 | 500 | 503; code: ObsCommandErrorCode; error: string };

export interface ScreenshotOptions {
  /** Pixels; OBS keeps the aspect ratio when only one side is given. */
  width?: number;
  height?: number;
  format?: 'jpg' | 'png';
  /** 0–100, jpg only. */
  quality?: number;
}

export interface ObsControllerOptions {
  /** How long a scene switch may take to show up in GetCurrentProgramScene. */
  readBackTimeoutMs?: number;
  readBackPollMs?: number;
  /** How long "start the stream/recording" waits for OBS to say it started (or failed). */
  outputStartWaitMs?: number;
}

const TEXT_KIND = /^(text_ft2_source|text_gdiplus)/;
const MEDIA_KINDS = new Set(['ffmpeg_source', 'vlc_source']);
const MEDIA_ACTION = {
  play: 'OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY',
  restart: 'OBS_WEBSOCKET_MEDIA_INPUT_ACTION_RESTART',
  stop: 'OBS_WEBSOCKET_MEDIA_INPUT_ACTION_STOP',
} as const;

/** Lanes of commands that must not interleave; different lanes run side by side. */
type Lane = 'scenes' | 'outputs' | 'sources';

const notFound = (message: string) => new ObsCommandError('not-found', message);
const conflict = (message: string) => new ObsCommandError('conflict', message);
const noScene = (name: string) => notFound(`OBS has no scene "${name}"`);
const noInput = (name: string) => notFound(`OBS has no input "${name}"`);
const studioModeOff = (what: string) => conflict(`studio mode is off in OBS; turn it on to ${what}`);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ObsController {
  private readonly lanes: Record<Lane, Promise<unknown>> = {
    scenes: Promise.resolve(),
    outputs: Promise.resolve(),
    sources: Promise.resolve(),
  };
  private readonly readBackTimeoutMs: number;
  private readonly readBackPollMs: number;
  private readonly outputStartWaitMs: number;

  constructor(
    private readonly connection: ObsConnection,
    private readonly mirror: ObsMirror,
    options: ObsControllerOptions = {},
  ) {
    this.readBackTimeoutMs = options.readBackTimeoutMs ?? 2_000;
    this.readBackPollMs = options.readBackPollMs ?? 25;
    this.outputStartWaitMs = options.outputStartWaitMs ?? 10_000;
  }

  /** Runs one parsed OBS command. Never throws: the result says what happened, in words. */
  async execute(command: ObsCommand): Promise<ObsCommandResult> {
    try {
      const detail = await this.dispatch(command);
      return detail === undefined ? { ok: true } : { ok: true, detail };
    } catch (error) {
      const failure = ObsController.describe(error);
      return { ok: false, status: failure.status, code: failure.code, error: failure.message };
    }
  }

  /** Any error from this module (or the connection) as an ObsCommandError. */
  static describe(error: unknown): ObsCommandError {
    if (error instanceof ObsCommandError) return error;
    if (error instanceof ObsNotConnectedError) return new ObsCommandError('not-connected', error.message);
    if (error instanceof ObsConnectionClosedError) return new ObsCommandError('not-connected', error.message);
    if (error instanceof ObsBusyError) return new ObsCommandError('busy', error.message);
    if (error instanceof ObsTimeoutError) return new ObsCommandError('timeout', error.message);
    if (error instanceof ObsUnsupportedError) return new ObsCommandError('unsupported', error.message);
    if (error instanceof ObsRequestError) return new ObsCommandError('failed', error.message);
    return new ObsCommandError(
      'failed',
      `OBS command failed: ${(error as Partial<Error> | null | undefined)?.message ?? String(error)}`,
    );
  }

  private dispatch(command: ObsCommand): Promise<string | undefined> {
    switch (command.type) {
      case 'obsSetProgramScene':
        return this.setProgramScene(command.sceneName);
      case 'obsSetPreviewScene':
        return this.setPreviewScene(command.sceneName);
      case 'obsTransition':
        return this.transition();
      case 'obsSetStudioMode':
        return this.setStudioMode(command.enabled);
      case 'obsSetTransition':
        return this.setTransition({ name: command.name, durationMs: command.durationMs });
      case 'obsStream':
        return this.stream(command.action);
      case 'obsRecord':
        return this.record(command.action);
      case 'obsSetText':
        return this.setText(command.inputName, command.text);
      case 'obsSetSceneItemEnabled':
        return this.setSceneItemEnabled(command.sceneName, command.sourceName, command.enabled);
      case 'obsMedia':
        return this.media(command.inputName, command.action);
      default:
        return command satisfies never;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Scenes and transitions

  /** Puts a scene on program and waits until OBS says it is there. */
  setProgramScene(sceneName: string): Promise<string | undefined> {
    return this.inLane('scenes', async () => {
      await this.request(() => this.connection.call('SetCurrentProgramScene', { sceneName }), {
        [REQUEST_STATUS.resourceNotFound]: () => noScene(sceneName),
      });
      const program = await this.readBack(
        async () =>
          ProgramScene.parse(await this.connection.call('GetCurrentProgramScene')).currentProgramSceneName,
        sceneName,
      );
      if (program !== sceneName) {
        throw new ObsCommandError(
          'failed',
          `OBS did not switch to "${sceneName}"; program is still "${program}"`,
        );
      }
      this.mirror.applyReadBack({ programScene: sceneName });
      return undefined;
    });
  }

  /** Studio mode only. */
  setPreviewScene(sceneName: string): Promise<string | undefined> {
    return this.inLane('scenes', async () => {
      await this.request(() => this.connection.call('SetCurrentPreviewScene', { sceneName }), {
        [REQUEST_STATUS.resourceNotFound]: () => noScene(sceneName),
        [REQUEST_STATUS.studioModeNotActive]: () => studioModeOff('set a preview scene'),
      });
      const preview = await this.readBack(
        async () =>
          PreviewScene.parse(await this.connection.call('GetCurrentPreviewScene')).currentPreviewSceneName,
        sceneName,
      );
      if (preview !== sceneName) {
        throw new ObsCommandError(
          'failed',
          `OBS did not put "${sceneName}" on preview; preview is "${preview}"`,
        );
      }
      this.mirror.applyReadBack({ previewScene: sceneName });
      return undefined;
    });
  }

  /**
   * Studio mode's Transition button. OBS 29 accepts a second trigger during a running transition
   * and silently does nothing, so it is refused here instead.
   */
  transition(): Promise<string | undefined> {
    return this.inLane('scenes', async () => {
      if (this.mirror.state.transitionActive) {
        if (await this.transitionRunning()) throw conflict('a transition is already running');
        this.mirror.applyReadBack({ transitionActive: false });
      }
      await this.request(() => this.connection.call('TriggerStudioModeTransition'), {
        [REQUEST_STATUS.studioModeNotActive]: () => studioModeOff('transition'),
      });
      // SceneTransitionStarted normally lands before this answer; if not, do not let a double
      // click through meanwhile. A Cut is over at once. The mirror's watchdog clears a stale flag.
      if (this.mirror.state.transitionDurationMs !== null)
        this.mirror.applyReadBack({ transitionActive: true });
      return undefined;
    });
  }

  setStudioMode(enabled: boolean): Promise<string | undefined> {
    return this.inLane('scenes', async () => {
      await this.connection.call('SetStudioModeEnabled', { studioModeEnabled: enabled });
      const now = await this.readBack(
        async () => StudioMode.parse(await this.connection.call('GetStudioModeEnabled')).studioModeEnabled,
        enabled,
      );
      if (now !== enabled)
        throw new ObsCommandError('failed', `OBS did not turn studio mode ${enabled ? 'on' : 'off'}`);
      this.mirror.applyReadBack({ studioMode: enabled });
      // Turning studio mode on or off moves program and preview in OBS 29: read them again.
      await this.mirror.refreshScenes();
      return undefined;
    });
  }

  setTransition(change: {
    name?: string | undefined;
    durationMs?: number | undefined;
  }): Promise<string | undefined> {
    return this.inLane('scenes', async () => {
      if (change.name === undefined && change.durationMs === undefined) {
        throw new ObsCommandError('invalid', 'give a transition name, a duration, or both');
      }
      if (change.name !== undefined) {
        const name = change.name;
        const list = TransitionList.parse(await this.connection.call('GetSceneTransitionList'));
        const names = list.transitions.map((t) => t.transitionName);
        if (!names.includes(name)) {
          throw notFound(`OBS has no transition "${name}" (it has ${names.map((n) => `"${n}"`).join(', ')})`);
        }
        await this.request(
          () => this.connection.call('SetCurrentSceneTransition', { transitionName: name }),
          {
            [REQUEST_STATUS.resourceNotFound]: () => notFound(`OBS has no transition "${name}"`),
          },
        );
      }
      if (change.durationMs !== undefined) {
        await this.connection.call('SetCurrentSceneTransitionDuration', {
          transitionDuration: change.durationMs,
        });
      }
      const current = await this.readBack(
        async () => CurrentTransition.parse(await this.connection.call('GetCurrentSceneTransition')),
        (t) =>
          (change.name === undefined || t.transitionName === change.name) &&
          (change.durationMs === undefined ||
            t.transitionFixed ||
            t.transitionDuration === change.durationMs),
      );
      if (change.name !== undefined && current.transitionName !== change.name) {
        throw new ObsCommandError('failed', `OBS did not switch the transition to "${change.name}"`);
      }
      this.mirror.applyReadBack({
        currentTransition: current.transitionName,
        transitionDurationMs: current.transitionFixed ? null : current.transitionDuration,
      });
      return current.transitionFixed && change.durationMs !== undefined
        ? `"${current.transitionName}" has a fixed duration; the duration applies to the others`
        : undefined;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Outputs

  stream(action: 'start' | 'stop'): Promise<string | undefined> {
    return this.inLane('outputs', () =>
      this.output({
        action,
        statusRequest: 'GetStreamStatus',
        event: 'StreamStateChanged',
        already: action === 'start' ? 'the stream is already live' : 'the stream is not live',
        start: () => this.connection.call('StartStream'),
        stop: () => this.connection.call('StopStream'),
        failedToStart:
          'OBS could not start the stream; check the server and stream key in OBS › Settings › Stream',
        started: 'the stream is live',
        stillStarting: 'OBS is still connecting to the streaming server',
      }),
    );
  }

  record(action: 'start' | 'stop'): Promise<string | undefined> {
    return this.inLane('outputs', () =>
      this.output({
        action,
        statusRequest: 'GetRecordStatus',
        event: 'RecordStateChanged',
        already: action === 'start' ? 'OBS is already recording' : 'OBS is not recording',
        start: () => this.connection.call('StartRecord'),
        stop: () => this.connection.call('StopRecord'),
        failedToStart:
          'OBS could not start recording; check the recording path and format in OBS › Settings › Output',
        started: 'recording',
        stillStarting: 'OBS is still starting the recording',
      }),
    );
  }

  private async output(o: {
    action: 'start' | 'stop';
    statusRequest: 'GetStreamStatus' | 'GetRecordStatus';
    event: 'StreamStateChanged' | 'RecordStateChanged';
    already: string;
    start: () => Promise<unknown>;
    stop: () => Promise<unknown>;
    failedToStart: string;
    started: string;
    stillStarting: string;
  }): Promise<string | undefined> {
    const { outputActive } = OutputActive.parse(await this.connection.call(o.statusRequest));
    if (outputActive === (o.action === 'start')) throw conflict(o.already);
    const alreadyCodes = {
      [REQUEST_STATUS.outputRunning]: () => conflict(o.already),
      [REQUEST_STATUS.outputNotRunning]: () => conflict(o.already),
    };
    if (o.action === 'stop') {
      await this.request(o.stop, alreadyCodes);
      return undefined;
    }
    // Listen before asking: OBS may report the outcome before it answers the request.
    const outcome = this.waitForOutput(o.event, this.outputStartWaitMs);
    try {
      await this.request(o.start, alreadyCodes);
    } catch (error) {
      outcome.cancel();
      throw error;
    }
    const state = await outcome.promise;
    if (state === 'OBS_WEBSOCKET_OUTPUT_STOPPED') throw new ObsCommandError('failed', o.failedToStart);
    return state === 'OBS_WEBSOCKET_OUTPUT_STARTED' ? o.started : o.stillStarting;
  }

  /** Resolves with STARTED or STOPPED from the output's events, or null after `timeoutMs`. */
  private waitForOutput(
    event: 'StreamStateChanged' | 'RecordStateChanged',
    timeoutMs: number,
  ): { promise: Promise<string | null>; cancel: () => void } {
    let done: (state: string | null) => void = () => undefined;
    const promise = new Promise<string | null>((resolve) => (done = resolve));
    const finish = (state: string | null): void => {
      clearTimeout(timer);
      off();
      offClosed();
      done(state);
    };
    const off = this.connection.onEvent(event, (data) => {
      const e = OutputStateChanged.safeParse(data);
      if (!e.success) return;
      if (
        e.data.outputState === 'OBS_WEBSOCKET_OUTPUT_STARTED' ||
        e.data.outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED'
      ) {
        finish(e.data.outputState);
      }
    });
    const onClosed = (): void => finish(null);
    this.connection.once('disconnected', onClosed);
    const offClosed = (): void => void this.connection.off('disconnected', onClosed);
    const timer = setTimeout(() => finish(null), timeoutMs);
    timer.unref();
    return { promise, cancel: () => finish(null) };
  }

  // -------------------------------------------------------------------------------------------
  // Sources

  /** Sets the text of a text source (text_ft2_source_v2 on Linux, text_gdiplus on Windows). */
  setText(inputName: string, text: string): Promise<string | undefined> {
    return this.inLane('sources', async () => {
      const kind = await this.inputKind(inputName);
      if (!TEXT_KIND.test(kind)) throw conflict(`OBS input "${inputName}" is a ${kind}, not a text source`);
      await this.request(
        () => this.connection.call('SetInputSettings', { inputName, inputSettings: { text }, overlay: true }),
        { [REQUEST_STATUS.resourceNotFound]: () => noInput(inputName) },
      );
      return undefined;
    });
  }

  /** Shows or hides a source in a scene. */
  setSceneItemEnabled(sceneName: string, sourceName: string, enabled: boolean): Promise<string | undefined> {
    return this.inLane('sources', async () => {
      let sceneItemId: number;
      try {
        sceneItemId = SceneItemId.parse(
          await this.connection.call('GetSceneItemId', { sceneName, sourceName }),
        ).sceneItemId;
      } catch (error) {
        if (!(error instanceof ObsRequestError) || error.code !== REQUEST_STATUS.resourceNotFound)
          throw error;
        // The same status for a missing scene and a missing item: ask which it was.
        const scenes = SceneList.parse(await this.connection.call('GetSceneList')).scenes.map(
          (s) => s.sceneName,
        );
        throw scenes.includes(sceneName)
          ? notFound(`OBS scene "${sceneName}" has no source "${sourceName}"`)
          : noScene(sceneName);
      }
      await this.connection.call('SetSceneItemEnabled', {
        sceneName,
        sceneItemId,
        sceneItemEnabled: enabled,
      });
      return undefined;
    });
  }

  /** Play, restart or stop a media source (ffmpeg_source, vlc_source). */
  media(inputName: string, action: 'play' | 'restart' | 'stop'): Promise<string | undefined> {
    return this.inLane('sources', async () => {
      const kind = await this.inputKind(inputName);
      // OBS 29 "succeeds" at playing a text source and does nothing; say so instead.
      if (!MEDIA_KINDS.has(kind)) throw conflict(`OBS input "${inputName}" is a ${kind}, not a media source`);
      await this.request(
        () =>
          this.connection.call('TriggerMediaInputAction', { inputName, mediaAction: MEDIA_ACTION[action] }),
        { [REQUEST_STATUS.resourceNotFound]: () => noInput(inputName) },
      );
      return undefined;
    });
  }

  /**
   * A still of a scene or source as a data URL, for thumbnails (`data:image/jpeg;base64,…`).
   * Not queued behind commands: it only reads.
   */
  async screenshot(sourceName: string, options: ScreenshotOptions = {}): Promise<string> {
    const format = options.format ?? 'jpg';
    const formats = this.connection.serverInfo?.supportedImageFormats ?? [];
    if (this.connection.isConnected && !formats.includes(format)) {
      throw new ObsCommandError('unsupported', `this OBS cannot make ${format} screenshots`);
    }
    const width = options.width ?? 320;
    if (!Number.isInteger(width) || width < 8 || width > 4096) {
      throw new ObsCommandError('invalid', 'screenshot width must be a whole number from 8 to 4096');
    }
    const shot = await this.request(
      () =>
        this.connection.call('GetSourceScreenshot', {
          sourceName,
          imageFormat: format,
          imageWidth: width,
          ...(options.height !== undefined ? { imageHeight: options.height } : {}),
          ...(format === 'jpg' ? { imageCompressionQuality: options.quality ?? 70 } : {}),
        }),
      { [REQUEST_STATUS.resourceNotFound]: () => notFound(`OBS has no source "${sourceName}"`) },
    );
    // OBS labels JPEGs "image/jpg", which is not a registered type; browsers guess, others may not.
    return Screenshot.parse(shot).imageData.replace(/^data:image\/jpg;/, 'data:image/jpeg;');
  }

  // -------------------------------------------------------------------------------------------

  private inLane<T>(lane: Lane, run: () => Promise<T>): Promise<T> {
    const result = this.lanes[lane].then(run);
    this.lanes[lane] = result.catch(() => undefined);
    return result;
  }

  /** Runs a request, turning the OBS status codes it names into clear errors. */
  private async request<T>(run: () => Promise<T>, codes: Record<number, () => ObsCommandError>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ObsRequestError) {
        const known = codes[error.code];
        if (known) throw known();
      }
      throw error;
    }
  }

  private async inputKind(inputName: string): Promise<string> {
    const settings = await this.request(() => this.connection.call('GetInputSettings', { inputName }), {
      [REQUEST_STATUS.resourceNotFound]: () => noInput(inputName),
    });
    return InputSettings.parse(settings).inputKind;
  }

  /**
   * Polls `read` until it returns `expected` (or satisfies it) or the read-back time is up, and
   * returns the last value. OBS 29 applies several setters on its UI thread after answering.
   */
  private async readBack<T>(read: () => Promise<T>, expected: T | ((value: T) => boolean)): Promise<T> {
    const matches =
      typeof expected === 'function' ? (expected as (value: T) => boolean) : (v: T) => v === expected;
    const deadline = Date.now() + this.readBackTimeoutMs;
    let value = await read();
    while (!matches(value) && Date.now() < deadline) {
      await sleep(this.readBackPollMs);
      value = await read();
    }
    return value;
  }

  private async transitionRunning(): Promise<boolean> {
    if (!this.connection.supports('GetCurrentSceneTransitionCursor')) return true;
    const { transitionCursor } = TransitionCursor.parse(
      await this.connection.call('GetCurrentSceneTransitionCursor'),
    );
    return transitionCursor < 1;
  }
}
