// Where a test file failed, for the list npm test's runner (test/run.ts) prints at the end of a
// run: a long log's last lines then name what to look at, and CI's summary repeats them.

const SUBTEST = /^(\s*)# Subtest: (.*)$/;
const NOT_OK = /^(\s*)not ok \d+ - (.*?)(?: # time=[\d.]+ms)?$/;
/** The diagnostics worth repeating: what was found and wanted, and where. */
const DIAGNOSTIC = /^(found|wanted|doesNotMatch|pattern|message|error|code|signal): /;

/**
 * Each innermost `not ok` in one file's TAP as the path of subtests that leads to it
 * (`file › subtest › assertion`), followed by a few lines of its diagnostics, indented. A subtest
 * that failed only because something inside it did is not listed again. A file that failed without
 * a failing assertion (a crash, a timeout) is listed with the comments the runner added to its
 * output (its reason and stderr).
 */
export function failuresOf(name: string, output: string): string[] {
  const lines = output.split('\n');
  const open: { indent: number; name: string }[] = [];
  const failures: { path: string[]; diagnostics: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const subtest = SUBTEST.exec(line);
    if (subtest) {
      const indent = subtest[1]!.length;
      while (open.length && open.at(-1)!.indent >= indent) open.pop();
      open.push({ indent, name: subtest[2]! });
      continue;
    }
    const failure = NOT_OK.exec(line);
    if (!failure) continue;
    const indent = failure[1]!.length;
    // A subtest's own `ok`/`not ok` sits at the indent of its `# Subtest:` line and closes it.
    while (open.length && open.at(-1)!.indent > indent) open.pop();
    const inside = open.filter((o) => o.indent < indent).map((o) => o.name);
    // In a shared process the file's output is its own subtest, named by its path.
    if (inside[0] === name) inside.shift();
    const diagnostics: string[] = [];
    if (lines[i + 1]?.trim() === '---') {
      let fileName: string | undefined;
      for (let j = i + 2; j < lines.length && lines[j]!.trim() !== '...'; j++) {
        const text = lines[j]!.trim();
        const at = /^(fileName|lineNumber): (.*)$/.exec(text);
        if (at?.[1] === 'fileName') fileName ??= at[2];
        else if (at && fileName && !diagnostics.some((d) => d.startsWith('at '))) diagnostics.push(`at ${fileName}:${at[2]}`);
        else if ((DIAGNOSTIC.test(text) && !text.endsWith(': null')) || (/^[-+](?![-+]{2} )/.test(text) && !/^-+\^$/.test(text))) diagnostics.push(text.length > 200 ? `${text.slice(0, 200)}…` : text);
      }
    }
    failures.push({ path: [name, ...inside, failure[2]!], diagnostics });
  }
  const key = (path: string[]) => path.join(' › ');
  const innermost = failures.filter((f) => !failures.some((other) => other !== f && key(other.path).startsWith(`${key(f.path)} › `)));
  if (innermost.length === 0) {
    const comments = lines.filter((line) => line.startsWith(`# ${name}:`) || line.startsWith('#   ')).slice(0, 20);
    return [name, ...comments.map((line) => `    ${line.slice(2).trim()}`)];
  }
  return innermost.flatMap((f) => [key(f.path), ...f.diagnostics.slice(0, 10).map((text) => `    ${text}`)]);
}
