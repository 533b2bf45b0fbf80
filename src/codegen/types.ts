/** The codegen's public types. */
import type { Lang } from '../shared';

/** One file of the generated project; paths are relative and use "/". */
export interface ProjectFile {
  path: string;
  contents: string;
}

/**
 * A file shown in the code panel. `lines` maps a message pattern to the 1-based line numbers that
 * send it (gateway) or handle it (service), so the panel can highlight the line of a moving token.
 */
export interface CodeFile extends ProjectFile {
  lines?: Record<string, number[]>;
}

export interface CodegenOptions {
  /** Language of the comments (and the README's first section). */
  lang: Lang;
}

export interface GeneratedProject {
  files: ProjectFile[];
}
