import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isOverlayView } from '../shared/overlays.js';
import { App } from './App.js';
import { CommandProvider } from './connection/commandContext.js';
import { chooseCore, coreCandidates, fetchHealth } from '../shared/coreChoice.js';
import { watchForBetterCore } from './connection/coreFailover.js';
import { CoreFetchProvider } from './connection/coreDownload.js';
import { CrewSocket } from './connection/crewSocket.js';
import { JoinLinkError } from '../shared/joinLink.js';
import type { ConnectionTarget } from './connectionTarget.js';
import { forcedViewOf, resolveConnectionTarget } from './connectionTarget.js';
import { showStore } from './store/showStore.js';
import './styles/theme.css';
import './styles/common.css';
import './styles/console.css';
import './styles/mc.css';
import './styles/stage.css';
import './styles/obs.css';
import './styles/questions.css';
import './styles/overlays.css';
import './styles/crew.css';
import './styles/schedule.css';

async function start(): Promise<void> {
  // An OBS overlay must be transparent from its first frame, before React mounts.
  if (isOverlayView(forcedViewOf(window.location.search, window.location.hash))) {
    document.documentElement.classList.add('overlay-page');
  }
  const root = createRoot(document.getElementById('root')!);
  let target: ConnectionTarget;
  try {
    target = await resolveConnectionTarget(window.location.search, window.location.hash);
  } catch (error) {
    const text =
      error instanceof JoinLinkError
        ? `This join link is broken: ${error.message}. Ask the producer for a new one.`
        : `The desktop app could not say where the core is: ${String(error)}`;
    showStore.getState().setConnectionStatus('refused', text);
    root.render(<App forcedView={null} />);
    return;
  }
  const origin = window.location.origin;
  const candidates = coreCandidates(target.cores, origin);
  if (target.url === null && target.cores.length > 0) {
    const choice = await chooseCore(candidates, fetchHealth, origin);
    target = { ...target, url: choice.origin === origin ? null : choice.origin };
  }
  const crew = new CrewSocket(showStore, target);
  if (target.cores.length > 1) {
    // A join link with several cores: follow a takeover to whichever is the primary now.
    watchForBetterCore({
      store: showStore,
      candidates,
      current: target.url ?? origin,
      pageOrigin: origin,
      probe: fetchHealth,
      // The chosen core serves the same page: open it there, with the same link (token, cores, view).
      moveTo: (core) => {
        const { pathname, search, hash } = window.location;
        if (core === origin) window.location.reload();
        else window.location.assign(`${core}${pathname}${search}${hash}`);
      },
    });
  }
  root.render(
    <StrictMode>
      <CommandProvider send={(command) => crew.send(command)}>
        <CoreFetchProvider target={target}>
          <App forcedView={target.forcedView} />
        </CoreFetchProvider>
      </CommandProvider>
    </StrictMode>,
  );
  crew.connect();
}

void start();
