/**
 * A cache keyed by one primitive value read from a profile (or a string spelling out several):
 * booleans, `null` and small non-negative integers, the values catalog rules read most, are kept
 * in fields and an array, so looking them up needs no hashing; other keys go to a `Map`. Keys
 * compare as a `Map`'s do (`-0` is `0`). Bounded: past `limit` entries, new keys are not kept.
 * @internal
 */
export class ValueCache<T> {
  #true: T | undefined = undefined;
  #false: T | undefined = undefined;
  #null: T | undefined = undefined;
  readonly #small: (T | undefined)[] = [];
  readonly #other = new Map<unknown, T>();
  #size = 0;

  constructor(readonly limit: number) {}

  /** How many entries it holds. */
  get size(): number {
    return this.#size;
  }

  get(key: unknown): T | undefined {
    if (typeof key === "number") return key >= 0 && key < SMALL && (key | 0) === key ? this.#small[key] : this.#other.get(key);
    if (key === true) return this.#true;
    if (key === false) return this.#false;
    if (key === null) return this.#null;
    return this.#other.get(key);
  }

  /** Keep `value` for `key` unless the cache is full (or `key` is already kept). */
  add(key: unknown, value: T): void {
    if (this.#size >= this.limit || this.get(key) !== undefined) return;
    this.#size++;
    if (typeof key === "number" && key >= 0 && key < SMALL && (key | 0) === key) this.#small[key] = value;
    else if (key === true) this.#true = value;
    else if (key === false) this.#false = value;
    else if (key === null) this.#null = value;
    else this.#other.set(key, value);
  }
}

/** Integers below this are kept in the array. */
const SMALL = 256;
