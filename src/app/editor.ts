/**
 * The topology editor's app glue: an edit (`src/editor/edits.ts`) makes the next scenario
 * document; the worker checks it (`client.check`) before anything changes, so a refused edit
 * shows its field-path message and the learner's document, run and canvas stay as they were. An
 * accepted one is opened like an import (origin `imported`: autosave keeps it) with the learner's
 * run carried over, the way a transport switch is, and the dragged positions kept.
 */
import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { SimClient } from '../sim-client';
import type { EditorActions } from '../ui/editor/EditorPanel';
import { notify, simStore, uiStore } from '../state';
import { translate } from '../i18n';
import {
  applyEdit,
  blankScenario,
  connectCallEdit,
  connectEdit,
  historyOf,
  pushDoc,
  redo as redoDoc,
  renameRefs,
  undo as undoDoc,
  type Edit,
  type History,
  type ScenarioDoc,
} from '../editor/edits';
import { editorStore } from '../editor/store';
import { LAYOUT_X_SCALE, LAYOUT_Y_SCALE } from '../ui/canvas/graph';
import {
  currentRun,
  currentSource,
  effectiveInput,
  lastGoodLoad,
  onGoodLoad,
  openScenarioText,
  type RunCarry,
} from './openScenario';
import { importName } from './persistence/actions';
import { updateUrl } from './routing';
import { loadScenarioText } from './scenarios';
import { NO_EDITS } from './transportEdits';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True while the editor itself loads: its loads are already in the history. */
let applying = false;

/** The scenario the worker last accepted, as a document (transport switches baked in). */
function docOfLastGood(): ScenarioDoc | null {
  const good = lastGoodLoad();
  if (!good) return null;
  let file: unknown = effectiveInput(good.source, good.edits);
  if (typeof file === 'string') {
    try {
      file = JSON.parse(file);
    } catch {
      return null;
    }
  }
  const scenario = isObj(file) && file.kind === 'run' ? file.scenario : file;
  return isObj(scenario) ? structuredClone(scenario) : null;
}

/**
 * Any other load (the picker, Open…, a transport switch from its panel) becomes a step of the
 * history too: Undo brings the edited document back, so switching away loses nothing.
 */
onGoodLoad(() => {
  if (applying) return;
  const doc = docOfLastGood();
  if (!doc) return;
  const { history } = editorStore.getState();
  const same = history && JSON.stringify(history.present) === JSON.stringify(doc);
  if (!same)
    editorStore.setState({
      history: history ? pushDoc(history, doc) : historyOf(doc),
      refused: null,
    });
});

function currentHistory(): History | null {
  const { history } = editorStore.getState();
  if (history) return history;
  const doc = docOfLastGood();
  return doc ? historyOf(doc) : null;
}

/**
 * Check `doc` in the worker, then open it keeping the run (commands mapped by `mapSteps`).
 * Returns false, with the worker's issues in the store, when it is refused.
 */
async function commit(
  client: SimClient,
  doc: ScenarioDoc,
  opts: { name?: string; fresh?: boolean; mapSteps?: (s: RunCarry['steps']) => RunCarry['steps'] },
): Promise<boolean> {
  const checked = await client.check(doc);
  if (!checked.ok) {
    editorStore.setState({ refused: checked.issues });
    return false;
  }
  editorStore.setState({ refused: null });
  const playing = simStore.getState().playing;
  const run = opts.fresh ? undefined : currentRun(client);
  const carry = run && opts.mapSteps ? { ...run, steps: opts.mapSteps(run.steps) } : run;
  const name = opts.name ?? currentSource()?.name ?? 'scenario';
  // A bundled name in the URL would reopen the original file instead of the autosaved edit.
  updateUrl({ scenario: null, transport: null, seed: null });
  applying = true;
  let ok: boolean;
  try {
    ok = await openScenarioText(
      client,
      { name, text: `${JSON.stringify(doc, null, 2)}\n`, origin: 'imported' },
      NO_EDITS,
      carry,
    );
  } finally {
    applying = false;
  }
  // The carried run did not fit the new topology (a removed service): it starts over, said so.
  if (ok && carry && carry.steps.length > 0 && simStore.getState().run.steps.length === 0)
    notify({ id: 'run', tone: 'info', key: 'run.dropped' });
  if (ok && playing) client.play();
  return ok;
}

async function serial<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
  if (editorStore.getState().busy) return fallback;
  editorStore.setState({ busy: true });
  try {
    return await fn();
  } finally {
    editorStore.setState({ busy: false });
  }
}

