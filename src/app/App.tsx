import { LazyMotion, MotionConfig } from 'framer-motion';
import { lazy, Suspense, useCallback, useEffect } from 'react';
import { useLesson } from '../state/hooks';
import { lessonStore } from '../state';
import { Button } from '../ui/primitives/Button';
import {
  answerQuiz,
  closeLesson,
  gotoStep,
  loadListing,
  openLesson,
  refreshStatus,
} from './lessons';
import type { Lang } from '../shared';
import { uiStore } from '../state';
import { useLive, useSim, useUi } from '../state/hooks';
import { FlowCanvas } from '../ui/canvas/FlowCanvas';
import { ShortcutsDialog } from '../ui/controls/ShortcutsDialog';
import { Toolbar } from '../ui/controls/Toolbar';
import { useShortcuts } from '../ui/controls/useShortcuts';
import type { OptionEdits } from '../state';
import type { TransportKind } from '../shared';
import { BrokerInsides } from '../ui/panels/BrokerInsides';
import { CountersPanel } from '../ui/panels/CountersPanel';
import { AboutScenario } from '../ui/panels/AboutScenario';
import { MessageInspector } from '../ui/panels/MessageInspector';
import { TransportPanel } from '../ui/panels/TransportPanel';
import { CodePanel } from '../ui/code/CodePanel';
import { EventLog } from '../ui/panels/EventLog';
import { Timeline } from '../ui/timeline/Timeline';
import { LabDock } from '../ui/lab/LabDock';
import { LoadErrors, Warnings } from '../ui/panels/LoadErrors';
import { UpdateBanner } from '../ui/panels/UpdateBanner';
import { useSimClient } from '../ui/simClientContext';
import { useLocalized, useT } from '../ui/useT';
import { openScenario, switchTransport } from './openScenario';
import { withScenarioKind, withServiceEdit, withServiceKind } from './transportEdits';
import { updateUrl } from './routing';
import { loadScenarioText, scenarioNames, scenarioTitle } from './scenarios';
import { importScenario, makeShareLink, saveRunFile } from './persistence/actions';
import { startFresh } from './persistence/startup';
import { Notices } from '../ui/share/Notices';
import { ScenarioActions } from '../ui/share/ScenarioActions';
import { setEditing, useEditor } from './editor';

// Lessons load with the first lesson opened (Markdown renderer included).
const LessonPanel = lazy(() => import('../ui/lessons/LessonPanel'));
const LessonPicker = lazy(() => import('../ui/lessons/LessonPicker'));
// The editor's panel loads when the learner first opens it.
const EditorPanel = lazy(() =>
  import('../ui/editor/EditorPanel').then((m) => ({ default: m.EditorPanel })),
);

// Live mode (`?live=`) only: the banner and its strings.
const LiveBanner = lazy(() => import('../ui/live/LiveBanner'));

// A separate chunk: chip pulses can start a moment after the first paint.
const loadMotionFeatures = () => import('./motionFeatures').then((m) => m.default);

