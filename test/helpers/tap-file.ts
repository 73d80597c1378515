import tap, { type Test } from 'tap';

// The `t` of a test file that npm test runs in a shared test process (test/host.ts): npm test's
// compiler (test/run.ts) points each test file's `import t from 'tap'` here. Run on its own
// (`node file.js`), it is tap's root, as before. In a shared process each file's tests run inside a
// subtest of their own, and `t` is that subtest for as long as the file runs: a live binding, so a
// file's top-level code and everything it calls later see their own file's test.

let current: Test = tap;
export { current as default };

/** Runs a test file's code with `t` as the file's subtest, until the subtest has ended. */
export async function asFile(test: Test, body: () => Promise<unknown>): Promise<void> {
  current = test;
  try {
    await body();
  } catch (error) {
    test.threw(error);
  }
}

/** After the file's subtest ended: `t` is tap's root again. */
export function fileEnded(): void {
  current = tap;
}
