/**
 * The lesson picker: tracks in order, each lesson with its title in the learner's language, what
 * it covers and how far the learner got. The listing is read lazily when the dialog opens.
 */
import { useEffect, useState } from 'react';
import { lessonStore } from '../../state';
import { useLesson, useUi } from '../../state/hooks';
import { Dialog } from '../primitives/Dialog';
import { useT } from '../useT';
import './lessons.css';

export interface LessonListingView {
  tracks: { id: string; title: { en: string; 'pt-BR': string }; lessons: string[] }[];
  lessons: Record<
    string,
    { title: { en: string; 'pt-BR': string }; covers: string[]; steps: number }
  >;
}

export default function LessonPicker(props: {
  listing(): Promise<LessonListingView>;
  onOpen(id: string): void;
}) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const progress = useLesson((s) => s.progress);
  const [listing, setListing] = useState<LessonListingView | null>(null);
  const { listing: load } = props;
  useEffect(() => {
    let live = true;
    void load().then((l) => live && setListing(l));
    return () => {
      live = false;
    };
  }, [load]);
  const close = () => lessonStore.getState().setPickerOpen(false);
  return (
    <Dialog
      title={t('lessons.title')}
      dataId="lesson-picker"
      className="lesson-picker"
      closeLabel={t('dialog.close')}
      onClose={close}
    >
      {!listing ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        listing.tracks.map((track) => (
          <section key={track.id} className="lesson-track">
            <h3>{track.title[lang]}</h3>
            <ol>
              {track.lessons.map((id) => {
                const l = listing.lessons[id];
                if (!l) return null;
                const p = progress[id];
                const done = p ? p.met.length : 0;
                return (
                  <li key={id}>
                    <button
                      type="button"
                      className="lesson-pick"
                      data-id={`lesson-${id}`}
                      onClick={() => {
                        close();
                        props.onOpen(id);
                      }}
                    >
                      <span className="lesson-pick-title">{l.title[lang]}</span>
                      <span className="lesson-pick-meta">
                        {t('lessons.stepsCount', { n: l.steps })}
                        {p ? ` · ${t('lessons.goalsDone', { n: done })}` : ''}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </section>
        ))
      )}
    </Dialog>
  );
}
