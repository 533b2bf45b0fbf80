/**
 * "Export as NestJS project": the generated workspace zipped in the browser. A lazy chunk of its
 * own (fflate), loaded only when the learner asks for a zip.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { SimModel } from '../../engine/types';
import type { Lang } from '../../shared';
import { generateProject } from '../../codegen';

/** The zip's bytes: every file under one `<root>/` folder, so unzipping makes one directory. */
export function projectZip(model: SimModel, lang: Lang, root: string): Uint8Array {
  const tree: Zippable = {};
  for (const f of generateProject(model, { lang }).files)
    tree[`${root}/${f.path}`] = strToU8(f.contents);
  return zipSync(tree, { level: 6 });
}
