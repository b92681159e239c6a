import type { ContextSettings } from './settings.js';

/** The context in use for one command: its settings and where they came from (for errors). */
export interface ContextLayer {
  readonly name: string;
  readonly file: string;
  readonly settings: ContextSettings;
}