export function editScenario(client: SimClient, edit: Edit): Promise<boolean> {
  return serial(async () => {
    const h = currentHistory();
    if (!h) return false;
    const next = applyEdit(h.present, edit);
    const rename = edit.op === 'renameService' ? edit : null;
    const ok = await commit(client, next, {
      ...(rename ? { mapSteps: (s) => renameRefs(s, rename.from, rename.to) } : {}),
    });
    if (!ok) return false;
    editorStore.setState({ history: pushDoc(h, next) });
    if (rename) {
      // The renamed node stays where the learner put it.
      const ui = uiStore.getState();
      const p = ui.positions[rename.from];
      if (p) ui.setPosition(rename.to, p);
    }
    return true;
  }, false);
}

function step(client: SimClient, move: (h: History) => History | null): Promise<boolean> {
  return serial(async () => {
    const h = currentHistory();
    const next = h && move(h);
    if (!next) return false;
    const ok = await commit(client, next.present, {});
    if (ok) editorStore.setState({ history: next });
    return ok;
  }, false);
}

export const undoEdit = (client: SimClient) => step(client, undoDoc);
export const redoEdit = (client: SimClient) => step(client, redoDoc);

/**
 * A drag from the gateway's handle to a service: a route to it. From a service to another: a
 * call (the service is a client too); its mode and pattern are then edited in the panel.
 */
export function connectNodes(client: SimClient, source: string, target: string): void {
  const h = currentHistory();
  if (!h) return;
  const node = (h.present.nodes as unknown[] | undefined)?.find((n) => isObj(n) && n.id === source);
  if (!isObj(node)) return;
  const edit =
    node.type === 'gateway'
      ? connectEdit(h.present, target)
      : node.type === 'service'
        ? connectCallEdit(h.present, source, target)
        : null;
  if (edit) void editScenario(client, edit);
}

/** A blank scenario, or a bundled one as a template; the current one stays a step back. */
export function newScenario(client: SimClient, template: string | null): Promise<boolean> {
  return serial(async () => {
    const h = currentHistory();
    let doc: ScenarioDoc;
    if (template) {
      const text = await loadScenarioText(template);
      if (text === null) return false;
      doc = JSON.parse(text) as ScenarioDoc;
    } else {
      const en = translate('en', 'editor.blankTitle');
      doc = blankScenario({ en, 'pt-BR': translate('pt-BR', 'editor.blankTitle') });
    }
    const ui = uiStore.getState();
    ui.clearPositions();
    ui.select(null);
    const name = template ?? 'new-scenario';
    const ok = await commit(client, doc, { name, fresh: true });
    if (ok) editorStore.setState({ history: h ? pushDoc(h, doc) : historyOf(doc) });
    return ok;
  }, false);
}

/**
 * The document as a scenario file: nodes the learner dragged get a `position` in the file's own
 * units (the canvas draws file positions scaled, see `ui/canvas/graph.ts`).
 */
export function fileOfDoc(doc: ScenarioDoc, dragged: Record<string, { x: number; y: number }>) {
  const out = structuredClone(doc);
  for (const n of Array.isArray(out.nodes) ? out.nodes : []) {
    if (!isObj(n) || typeof n.id !== 'string') continue;
    const p = dragged[n.id];
    if (p)
      n.position = { x: Math.round(p.x / LAYOUT_X_SCALE), y: Math.round(p.y / LAYOUT_Y_SCALE) };
  }
  return out;
}

/** Download the edited scenario (the format of `simulations/`). */
export function saveScenarioFile(): void {
  const h = currentHistory();
  if (!h) return;
  const file = fileOfDoc(h.present, uiStore.getState().positions);
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${importName(currentSource()?.name ?? 'scenario')}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function setEditing(open: boolean): void {
  editorStore.setState({ open, refused: null });
  // The editor lives in the side panels: opening it shows them.
  if (open) uiStore.getState().setPanelsHidden(false);
}

/** What App hands the editor panel and the canvas (stable per client). */
export function useEditor(client: SimClient) {
  const open = useStore(editorStore, (s) => s.open);
  const actions = useMemo<EditorActions>(
    () => ({
      edit: (e) => editScenario(client, e),
      undo: () => void undoEdit(client),
      redo: () => void redoEdit(client),
      newScenario: (template) => void newScenario(client, template),
      save: saveScenarioFile,
    }),
    [client],
  );
  const onConnect = useCallback(
    (source: string, target: string) => connectNodes(client, source, target),
    [client],
  );
  return { open, actions, onConnect };
}
