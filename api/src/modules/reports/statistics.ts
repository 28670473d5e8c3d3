/** What the reports say about a set of durations in business days. */
export interface DurationSummary {
  count: number
  median: number | null
  p90: number | null
}

/**
 * The median (the mean of the two middle values when their number is even) and the 90th
 * percentile by nearest rank: the smallest value that at least 90 % of the durations do not
 * exceed, so «P90 = 6» reads «nine in ten took 6 business days or fewer». Null for no values.
 */
export function summarizeDurations(values: readonly number[]): DurationSummary {
  if (values.length === 0) return { count: 0, median: null, p90: null }
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!
  return { count: sorted.length, median, p90 }
}
