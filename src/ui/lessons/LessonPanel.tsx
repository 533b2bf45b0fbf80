/**
 * The lesson beside the canvas: the step's narration (Markdown, no raw HTML), its quiz
 * ("predict, then run"), its goal with a live badge and hints, and the way through the steps.
 * Loaded lazily with the first lesson. The page passes the actions (`src/app/lessons.ts`): this
 * component only draws what the lesson file and the worker's status say.
 */
import { useEffect, useState } from 'react';
import Markdown from 'react-markdown';
import { progressOf, type LessonFile, type LessonStatus } from '../../state';
import { useLesson, useSim, useUi } from '../../state/hooks';
import { Button } from '../primitives/Button';
import { useT } from '../useT';
import './lessons.css';

export interface LessonPanelProps {
  onStep(index: number): void;
  onSolve(): void;
  onClose(): void;
  onAnswer(step: number, choice: number): void;
  /** Asks the worker for the goal's status (polled while the lesson is open). */
  onRefresh(): void;
}

/** Goal status is asked this often (wall ms): a badge that turns green within a blink. */
const STATUS_EVERY_MS = 300;

export default function LessonPanel(props: LessonPanelProps) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const id = useLesson((s) => s.id);
  const file = useLesson((s) => s.file);
  const step = useLesson((s) => s.step);
  const status = useLesson((s) => s.status);
  const progress = useLesson((s) => (s.id ? progressOf(s, s.id) : null));
  const stopped = useSim((s) => s.stoppedAt);
  // Hints shown, for one step: another step starts with none.
  const [shownHints, setShownHints] = useState({ at: '', n: 0 });
  const { onRefresh } = props;

  useEffect(() => {
    const timer = window.setInterval(onRefresh, STATUS_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [onRefresh]);

  if (!id || !file || !progress) return null;
  const s = file.steps[step]!;
  const at = `${id}:${step}`;
  const hints = shownHints.at === at ? shownHints.n : 0;
  const last = file.steps.length - 1;
  const met = status?.step === step && status.met;
  const metOnce = progress.met.includes(step);

  return (
    <section className="lesson-panel" data-id="lesson" aria-label={t('lessons.panel')}>
      <header className="lesson-head">
        <h2 data-id="lesson-title">{file.title[lang]}</h2>
        <Button variant="ghost" data-id="lesson-close" onClick={props.onClose}>
          {t('lessons.leave')}
        </Button>
      </header>
      <nav aria-label={t('lessons.steps')}>
        <ol className="lesson-steps">
          {file.steps.map((st, i) => (
            <li key={i}>
              <button
                type="button"
                className="lesson-dot"
                data-id={`lesson-step-${i + 1}`}
                data-state={
                  i === step
                    ? 'current'
                    : progress.met.includes(i)
                      ? 'met'
                      : i <= progress.reached
                        ? 'reached'
                        : 'ahead'
                }
                aria-current={i === step ? 'step' : undefined}
                aria-label={t('lessons.stepN', { n: i + 1, total: file.steps.length })}
                disabled={i > progress.reached + 1 && i !== step}
                onClick={() => props.onStep(i)}
              >
                {progress.met.includes(i) ? '✓' : i + 1}
                {st.goal ? <span className="lesson-dot-goal" aria-hidden="true" /> : null}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="lesson-body">
        <p className="lesson-count">
          {t('lessons.stepN', { n: step + 1, total: file.steps.length })}
        </p>
        <div className="lesson-narration" data-id="lesson-narration">
          <Markdown skipHtml>{s.narration[lang]}</Markdown>
        </div>
        {s.pause && stopped !== null && status?.pauseAt === stopped && (
          <div className="lesson-pause" data-id="lesson-pause" role="status">
            <p className="lesson-pause-title">⏸ {t('lessons.pausedHere')}</p>
            <p>{s.pause.prompt?.[lang] ?? t('lessons.pausePrompt')}</p>
          </div>
        )}
        {s.quiz && (
          <Quiz
            key={`${id}-${step}`}
            quiz={s.quiz}
            answered={progress.quiz[step]}
            onAnswer={(c) => props.onAnswer(step, c)}
          />
        )}
        {s.goal && (
          <div className="lesson-goal" data-id="lesson-goal" data-met={met ? 'true' : 'false'}>
            {s.goal.challenge && <p className="lesson-challenge-tag">{t('lessons.challenge')}</p>}
            <p className="lesson-goal-badge" role="status" aria-live="polite">
              {s.goal.challenge
                ? met
                  ? t('lessons.requirementMet')
                  : metOnce
                    ? t('lessons.requirementMetBefore')
                    : t('lessons.requirementPending')
                : met
                  ? t('lessons.goalMet')
                  : metOnce
                    ? t('lessons.goalMetBefore')
                    : t('lessons.goalPending')}
            </p>
            <div className="lesson-goal-text">
              <Markdown skipHtml>{s.goal.text[lang]}</Markdown>
            </div>
            {s.goal.challenge && status?.step === step && status.challenge && (
              <Score challenge={status.challenge} met={met} best={progress.best[step]} />
            )}
            {s.goal.hints.slice(0, hints).map((h, i) => (
              <div key={i} className="lesson-hint" data-id="lesson-hint">
                <Markdown skipHtml>{h[lang]}</Markdown>
              </div>
            ))}
            <div className="lesson-actions">
              {hints < s.goal.hints.length && (
                <Button
                  data-id="lesson-hint-more"
                  onClick={() => setShownHints({ at, n: hints + 1 })}
                >
                  {t('lessons.hint')}
                </Button>
              )}
              <Button data-id="lesson-solve" title={t('lessons.solveHint')} onClick={props.onSolve}>
                {t('lessons.solve')}
              </Button>
            </div>
          </div>
        )}
      </div>
      <footer className="lesson-nav">
        <Button data-id="lesson-prev" disabled={step === 0} onClick={() => props.onStep(step - 1)}>
          {t('lessons.prev')}
        </Button>
        <Button
          variant={!s.goal || met || metOnce ? 'primary' : 'secondary'}
          data-id="lesson-next"
          disabled={step === last}
          onClick={() => props.onStep(step + 1)}
        >
          {t('lessons.next')}
        </Button>
      </footer>
    </section>
  );
}

type QuizData = NonNullable<LessonFile['steps'][number]['quiz']>;

/** Predict, then run: the learner commits to a choice; the answer and why come after. */
function Quiz(props: {
  quiz: QuizData;
  answered: number | undefined;
  onAnswer(choice: number): void;
}) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const [choice, setChoice] = useState<number | null>(props.answered ?? null);
  const [revealed, setRevealed] = useState(props.answered !== undefined);
  const { quiz } = props;
  const locked = props.answered !== undefined;
  return (
    <fieldset className="lesson-quiz" data-id="lesson-quiz">
      <legend>{t('lessons.quiz')}</legend>
      <div className="lesson-question">
        <Markdown skipHtml>{quiz.question[lang]}</Markdown>
      </div>
      {quiz.choices.map((c, i) => (
        <label
          key={i}
          className="lesson-choice"
          data-id={`quiz-choice-${i}`}
          data-verdict={revealed ? (i === quiz.answer ? 'right' : i === choice ? 'wrong' : '') : ''}
        >
          <input
            type="radio"
            name="quiz"
            checked={choice === i}
            disabled={locked}
            onChange={() => setChoice(i)}
          />
          <span>{c[lang]}</span>
        </label>
      ))}
      {!locked ? (
        <Button
          data-id="quiz-commit"
          disabled={choice === null}
          onClick={() => choice !== null && props.onAnswer(choice)}
        >
          {t('lessons.commit')}
        </Button>
      ) : !revealed ? (
        <div className="lesson-actions">
          <p className="lesson-note">{t('lessons.runThenReveal')}</p>
          <Button data-id="quiz-reveal" onClick={() => setRevealed(true)}>
            {t('lessons.reveal')}
          </Button>
        </div>
      ) : (
        <div className="lesson-explanation" data-id="quiz-explanation" role="status">
          <p>
            <strong>{choice === quiz.answer ? t('lessons.right') : t('lessons.wrong')}</strong>
          </p>
          <Markdown skipHtml>{quiz.explanation[lang]}</Markdown>
        </div>
      )}
    </fieldset>
  );
}

/**
 * A challenge's score against par: "Your score: 3 instances — par 3", the verdict once the
 * requirement is met, and the learner's best across tries (kept in the browser).
 */
function Score(props: {
  challenge: NonNullable<LessonStatus['challenge']>;
  met: boolean;
  best: number | undefined;
}) {
  const t = useT();
  const { score, value, par } = props.challenge;
  const text = (n: number) => t(`lessons.score.${score}`, { n });
  const verdict =
    par === null || !props.met
      ? null
      : value < par
        ? t('lessons.underPar')
        : value === par
          ? t('lessons.atPar')
          : t('lessons.overPar');
  return (
    <div
      className="lesson-score"
      data-id="lesson-score"
      data-score={value}
      data-par={par ?? ''}
      data-verdict={verdict === null ? '' : value <= (par ?? 0) ? 'par' : 'over'}
    >
      <p>
        <strong>
          {t(props.met ? 'lessons.scoreMet' : 'lessons.scoreNow', { score: text(value) })}
        </strong>
        {par !== null && (
          <>
            {' — '}
            <abbr title={t('lessons.parHint')} data-id="lesson-par">
              {t('lessons.par', { par })}
            </abbr>
          </>
        )}
      </p>
      {verdict && <p className="lesson-verdict">{verdict}</p>}
      {props.best !== undefined && (
        <p className="lesson-best" data-id="lesson-best" data-value={props.best}>
          {t('lessons.best', { score: text(props.best) })}
        </p>
      )}
    </div>
  );
}
