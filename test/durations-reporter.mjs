// A web-test-runner reporter that prints, at the end of a run, how long each test file's tests took (the sum of
// their durations) and the slowest tests: what scripts/test.sh's time budget is spent on (docs/testing.md).
const sum = (suite) =>
  suite.tests.reduce((t, r) => t + (r.duration ?? 0), 0) + suite.suites.reduce((t, s) => t + sum(s), 0);
const flat = (suite, prefix = '') =>
  suite.tests
    .map((r) => ({ name: `${prefix}${r.name}`, duration: r.duration ?? 0 }))
    .concat(...suite.suites.map((s) => flat(s, `${prefix}${s.name} > `)));

export function durationsReporter({ slowest = 5 } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const files = sessions
        .filter((s) => s.testResults)
        .map((s) => ({ file: s.testFile.replace(`${process.cwd()}/`, ''), ms: sum(s.testResults), tests: flat(s.testResults) }))
        .sort((a, b) => b.ms - a.ms);
      if (files.length === 0) return;
      const lines = ['', 'Time per test file (sum of its tests):'];
      for (const f of files) lines.push(`  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${f.file}`);
      const tests = files.flatMap((f) => f.tests.map((t) => ({ ...t, file: f.file }))).sort((a, b) => b.duration - a.duration);
      lines.push(`Slowest ${slowest} tests:`);
      for (const t of tests.slice(0, slowest)) lines.push(`  ${(t.duration / 1000).toFixed(1).padStart(7)} s  ${t.file}: ${t.name}`);
      console.log(lines.join('\n'));
    },
  };
}
