/** What a run was opened from (no imports: Node tests and the app share it). */

/** Where the scenario text came from: a bundled file (by name), a file/paste, or a share link. */
export type ScenarioOrigin = 'bundled' | 'imported' | 'shared';

export interface ScenarioSource {
  name: string;
  text: string;
  origin: ScenarioOrigin;
  seed?: number;
}
