// Order statistics and number formatting shared by the figures.

/** The nearest-rank percentile `p` (0–100) of `samples` (any array-like of numbers). */
export function percentile(samples, p) {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (samples) => percentile(samples, 50);

/** A number with about three significant digits and thousands separators. */
export function fmt(value) {
  if (!Number.isFinite(value)) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** `a ÷ b` as "12×"; "—" when either side is missing or zero. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? `${fmt(a / b)}×` : "—";
}

/** A run's `latencies` as "p50 / p99". */
export const latency = ({ latencies }) => `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`;
