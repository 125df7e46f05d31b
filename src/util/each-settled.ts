/**
 * Run `step` on each item in order, `concurrency` at a time. After a failure no new item starts; every running
 * step settles, then the first failure is thrown (so no step is still writing when the caller cleans up).
 */
export async function eachSettled<T>(items: readonly T[], concurrency: number, step: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const index = next;
      next += 1;
      try {
        await step(items[index] as T, index);
      } catch (err) {
        failures.push(err);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