export function App() {
  const t = useT();
  const loc = useLocalized();
  const client = useSimClient();
  const phase = useSim((s) => s.phase);
  const issues = useSim((s) => s.issues);
  const warnings = useSim((s) => s.warnings);
  const scenario = useSim((s) => s.scenario);
  const title = useSim((s) => s.model?.title);
  const fileError = useUi((s) => s.fileError);
  const view = useUi((s) => s.view);
  const panelsHidden = useUi((s) => s.panelsHidden);
  // The Live view draws a real app: what acts on a simulation (scenarios, lessons, editor,
  // timeline, lab, transport switch, code) is not shown.
  const live = useLive((s) => s.active);
  useShortcuts();
  const editor = useEditor(client);
  const lessonId = useLesson((s) => s.id);
  const pickerOpen = useLesson((s) => s.pickerOpen);
  const onRefresh = useCallback(() => void refreshStatus(client), [client]);
  const onLessonStep = useCallback((i: number) => void gotoStep(client, i), [client]);
  const onSolve = useCallback(() => {
    void client.lessonSolve().then(() => client.play());
  }, [client]);
  // 1–9 jump to that step of the open lesson (a teacher at the projector).
  useEffect(() => {
    if (!lessonId) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target instanceof Element ? e.target : null;
      if (e.altKey || e.ctrlKey || e.metaKey || el?.closest('input, select, textarea, dialog'))
        return;
      if (!/^[1-9]$/.test(e.key)) return;
      const steps = lessonStore.getState().file?.steps.length ?? 0;
      if (Number(e.key) > steps) return;
      e.preventDefault();
      void gotoStep(client, Number(e.key) - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lessonId, client]);
  const onOpenLesson = useCallback(
    (id: string) => {
      uiStore.getState().clearPositions();
      uiStore.getState().select(null);
      void openLesson(client, id);
    },
    [client],
  );

  const onScenario = (name: string) => {
    closeLesson();
    uiStore.getState().clearPositions();
    uiStore.getState().select(null);
    updateUrl({ scenario: name, seed: null, transport: null });
    void openScenario(client, name);
  };
  const edits = () => uiStore.getState().transportEdits;
  const onScenarioKind = (kind: TransportKind) => {
    updateUrl({ transport: kind });
    void switchTransport(client, withScenarioKind(kind));
  };
  const onServiceKind = (service: string, kind: TransportKind) => {
    void switchTransport(client, withServiceKind(edits(), service, kind));
  };
  const onServiceOptions = (service: string, patch: OptionEdits) => {
    void switchTransport(client, withServiceEdit(edits(), service, { options: patch }));
  };
  const onLang = (lang: Lang) => {
    uiStore.getState().setLang(lang);
    updateUrl({ lang });
  };
  const onSpeed = (speed: number) => updateUrl({ speed: String(speed) });

  const shownIssues = fileError?.issues ?? (phase === 'error' ? issues : null);
  return (
    // reducedMotion="user": chip pulses honour the OS setting (and e2e's emulated one).
    <MotionConfig reducedMotion="user">
      <LazyMotion features={loadMotionFeatures} strict>
        <div
          className="app"
          data-view={view}
          data-panels={panelsHidden ? 'hidden' : 'shown'}
          data-lesson={lessonId ? 'open' : 'closed'}
        >
          <header className="app-header" hidden={view === 'embed'}>
            <h1>
              {t('app.title')}
              {title && <span className="scenario-title"> — {loc(title)}</span>}
            </h1>
            <p className="subtitle">{t('app.subtitle')}</p>
            {view !== 'embed' && !live && (
              <Button
                variant="primary"
                data-id="lessons-open"
                aria-haspopup="dialog"
                onClick={() => lessonStore.getState().setPickerOpen(true)}
              >
                {t('lessons.open')}
              </Button>
            )}
            {view !== 'embed' && !live && (
              <Button
                data-id="edit-toggle"
                aria-pressed={editor.open}
                disabled={lessonId !== null}
                title={t('editor.toggleHint')}
                onClick={() => setEditing(!editor.open)}
              >
                ✎ {t('editor.toggle')}
              </Button>
            )}
            {!live && (
              <ScenarioActions
                onImport={(text, fileName) => importScenario(client, text, fileName)}
                onShare={(withRun) => makeShareLink(client, withRun)}
                onSaveRun={() => saveRunFile(client)}
              />
            )}
            <UpdateBanner />
          </header>
          <Notices onStartFresh={() => void startFresh(client)} />
          {live && (
            <Suspense fallback={null}>
              <LiveBanner />
            </Suspense>
          )}
          <ShortcutsDialog />
          {pickerOpen && (
            <Suspense fallback={null}>
              <LessonPicker listing={loadListing} onOpen={onOpenLesson} />
            </Suspense>
          )}
          <Toolbar
            live={live}
            scenarios={scenarioNames}
            titleOf={scenarioTitle}
            onScenario={onScenario}
            onLang={onLang}
            onSpeed={onSpeed}
          />
          <main className="app-main">
            {lessonId && (
              <Suspense fallback={<div className="lesson-panel" />}>
                <LessonPanel
                  onStep={onLessonStep}
                  onSolve={onSolve}
                  onClose={closeLesson}
                  onAnswer={answerQuiz}
                  onRefresh={onRefresh}
                />
              </Suspense>
            )}
            <div className="stage">
              <div className="stage-main">
                {shownIssues ? (
                  <LoadErrors issues={shownIssues} scenario={fileError?.name ?? scenario} />
                ) : phase === 'ready' ? (
                  <FlowCanvas {...(editor.open ? { onConnect: editor.onConnect } : {})} />
                ) : live ? null : (
                  <p className="loading" role="status">
                    {t('app.loading')}
                  </p>
                )}
                {!shownIssues && phase === 'ready' && view !== 'embed' && !live && (
                  <LabDock scenarioTexts={loadScenarioText} />
                )}
              </div>
              {!shownIssues && phase === 'ready' && !live && <Timeline />}
            </div>
            <aside className="side" hidden={panelsHidden}>
              {/* A lesson's run is not a scenario file: the editor waits until it is closed. */}
              {editor.open && phase === 'ready' && !lessonId && (
                <Suspense fallback={null}>
                  <EditorPanel actions={editor.actions} templates={scenarioNames} />
                </Suspense>
              )}
              {!lessonId && !live && <AboutScenario />}
              <CountersPanel />
              <Warnings issues={warnings} />
              <MessageInspector />
              <BrokerInsides />
              {phase === 'ready' && !live && (
                <TransportPanel
                  onScenarioKind={onScenarioKind}
                  onServiceKind={onServiceKind}
                  onServiceOptions={onServiceOptions}
                />
              )}
              {phase === 'ready' && view !== 'embed' && !live && <CodePanel />}
              <EventLog />
            </aside>
          </main>
        </div>
      </LazyMotion>
    </MotionConfig>
  );
}
