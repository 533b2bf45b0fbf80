import { useState } from 'react';
import type { SimModel } from '../../engine/types';
import { useSim, useUi } from '../../state/hooks';
import { useCodeT } from './codeI18n';
import { downloadBlob, fileSafe } from './download';

/** "Export as NestJS project": zips the generated workspace (fflate, loaded on the first click). */
export function ExportButton({ model }: { model: SimModel }) {
  const t = useCodeT();
  const lang = useUi((s) => s.lang);
  const scenario = useSim((s) => s.scenario);
  const [error, setError] = useState<string | null>(null);
  const onExport = async () => {
    setError(null);
    try {
      const { projectZip } = await import('./exportZip');
      const root = `${fileSafe(scenario)}-nestjs`;
      const bytes = projectZip(model, lang, root);
      downloadBlob(new Blob([bytes as BlobPart], { type: 'application/zip' }), `${root}.zip`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        data-id="export-nestjs"
        title={t('code.exportHint')}
        onClick={() => void onExport()}
      >
        {t('code.export')}
      </button>
      {error && (
        <p role="alert" className="code-error">
          {t('code.exportFailed', { error })}
        </p>
      )}
    </>
  );
}
