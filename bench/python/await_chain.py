"""LoopAwaitChain: one op is one step of a coroutine awaiting a future that
the loop resolves on its next turn (loop.call_soon). Prints
"<name> <ns/op>"."""
import asyncio
import sys
import time

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter_ns()
    for _ in range(steps):
        fut = loop.create_future()
        loop.call_soon(fut.set_result, None)
        await fut
    ns = time.perf_counter_ns() - start
    print(f"LoopAwaitChain {ns / steps:.1f}")


asyncio.run(main())
