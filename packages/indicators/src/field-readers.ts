/**
 * Readers that copy a record's declared fields into an array, one function literal per subject kind.
 *
 * Why a pool of identical-looking functions: V8 keeps its inline caches per place in the code. A
 * single `record[name]` in a loop over field names sees every name and every record shape, goes
 * megamorphic and costs about 20 ns a field. Here each subject kind gets its own reader, in which
 * field `k` is always read at the same place `k`, so every place sees one name and (usually) one
 * record shape and stays monomorphic: measured about 3× faster on person records. Readers are handed
 * out round-robin when catalogs are loaded; past the pool's size a reader is shared by two subject
 * kinds, which is still correct, only slower. No code is generated at run time (no `eval`, no
 * `new Function`).
 * @internal
 */

/**
 * Copies `record[names[k]]` into `out[k]` for every `k < names.length`. Records are plain objects
 * (checked before); the names are declared fields, never the names of `Object.prototype`.
 * @internal
 */
export type RecordReader = (record: Record<string, unknown>, names: readonly string[], out: unknown[]) => void;

/* The same text in each literal, so each gets its own inline caches; 24 fields at their own places, further ones share one. */
const READERS: readonly RecordReader[] = [
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
  (r, n, o) => { const c = n.length; if (c > 0) o[0] = r[n[0] as string]; if (c > 1) o[1] = r[n[1] as string]; if (c > 2) o[2] = r[n[2] as string]; if (c > 3) o[3] = r[n[3] as string]; if (c > 4) o[4] = r[n[4] as string]; if (c > 5) o[5] = r[n[5] as string]; if (c > 6) o[6] = r[n[6] as string]; if (c > 7) o[7] = r[n[7] as string]; if (c > 8) o[8] = r[n[8] as string]; if (c > 9) o[9] = r[n[9] as string]; if (c > 10) o[10] = r[n[10] as string]; if (c > 11) o[11] = r[n[11] as string]; if (c > 12) o[12] = r[n[12] as string]; if (c > 13) o[13] = r[n[13] as string]; if (c > 14) o[14] = r[n[14] as string]; if (c > 15) o[15] = r[n[15] as string]; if (c > 16) o[16] = r[n[16] as string]; if (c > 17) o[17] = r[n[17] as string]; if (c > 18) o[18] = r[n[18] as string]; if (c > 19) o[19] = r[n[19] as string]; if (c > 20) o[20] = r[n[20] as string]; if (c > 21) o[21] = r[n[21] as string]; if (c > 22) o[22] = r[n[22] as string]; if (c > 23) o[23] = r[n[23] as string]; for (let k = 24; k < c; k++) o[k] = r[n[k] as string]; },
];

let next = 0;

/**
 * The reader for the next subject kind loaded: the pool is used round-robin across every catalog.
 * @internal
 */
export function takeRecordReader(): RecordReader {
  const reader = READERS[next % READERS.length] as RecordReader;
  next++;
  return reader;
}
