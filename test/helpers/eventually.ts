/** Polls `check` until it is true, for what the app reaches in the background; fails after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  { timeoutMs = 20_000, pollMs = 100, what = 'condition' }: { timeoutMs?: number; pollMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
