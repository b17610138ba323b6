"""SuspendedMemory: the memory one task holds while suspended in an await,
with 100,000 of them suspended at once. Method: tracemalloc's traced
memory (every Python allocation), before creating the tasks and once all
are suspended, divided by their number. Prints "<name> <B/coroutine>"."""
import asyncio
import gc
import tracemalloc

TASKS = 100_000


async def task(fut):
    await fut


async def main():
    loop = asyncio.get_running_loop()
    futures = []
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    futures.extend(loop.create_future() for _ in range(TASKS))
    tasks = [asyncio.ensure_future(task(f)) for f in futures]
    await asyncio.sleep(0)  # let every task start and suspend
    gc.collect()
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"SuspendedMemory {(after - before) / TASKS:.0f}")
    for f in futures:
        f.set_result(None)
    await asyncio.gather(*tasks)


asyncio.run(main())
