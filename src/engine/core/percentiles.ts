/** Nearest-rank percentile of an unsorted sample (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  return nearestRank(Float64Array.from(values).sort(), p);
}

/** Nearest-rank percentile of an ascending sample (0 when empty). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
