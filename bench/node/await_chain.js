// LoopAwaitChain: one op is one step of an async function awaiting a
// promise that the loop resolves on its next turn (setImmediate).
// Prints "<name> <ns/op>".
'use strict';
const steps = Number(process.argv[2] || 1e6);

async function main() {
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`LoopAwaitChain ${(ns / steps).toFixed(1)}`);
}
main();
