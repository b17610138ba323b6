// SuspendedMemory: the V8 heap one async function holds while suspended
// in an await, with 100,000 of them suspended at once. Run with
// --expose-gc. Method: heapUsed after a full GC, before starting them and
// after, divided by their number (the array keeping their resolvers
// reachable is allocated first). Prints "<name> <B/coroutine>".
'use strict';
const tasks = 100000;

async function task(resolvers) {
  await new Promise((resolve) => resolvers.push(resolve));
}

function heapUsed() {
  global.gc();
  return process.memoryUsage().heapUsed;
}

const resolvers = new Array(tasks);
resolvers.length = 0;
const before = heapUsed();
const all = [];
for (let i = 0; i < tasks; i++) all.push(task(resolvers));
const after = heapUsed();
console.log(`SuspendedMemory ${((after - before) / tasks).toFixed(0)}`);
for (const resolve of resolvers) resolve();
