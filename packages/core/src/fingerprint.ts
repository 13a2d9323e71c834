import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalize } from "./canonical-json";
import { YIYANG_ERROR_CODES, YiyangError } from "./errors";

/**
 * Hash a string with SHA-256 and return the digest as lowercase hex.
 *
 * The string is hashed as UTF-8 bytes, so the result matches `sha256sum` over a UTF-8 file, or any
 * other SHA-256 implementation given the same text. Runs the same in browsers and in Node.
 *
 * @param text - the text to hash
 * @returns 64 lowercase hexadecimal characters
 * @throws {@link YiyangError} `invalid_argument` when `text` is not a string
 *
 * @example
 * ```ts
 * sha256Hex("abc");
 * //=> "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export function sha256Hex(text: string): string {
  if (typeof text !== "string") {
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `sha256Hex expects a string, got ${text === null ? "null" : typeof text}.`,
      { messageZh: `sha256Hex 需要字符串参数，实际为 ${text === null ? "null" : typeof text}。` },
    );
  }
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * Compute the content fingerprint of a rule document: `"sha256:"` and the SHA-256 of its canonical JSON.
 *
 * Two systems holding the same rules get the same fingerprint, whatever language they are written in:
 * the document is first put in RFC 8785 canonical form (see {@link canonicalize}), so key order, white
 * space and number spelling (`4.50` or `4.5`) do not matter, and then hashed as UTF-8.
 *
 * Three things are left out, because none of them changes what the rules compute: the top-level
 * `tests` (adding or fixing a test case), `$schema` (a hint for editors) and `effective.to` (set on a
 * version when its successor is published, long after results were made under it: closing a version
 * must not make those results look as if they came from other rules). Keys with these names deeper in
 * the document are kept. To recompute a fingerprint elsewhere: drop those three members, canonicalize
 * with any RFC 8785 implementation, and take the SHA-256 of the UTF-8 bytes. The input is not modified.
 *
 * @param document - the rule document, as parsed from JSON (a plain object)
 * @returns `"sha256:"` followed by 64 lowercase hexadecimal characters
 * @throws {@link YiyangError} `invalid_argument` when `document` is not a plain object, or when it
 *   holds anything {@link canonicalize} rejects (non-finite numbers, `undefined` in arrays, functions,
 *   non-plain objects, lone surrogates, cycles, nesting deeper than 1,000 levels)
 *
 * @example
 * ```ts
 * const a = fingerprint(JSON.parse('{"id":"adl","version":"1.0.0","tests":[]}'));
 * const b = fingerprint(JSON.parse('{ "version": "1.0.0", "id": "adl" }'));
 * a === b; //=> true
 * a; //=> "sha256:e17efb9487b3a00bfdfa41d58f2c6a70043d361093736435bf0d79a4755ed4ab"
 * ```
 */
export function fingerprint(document: Record<string, unknown>): string {
  const proto: unknown =
    typeof document === "object" && document !== null ? Object.getPrototypeOf(document) : undefined;
  if (Array.isArray(document) || (proto !== Object.prototype && proto !== null)) {
    const kind = describe(document);
    throw new YiyangError(
      YIYANG_ERROR_CODES.INVALID_ARGUMENT,
      `fingerprint expects a rule document (a plain object), got ${kind}.`,
      { messageZh: `fingerprint 需要规则文档（普通对象），实际为 ${kind}。` },
    );
  }
  // A copy without a prototype, so a "__proto__" key is copied as an ordinary property.
  const rules: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(document)) {
    if (key !== "tests" && key !== "$schema") rules[key] = document[key];
  }
  const effective = rules.effective;
  if (typeof effective === "object" && effective !== null && !Array.isArray(effective) && "to" in effective) {
    const { to: _closedOn, ...rest } = effective as Record<string, unknown>;
    rules.effective = rest;
  }
  return "sha256:" + sha256Hex(canonicalize(rules));
}

/** A short description of a value that is not a plain object, for messages. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const ctor: unknown = (value as { constructor?: unknown }).constructor;
  return typeof ctor === "function" && ctor.name !== "" ? `a ${ctor.name}` : "a non-plain object";
}
