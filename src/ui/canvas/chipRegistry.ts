/**
 * Where each instance chip sits inside its service node, in flow units relative to the node's
 * top-left. Written by ServiceNode after layout, read by the token layer's draw loop — a plain
 * Map rather than state because it is read 60 times a second and never drives a render.
 */
export interface Offset {
  x: number;
  y: number;
}

export const chipOffsets = new Map<string, Offset>();
