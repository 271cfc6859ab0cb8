/** A list that has at least one element, so its first one needs no check. */
export type NonEmpty<T> = readonly [T, ...T[]];

/** The list as NonEmpty, or undefined when it is empty. */
export function nonEmpty<T>(list: readonly T[]): NonEmpty<T> | undefined {
  const [first, ...rest] = list;
  return first === undefined ? undefined : [first, ...rest];
}
