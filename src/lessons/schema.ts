/**
 * The lesson file format (`simulations/lessons/<id>.json`) and the index that orders lessons into
 * tracks (`simulations/lessons/index.json`). Every text is required in both languages: a lesson
 * is taught in English and in Brazilian Portuguese, never half-translated. Commands (demo,
 * solution) are script steps, the same vocabulary as a run's commands; their `at` is relative to
 * the moment the step begins.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../scenario/actions';
import { expected, formatted, list, obj, oneOf, text, wholeNumber } from '../scenario/fields';
import { scriptStep } from '../scenario/schema';
import { eventFilterSchema, goalSchema } from './goals';
import { SCORES } from './score';

export const LESSON_VERSION = 1;
export const LANGUAGES = ['en', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a lesson teaches (issue 9's curriculum). */
export const TOPICS = [
  'monolith-vs-microservices',
  'gateway',
  'request-response',
  'reply-channel',
  'event',
  'cold-send',
  'redis',
  'nats',
  'rmq',
  'mqtt',
  'kafka',
  'tcp',
  'grpc',
  'broker-vs-point-to-point',
  'scalability',
  'resilience',
  'fallback',
  'at-least-once',
  'independent-deploy',
  'maintainability',
  'communication-complexity',
  'distributed-data',
  'monitoring',
  'bug-hunt',
] as const;
export type Topic = (typeof TOPICS)[number];

const LESSON_ID = /^[a-z][a-z0-9-]*$/;
const lessonId = formatted('a lesson id (lower-case letters, digits and "-")', LESSON_ID, 64);

/** A text in both languages (Markdown where the field says so). */
const bilingual = (max = 4000) =>
  obj(
    { en: text('an English text', max), 'pt-BR': text('a Portuguese (Brazil) text', max) },
    'a text in both languages {"en": …, "pt-BR": …}',
  );
export type Bilingual = { en: string; 'pt-BR': string };

/** A node id (`orders`) or an edge `source->target` as the canvas names it. */
const SPOT = /^[A-Za-z][A-Za-z0-9_:#-]*(->[A-Za-z][A-Za-z0-9_:#-]*)?$/;
const spot = formatted('a node id or an edge like "gateway->broker"', SPOT, 140);

const commands = list(scriptStep, 'commands', 200, 1);

const quiz = obj(
  {
    question: bilingual(),
    choices: list(bilingual(500), 'choices', 6, 2),
    answer: wholeNumber(0, 5),
    explanation: bilingual(),
  },
  'a quiz {"question", "choices", "answer", "explanation"}',
).check((ctx) => {
  if (ctx.value.answer >= ctx.value.choices.length)
    ctx.issues.push({
      code: 'custom',
      input: ctx.value.answer,
      path: ['answer'],
      message: `expected the index of a choice (0 … ${ctx.value.choices.length - 1}), got ${ctx.value.answer}`,
    });
});

/**
 * A challenge: the goal is the requirement, and the learner's run is scored (lower is better)
 * against "par", the score of the reference solution — computed by the solver, never written.
 */
const challenge = obj(
  {
    score: oneOf(SCORES),
    service: formatted('a service id', ID_PATTERN, 64).optional(),
  },
  'a challenge {"score": "instances" | "retries" | "lost", "service"?: …}',
);

const goal = obj(
  {
    text: bilingual(),
    hints: list(bilingual(), 'hints', 5).default([]),
    check: goalSchema,
    challenge: challenge.optional(),
  },
  'a goal {"text", "hints", "check", "challenge"?}',
);

/**
 * "Pause before the interesting bit": the app pauses the run at `at` ms after the step began, or
 * just before the first event matching `before` (as the run stands when the step begins), and
 * asks the class what happens next (`prompt`, or a default question).
 */
const pause = obj(
  {
    at: wholeNumber(0, 3_600_000).optional(),
    before: eventFilterSchema.optional(),
    prompt: bilingual(500).optional(),
  },
  'a pause {"at": ms} or {"before": {"event", "where"?}}, with an optional "prompt"',
).check((ctx) => {
  if ((ctx.value.at === undefined) === (ctx.value.before === undefined))
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      path: [],
      message: 'expected exactly one of "at" (ms after the step begins) or "before" (an event)',
    });
});

const step = obj(
  {
    narration: bilingual(),
    spotlight: list(spot, 'spotlight ids', 20).optional(),
    demo: commands.optional(),
    quiz: quiz.optional(),
    pause: pause.optional(),
    goal: goal.optional(),
    solution: commands.optional(),
  },
  'a step {"narration", …}',
).check((ctx) => {
  const s = ctx.value;
  if (s.goal && !s.solution)
    ctx.issues.push({
      code: 'custom',
      input: s,
      path: ['solution'],
      message: 'missing; a step with a goal needs a reference "solution" (commands)',
    });
  if (!s.goal && s.solution)
    ctx.issues.push({
      code: 'custom',
      input: s,
      path: ['solution'],
      message: 'a solution without a goal solves nothing; add a "goal" or remove it',
    });
});

export const lessonSchema = obj(
  {
    $schema: z.string().optional(),
    version: z.literal(LESSON_VERSION, {
      error: (iss) => expected(`lesson format version ${LESSON_VERSION}`, iss.input),
    }),
    id: lessonId,
    title: bilingual(200),
    covers: list(oneOf(TOPICS), 'topics', TOPICS.length, 1),
    scenario: z.union(
      [formatted('a scenario name', ID_PATTERN, 64), z.record(z.string(), z.unknown())],
      {
        error: (iss) => expected('a scenario name or a scenario object', iss.input),
      },
    ),
    /** Plays the scenario's own script too (default false: a lesson's run starts still). */
    keepScript: z.boolean().default(false),
    seed: wholeNumber(0, 0xffffffff).optional(),
    steps: list(step, 'steps', 8, 3),
  },
  'a lesson object',
);

export type LessonFile = z.output<typeof lessonSchema>;
export type LessonStep = LessonFile['steps'][number];
export type Quiz = NonNullable<LessonStep['quiz']>;

export const lessonIndexSchema = obj(
  {
    $schema: z.string().optional(),
    version: z.literal(LESSON_VERSION, {
      error: (iss) => expected(`lesson format version ${LESSON_VERSION}`, iss.input),
    }),
    tracks: list(
      obj(
        {
          id: lessonId,
          title: bilingual(200),
          lessons: list(lessonId, 'lesson ids', 100, 1),
        },
        'a track {"id", "title", "lessons"}',
      ),
      'tracks',
      20,
      1,
    ),
  },
  'a lesson index {"version": 1, "tracks": […]}',
);
export type LessonIndex = z.output<typeof lessonIndexSchema>;
