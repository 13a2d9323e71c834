/**
 * The value at a JSON pointer (RFC 6901) in a JSON value, or `undefined` when nothing is there.
 *
 * @param root - the value
 * @param pointer - the pointer, `""` for the root
 * @returns what is there
 *
 * @example
 * ```ts
 * resolvePointer({ a: [1, { b: 2 }] }, "/a/1/b"); //=> 2
 * resolvePointer({ a: [] }, "/a/0"); //=> undefined
 * ```
 */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= current.length) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === "object" && current !== null && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
