/** Nesting kept when a value is too deep for JSON.stringify (whose recursion would overflow the stack). */
const KEPT_DEPTH = 64;

/** Stands in for whatever was nested deeper than {@link KEPT_DEPTH}. */
export const TOO_DEEP = `[nested deeper than ${KEPT_DEPTH} levels]`;

/** A copy of a JSON value cut at `depth` levels, made without recursion. */
function cut(value: unknown, depth: number): unknown {
  const root: { value?: unknown } = {};
  const jobs: Array<{ value: unknown; level: number; set: (copy: unknown) => void }> = [{ value, level: 0, set: (copy) => (root.value = copy) }];
  while (jobs.length > 0) {
    const job = jobs.pop() as (typeof jobs)[number];
    const current = job.value;
    if (typeof current !== "object" || current === null) {
      job.set(current);
      continue;
    }
    if (job.level >= depth) {
      job.set(TOO_DEEP);
      continue;
    }
    if (Array.isArray(current)) {
      const copy: unknown[] = new Array(current.length);
      job.set(copy);
      current.forEach((item, i) => jobs.push({ value: item, level: job.level + 1, set: (c) => (copy[i] = c) }));
    } else {
      const copy: Record<string, unknown> = {};
      job.set(copy);
      for (const key of Object.keys(current)) {
        // Each key is placed now, so the copy keeps the original order; its value comes when its job runs.
        const own = { value: null as unknown, enumerable: true, writable: true, configurable: true };
        Object.defineProperty(copy, key, own);
        jobs.push({ value: (current as Record<string, unknown>)[key], level: job.level + 1, set: (c) => Object.defineProperty(copy, key, { ...own, value: c }) });
      }
    }
  }
  return root.value;
}

/**
 * `JSON.stringify`, except that a value nested too deep to write (a record's `id` that is an array
 * 100,000 levels deep, say) is written cut at 64 levels instead of stopping the run with a stack
 * overflow.
 *
 * @param value - a JSON value (what JSON.parse gave, or a result built from one)
 * @returns its JSON text
 */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(cut(value, KEPT_DEPTH));
  }
}
