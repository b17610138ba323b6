"""TimerFanout: one op is 100,000 tasks, each awaiting ten sequential 1 ms
sleeps. Runs the op `reps` times and prints "<name> <mean ns/op>"."""
import asyncio
import sys
import time

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 1
TASKS = 100_000
TIMERS = 10


async def task():
    for _ in range(TIMERS):
        await asyncio.sleep(0.001)


async def main():
    total = 0
    for _ in range(reps):
        start = time.perf_counter_ns()
        await asyncio.gather(*(task() for _ in range(TASKS)))
        total += time.perf_counter_ns() - start
    print(f"TimerFanout {total / reps:.0f}")


asyncio.run(main())
