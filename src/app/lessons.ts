/**
 * The bundled lessons (`simulations/lessons/*.json`, each its own lazy chunk) and opening one:
 * the worker validates the lesson with the scenario it names and starts its run; the page keeps
 * the file (texts, steps) in `lessonStore` and the learner's progress in the browser.
 */
import type { SimClient } from '../sim-client';
import { lessonStore, progressOf, uiStore, type LessonProgress } from '../state';
import { translate } from '../i18n';
import { loadScenarioText } from './scenarios';
import { updateUrl } from './routing';
import { loadProgress, saveProgress } from './persistence/lessonProgress';

const files = import.meta.glob<string>('/simulations/lessons/*.json', {
  query: '?raw',
  import: 'default',
});
const byId = new Map(
  Object.entries(files).map(([path, load]) => [
    path.replace(/^.*\//, '').replace(/\.json$/, ''),
    load,
  ]),
);
const indexText = byId.get('index');
byId.delete('index');

export const lessonIds: string[] = [...byId.keys()].sort();

export interface LessonListing {
  tracks: { id: string; title: { en: string; 'pt-BR': string }; lessons: string[] }[];
  /** Title and topics of every lesson, by id. */
  lessons: Record<
    string,
    { title: { en: string; 'pt-BR': string }; covers: string[]; steps: number }
  >;
}

/** The tracks and each lesson's title, for the picker (all lesson files, parsed leniently). */
export async function loadListing(): Promise<LessonListing> {
  const index = indexText ? (JSON.parse(await indexText()) as Partial<LessonListing>) : {};
  const lessons: LessonListing['lessons'] = {};
  await Promise.all(
    lessonIds.map(async (id) => {
      try {
        const f = JSON.parse(await byId.get(id)!()) as {
          title?: { en: string; 'pt-BR': string };
          covers?: string[];
          steps?: unknown[];
        };
        lessons[id] = {
          title: f.title ?? { en: id, 'pt-BR': id },
          covers: f.covers ?? [],
          steps: f.steps?.length ?? 0,
        };
      } catch {
        lessons[id] = { title: { en: id, 'pt-BR': id }, covers: [], steps: 0 };
      }
    }),
  );
  const listed = new Set((index.tracks ?? []).flatMap((t) => t.lessons));
  const rest = lessonIds.filter((id) => !listed.has(id));
  const tracks = [
    ...(index.tracks ?? []),
    ...(rest.length ? [{ id: 'more', title: { en: 'More', 'pt-BR': 'Mais' }, lessons: rest }] : []),
  ];
  return { tracks, lessons };
}

let progressLoaded = false;

/** Opens lesson `id` at its first step; false (with the validation issues shown) when it cannot. */
export async function openLesson(client: SimClient, id: string): Promise<boolean> {
  if (!progressLoaded) {
    progressLoaded = true;
    lessonStore.setState({ progress: loadProgress() });
  }
  const load = byId.get(id);
  const ui = uiStore.getState();
  if (!load) {
    const message = translate(ui.lang, 'lessons.unknown', { name: id, list: lessonIds.join(', ') });
    client.pause();
    ui.setFileError({ name: id, issues: [{ path: '', message, text: message }] });
    return false;
  }
  const text = await load();
  // The scenario it names (if any) goes with it: the worker has no access to the bundle.
  const scenarios: Record<string, string> = {};
  try {
    const named = (JSON.parse(text) as { scenario?: unknown }).scenario;
    if (typeof named === 'string') {
      const s = await loadScenarioText(named);
      if (s !== null) scenarios[named] = s;
    }
  } catch {
    // Invalid JSON: the worker reports it with its line and column.
  }
  ui.setFileError(null);
  const r = await client.loadLesson(`lesson:${id}`, text, scenarios);
  if (!r?.ok) return false;
  lessonStore.setState({ id, file: r.lesson, step: 0, status: null });
  updateUrl({ lesson: id, scenario: null, transport: null, seed: null });
  await refreshStatus(client);
  client.stopAt(lessonStore.getState().status?.pauseAt ?? null);
  // The canvas needs the width next to the lesson on a small screen.
  if (window.innerWidth < 1800) ui.setPanelsHidden(true);
  return true;
}

/** Leaves the lesson (the run stays loaded as a sandbox on the lesson's scenario). */
export function closeLesson(): void {
  lessonStore.setState({ id: null, file: null, step: 0, status: null });
  updateUrl({ lesson: null });
}

function record(id: string, change: (p: LessonProgress) => LessonProgress): void {
  const s = lessonStore.getState();
  const progress = { ...s.progress, [id]: change(progressOf(s, id)) };
  lessonStore.setState({ progress });
  saveProgress(progress);
}

/** Starts step `index` now: its demo plays from here, its goal counts from here. */
export async function gotoStep(client: SimClient, index: number): Promise<void> {
  const { id, file } = lessonStore.getState();
  if (!id || !file) return;
  const step = Math.max(0, Math.min(file.steps.length - 1, index));
  lessonStore.setState({ step, status: null });
  record(id, (p) => ({ ...p, reached: Math.max(p.reached, step) }));
  await client.lessonStep(step);
  await refreshStatus(client);
  // "Pause before the interesting bit": playing stops there and the panel asks what comes next.
  client.stopAt(lessonStore.getState().status?.pauseAt ?? null);
}

/** Asks the worker whether the step's goal holds at the moment shown; records a first success. */
export async function refreshStatus(client: SimClient): Promise<void> {
  const status = await client.lessonStatus();
  const { id, step } = lessonStore.getState();
  if (!id || !status || status.step !== step) return;
  lessonStore.setState({ status });
  if (status.met && !progressOf(lessonStore.getState(), id).met.includes(step))
    record(id, (p) => ({ ...p, met: [...p.met, step] }));
  // A challenge met: keep the best (lowest) score.
  const score = status.met ? status.challenge?.value : undefined;
  const best = progressOf(lessonStore.getState(), id).best[step];
  if (score !== undefined && (best === undefined || score < best))
    record(id, (p) => ({ ...p, best: { ...p.best, [step]: score } }));
}

export function answerQuiz(step: number, choice: number): void {
  const { id } = lessonStore.getState();
  if (id) record(id, (p) => ({ ...p, quiz: { ...p.quiz, [step]: choice } }));
}
