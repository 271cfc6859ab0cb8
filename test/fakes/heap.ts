import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** V8's full collection: `global.gc` under `--expose-gc`, else enabled at run time (no worker flags needed). */
function fullGc(): () => void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  return collect;
}

/**
 * Bytes of heap in use after full garbage collections: what is still reachable. For "the heap stays
 * flat" specs, e.g. compare `heapAfterGc()` after 100 and after 1,000 iterations. Works in any
 * vitest pool without `--expose-gc`.
 */
export function heapAfterGc(): number {
  const gc = fullGc();
  // Twice: the first pass may only run finalizers and clear weak references that free more.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
