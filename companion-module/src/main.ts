import { runEntrypoint } from '@companion-module/base';
import { ShowcallerInstance } from './instance.js';

/** Companion starts this file (companion/manifest.json `runtime.entrypoint`). */
runEntrypoint(ShowcallerInstance, []);
