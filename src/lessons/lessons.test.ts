/**
 * Every lesson in simulations/lessons: valid, in the index, solved by its reference solutions and
 * not solved by doing nothing, and fully written in both languages (Brazilian Portuguese).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLessonIndex, parseLessonText, type Lesson } from './load';
import { TOPICS } from './schema';
import { passes, reportOf, solveLesson } from './solver';

const dir = new URL('../../simulations/', import.meta.url);
const lessonDir = new URL('lessons/', dir);

const scenarios = new Map<string, unknown>(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown]),
);
const files = readdirSync(lessonDir).filter((f) => f.endsWith('.json') && f !== 'index.json');
const lessons: Lesson[] = files.map((f) => {
  const r = parseLessonText(readFileSync(new URL(f, lessonDir), 'utf8'), scenarios);
  if (!r.ok) throw new Error(`${f}: ${r.error.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  expect(r.value.file.id).toBe(f.slice(0, -5));
  return r.value;
});

describe('the curriculum', () => {
  it('has at least 14 lessons, all in exactly one track of the index', () => {
    expect(lessons.length).toBeGreaterThanOrEqual(14);
    const index = JSON.parse(readFileSync(new URL('index.json', lessonDir), 'utf8')) as unknown;
    const r = parseLessonIndex(
      index,
      lessons.map((l) => l.file.id),
    );
    expect(r.ok ? [] : r.error).toEqual([]);
  });

  it('covers every topic of the vocabulary', () => {
    const covered = new Set(lessons.flatMap((l) => l.file.covers));
    expect(TOPICS.filter((t) => !covered.has(t))).toEqual([]);
  });

  it('has goals in every lesson and quizzes in some', () => {
    for (const l of lessons)
      expect(
        l.steps.some((s) => s.file.goal),
        l.file.id,
      ).toBe(true);
    expect(lessons.filter((l) => l.steps.some((s) => s.file.quiz)).length).toBeGreaterThan(3);
  });
});

describe.each(lessons.map((l) => [l.file.id, l] as const))('lesson %s', (_id, lesson) => {
  it('every goal is met by its solution and not met when the learner does nothing; par is reached', () => {
    const details = solveLesson(lesson);
    const report = reportOf(lesson, details);
    expect(
      report.steps.filter((s) => s.hasGoal && !(s.solvedBySolution && !s.metWithoutActions)),
    ).toEqual([]);
    expect(passes(report)).toBe(true);
    // A challenge's par is the score its solution reaches: it must reach one.
    details.forEach((d, i) => {
      if (lesson.steps[i]!.file.goal?.challenge)
        expect(d.challenge?.par, `step ${i} par`).toEqual(expect.any(Number));
    });
  });

  it('every text exists in English and Brazilian Portuguese, translated, without raw HTML', () => {
    const texts: { path: string; en: unknown; pt: unknown }[] = [];
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        if ('en' in o || 'pt-BR' in o) texts.push({ path, en: o.en, pt: o['pt-BR'] });
        else if (path !== '.scenario')
          for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
      }
    };
    walk(lesson.file, '');
    expect(texts.length).toBeGreaterThan(lesson.steps.length);
    for (const { path, en, pt } of texts) {
      expect(typeof en === 'string' && en.trim() !== '', `${path}.en`).toBe(true);
      expect(typeof pt === 'string' && pt.trim() !== '', `${path}.pt-BR`).toBe(true);
      const prose =
        (en as string)
          .replace(/`[^`]*`/g, '')
          .trim()
          .split(/\s+/).length >= 3;
      if (prose) expect(pt, `${path}: pt-BR is the English text`).not.toBe(en);
      // Code spans may show `<len>#<json>`; outside them, no raw HTML.
      const outsideCode = `${en as string} ${pt as string}`.replace(/`[^`]*`/g, '');
      expect(outsideCode, `${path}: raw HTML`).not.toMatch(/<[a-z/!]/i);
    }
  });

  it('Portuguese is Brazilian and follows the glossary (docs/glossary.md)', () => {
    const pt = JSON.stringify(lesson.file, (k, v: unknown) => (k === 'en' ? undefined : v));
    // European turns and words a Brazilian teacher would not write.
    for (const bad of [
      /\bestá a \w+r\b/,
      /\b(as suas|os seus) /i,
      /\butilizador/i,
      /\bficheiro/i,
      /\becrã/i,
      /\bregisto\b/i,
      /\bequipa\b/i,
      /\bactualiz/i,
      /\btu\b/i,
    ])
      expect(pt, String(bad)).not.toMatch(bad);
  });
});
