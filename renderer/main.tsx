import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isOverlayView } from '../shared/overlays.js';
import { App } from './App.js';
import { CommandProvider } from './connection/commandContext.js';
import { CoreFetchProvider } from './connection/coreDownload.js';
import { CrewSocket } from './connection/crewSocket.js';
import type { ConnectionTarget } from './connectionTarget.js';
import { resolveConnectionTarget } from './connectionTarget.js';
import { showStore } from './store/showStore.js';
import { parseForcedView } from './viewChoice.js';
import './styles/theme.css';
import './styles/common.css';
import './styles/console.css';
import './styles/mc.css';
import './styles/stage.css';
import './styles/obs.css';
import './styles/questions.css';
import './styles/overlays.css';
import './styles/crew.css';

async function start(): Promise<void> {
  // An OBS overlay must be transparent from its first frame, before React mounts.
  if (isOverlayView(parseForcedView(new URLSearchParams(window.location.search).get('view')))) {
    document.documentElement.classList.add('overlay-page');
  }
  const root = createRoot(document.getElementById('root')!);
  let target: ConnectionTarget;
  try {
    target = await resolveConnectionTarget(window.location.search);
  } catch (error) {
    showStore
      .getState()
      .setConnectionStatus('refused', `The desktop app could not say where the core is: ${String(error)}`);
    root.render(<App forcedView={null} />);
    return;
  }
  const crew = new CrewSocket(showStore, target);
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
