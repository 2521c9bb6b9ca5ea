/*
 * The order `yarn test:all` runs test files in. Jest runs first the files
 * that failed last time, then the longest by their last duration, and, for
 * files it has never timed (a fresh clone), the largest first. File size
 * says little here: the longest files are those that start real processes
 * (a browser and the app, PostgreSQL servers, the local cluster with a
 * backend), so among untimed files these go first. Starting the long files
 * early keeps both workers busy to the end of the run instead of one
 * finishing a long file alone.
 */
const Sequencer = require('@jest/test-sequencer').default;

/** How long a file that has never been timed is likely to take, as a rank. */
function rank(testPath) {
  if (/\.e2e\.test\.[jt]sx?$/.test(testPath)) return 3;
  if (/\/sql\/src\/.*\.test\.ts$/.test(testPath)) return 2;
  if (/\.integration\.test\.[jt]sx?$/.test(testPath)) return 1;
  return 0;
}

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    // Jest's order: failed, then untimed by size, then timed by duration.
    const sorted = super.sort(tests);
    const failed = sorted.filter(test => this.hasFailed(test));
    const rest = sorted.filter(test => !this.hasFailed(test));
    // Array.prototype.sort is stable: within a rank, Jest's order stays.
    const untimed = rest
      .filter(test => test.duration === null || test.duration === undefined)
      .sort((a, b) => rank(b.path) - rank(a.path));
    const timed = rest.filter(test => !untimed.includes(test));
    return [...failed, ...untimed, ...timed];
  }
}

module.exports = SlowFirstSequencer;
