/** Splits `items` into consecutive batches of at most `size`, for APIs that cap how many ids one call takes. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** `target.push(...items)` without the spread, which overflows the call stack beyond ~100,000 items. */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
