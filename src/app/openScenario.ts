/**
 * Opening a scenario: an app action shared by startup, the scenario picker, file import, share
 * links, autosave and worker recovery. The file behind the current run (`source`) is kept here so
 * transport switches re-edit it, Share encodes it, autosave stores it and a restarted worker
 * reloads it.
 */
import type { StepFields } from '../scenario/actions';
import type { SimClient } from '../sim-client';
import { simStore, uiStore } from '../state';
import { translate } from '../i18n';
import { loadScenarioText, scenarioNames } from './scenarios';
import { notify } from '../state';
import type { ScenarioSource } from './persistence/source';
import { applyTransportEdits, isEmpty, NO_EDITS, type TransportEdits } from './transportEdits';

/** The file behind the current run: transport switches re-edit it and reload. */
let source: ScenarioSource | null = null;

export type { ScenarioOrigin, ScenarioSource } from './persistence/source';
/** The last source + edits the worker accepted: what recovery and autosave go back to. */
let lastGood: { source: ScenarioSource; edits: TransportEdits } | null = null;
const goodListeners = new Set<() => void>();

export function currentSource(): ScenarioSource | null {
  return source;
}

export function lastGoodLoad(): { source: ScenarioSource; edits: TransportEdits } | null {
  return lastGood;
}

/** Called after every successful load (autosave listens). Returns the unsubscribe function. */
export function onGoodLoad(listener: () => void): () => void {
  goodListeners.add(listener);
  return () => void goodListeners.delete(listener);
}

export async function openScenario(
  client: SimClient,
  name: string,
  seed?: number,
  edits: TransportEdits = NO_EDITS,
  carry?: RunCarry,
): Promise<boolean> {
  const ui = uiStore.getState();
  const text = await loadScenarioText(name);
  if (text === null) {
    const list = scenarioNames.join(', ');
    const message = translate(ui.lang, 'errors.unknownScenario', { name, list });
    client.pause();
    ui.setFileError({ name, issues: [{ path: '', message, text: message }] });
    return false;
  }
  return openScenarioText(
    client,
    {
      name,
      text,
      origin: 'bundled',
      ...(seed !== undefined ? { seed } : {}),
    },
    edits,
    carry,
  );
}

/** Open scenario text that is not (or no longer) a bundled file: an import, a link, a restore. */
export async function openScenarioText(
  client: SimClient,
  next: ScenarioSource,
  edits: TransportEdits = NO_EDITS,
  carry?: RunCarry,
): Promise<boolean> {
  uiStore.getState().setFileError(null);
  source = next;
  return (carry && (await reload(client, edits, carry))) || reload(client, edits);
}

/**
 * Reload the current scenario with other transport choices, carrying the learner's run: the same
 * commands replayed on the new transport, opened at the same moment ("what would this run have
 * done on Redis?"). Commands the new set-up refuses (a link that no longer exists) drop the run,
 * with a notice. The worker validates and compiles the edited file (syntax errors of the original
 * file still get line and column: unedited files go over as text).
 */
export async function switchTransport(client: SimClient, edits: TransportEdits): Promise<boolean> {
  if (!source) return false;
  uiStore.getState().select(null);
  uiStore.getState().inspect(null);
  const playing = simStore.getState().playing;
  const carry = currentRun(client);
  let ok = await reload(client, edits, carry);
  if (!ok && carry.steps.length > 0) {
    ok = await reload(client, edits);
    if (ok) notify({ id: 'run', tone: 'info', key: 'run.dropped' });
  }
  if (ok && playing) client.play();
  return ok;
}

/**
 * Restart the last scenario the worker accepted, with its edits, and the learner's run up to the
 * moment the worker stopped (after a worker crash).
 */
export async function reopenLastGood(client: SimClient, carry?: RunCarry): Promise<boolean> {
  if (!lastGood) return false;
  source = lastGood.source;
  return (carry && (await reload(client, lastGood.edits, carry))) || reload(client, lastGood.edits);
}

/** The learner's run carried into a reload: their commands, and the moment to open at. */
export interface RunCarry {
  steps: StepFields[];
  at: number;
  seed: number;
}

/** The run on the page now (what a reload carries over). */
export function currentRun(client: SimClient): RunCarry {
  const { run } = simStore.getState();
  return { steps: run.steps, at: Math.floor(client.clock.get()), seed: run.seed };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What to load: the scenario file with the edits applied (a JSON value, or the original text when
 * nothing changes it); a run file when the source is one or a run is carried — its scenario edited,
 * its commands the carried ones. Text that is not JSON goes as is: the worker says where it breaks.
 */
export function effectiveInput(
  src: ScenarioSource,
  edits: TransportEdits,
  carry?: RunCarry,
): unknown {
  let file: unknown;
  try {
    file = JSON.parse(src.text);
  } catch {
    return src.text;
  }
  const isRun = isObj(file) && file.kind === 'run';
  if (!isRun && !carry) return isEmpty(edits) ? src.text : applyTransportEdits(file, edits);
  const scenario = isRun ? (file as Json).scenario : file;
  const seed =
    carry?.seed ??
    src.seed ??
    (isRun ? (file as Json).seed : isObj(scenario) ? scenario.seed : undefined) ??
    1;
  const at = carry ? carry.at : isRun ? (file as Json).at : undefined;
  return {
    version: 1,
    kind: 'run',
    scenario: applyTransportEdits(scenario, edits),
    seed,
    commands: carry ? carry.steps : isRun ? (file as Json).commands : [],
    ...(at !== undefined ? { at } : {}),
  };
}

async function reload(
  client: SimClient,
  edits: TransportEdits,
  carry?: RunCarry,
): Promise<boolean> {
  if (!source) return false;
  const current = source;
  uiStore.getState().setTransportEdits(edits);
  const { seed } = current;
  const r = await client.load(
    current.name,
    effectiveInput(current, edits, carry),
    seed !== undefined && !carry ? { seed } : undefined,
  );
  const ok = r?.ok === true;
  if (ok && source === current) {
    lastGood = { source: current, edits };
    for (const l of goodListeners) l();
  }
  return ok;
}
