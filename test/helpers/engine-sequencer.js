const Sequencer = require('@jest/test-sequencer').default;

/**
 * Order of the engine test files (run one at a time on the one shared engine). Tests that pin the
 * engine clock run first, while engine time is still close to the wall clock; the restart (which
 * brings the clock back to the wall clock) next to last; the test that moves engine time 49 hours
 * forward last, so no later test ever sees the clock go back.
 */
const LAST = ['stack-restart', 'engine-clock'];
const FIRST = ['tasklist-whole-second'];

const rank = (path) => {
  const first = FIRST.findIndex((n) => path.includes(n));
  if (first >= 0) return first;
  const last = LAST.findIndex((n) => path.includes(n));
  return last >= 0 ? 1000 + last : 100;
};

class EngineSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = EngineSequencer;
