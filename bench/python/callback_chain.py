"""LoopCallbackChain: one op is one step of a callback chain in which each
step schedules the next with loop.call_soon. Prints "<name> <ns/op>"."""
import asyncio
import sys
import time

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main():
    loop = asyncio.new_event_loop()
    left = steps

    def step():
        nonlocal left
        left -= 1
        if left > 0:
            loop.call_soon(step)
        else:
            loop.stop()

    start = time.perf_counter_ns()
    loop.call_soon(step)
    loop.run_forever()
    ns = time.perf_counter_ns() - start
    loop.close()
    print(f"LoopCallbackChain {ns / steps:.1f}")


main()
