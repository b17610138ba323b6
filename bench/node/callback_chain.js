// LoopCallbackChain: one op is one step of a callback chain in which each
// step schedules the next with setImmediate. Prints "<name> <ns/op>".
'use strict';
const steps = Number(process.argv[2] || 1e6);

let left = steps;
const start = process.hrtime.bigint();
function step() {
  if (--left > 0) {
    setImmediate(step);
    return;
  }
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`LoopCallbackChain ${(ns / steps).toFixed(1)}`);
}
setImmediate(step);
