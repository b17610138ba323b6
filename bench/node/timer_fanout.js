// TimerFanout: one op is 100,000 async functions, each awaiting ten
// sequential 1 ms timers. Runs the op `reps` times and prints
// "<name> <mean ns/op>".
'use strict';
const reps = Number(process.argv[2] || 3);
const tasks = 100000;
const timers = 10;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function task() {
  for (let i = 0; i < timers; i++) {
    await sleep(1);
  }
}

async function main() {
  let total = 0;
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    const all = [];
    for (let i = 0; i < tasks; i++) all.push(task());
    await Promise.all(all);
    total += Number(process.hrtime.bigint() - start);
  }
  console.log(`TimerFanout ${(total / reps).toFixed(0)}`);
}
main();
