/**
 * Fault, load and scaling commands as data: exactly the engine's `Command` union
 * (src/engine/types.ts), so a shape that drifts from the engine fails to compile here.
 */
import type { Command, Link as EngineLink } from '../../engine/types';

export type Link = EngineLink;
export type LabCommand = Command;
export type LabCommandType = LabCommand['type'];
