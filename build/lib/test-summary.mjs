// Sums the results of every test run (xunit TRX files, Vitest's JSON report, and one-test checks such as
// Spectral's written as NAME.check.json: {"name": "...", "outcome": "passed" | "failed"}), lists failures,
// and prints the one closing line: "N passed, N failed, N skipped". Exit code 1 on any failure.
// Usage: node test-summary.mjs RESULTS_DIR [extra-failures]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [resultsDir, extraFailuresArg = '0'] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;
const failures = [];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const attribute = (text, name) => Number((text.match(new RegExp(`\\b${name}="(\\d+)"`)) || [])[1] || 0);

for (const file of walk(resultsDir)) {
  if (file.endsWith('.trx')) {
    const trx = readFileSync(file, 'utf8');
    const counters = (trx.match(/<Counters [^>]*\/>/) || [''])[0];
    passed += attribute(counters, 'passed');
    failed += attribute(counters, 'failed') + attribute(counters, 'error') + attribute(counters, 'timeout') + attribute(counters, 'aborted');
    skipped += attribute(counters, 'notExecuted');
    for (const match of trx.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"/g)) {
      failures.push(match[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    }
  } else if (file.endsWith('.check.json')) {
    const check = JSON.parse(readFileSync(file, 'utf8'));
    if (check.outcome === 'passed') {
      passed += 1;
    } else {
      failed += 1;
      failures.push(check.name);
    }
  } else if (file.endsWith('vitest.json')) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests || 0);
    for (const suite of report.testResults || []) {
      for (const test of suite.assertionResults || []) {
        if (test.status === 'failed') failures.push(`web: ${test.fullName}`);
      }
    }
  }
}

// A test project that crashed or a web test run that did not finish leaves no complete report.
failed += Number(extraFailuresArg);

if (failures.length > 0) {
  console.log('\nFailed tests:');
  for (const name of failures) console.log(`  - ${name}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
