// Package unhell is the runtime that code rewritten by the unhell tool
// imports: coroutines that await callbacks ([Go], [Await], [Await1] …
// [Await4]), their twins for callbacks that return a value ([GoV],
// [AwaitV] … [AwaitV4]), and a single-threaded event loop ([Loop]) in the
// spirit of Node's and asyncio's.
//
// Import it under its package name, so it never collides with the standard
// library's runtime:
//
//	import unhell "github.com/unhell/unhell/runtime"
//
// # Coroutines: what runs where
//
// A coroutine started by [Go] runs fn in segments. A segment ends at an
// Await: the coroutine suspends and hands its registration function to
// whoever resumed it, and that resumer calls register(k) on its own stack,
// then returns. [Go] is the first resumer; afterwards the resumer is
// whoever calls k. The coroutine never calls register itself. So:
//
//   - register is called exactly where the original callback code called
//     the callee, and Go returns when the original statement returned
//     (at the first Await, or when fn returns if it never awaits);
//   - calling k runs the next segment, performs the next registration, and
//     returns: a callee that calls k synchronously runs the segment inside
//     its own dynamic extent (inside its locks, before its trailing code);
//     a k called on another goroutine runs the segment on that goroutine
//     (the coroutine's stack is switched in, the calling goroutine waits);
//   - except on a goroutine locked to its OS thread (runtime.LockOSThread,
//     or inside a cgo callback), from which the Go runtime forbids
//     switching to a coroutine not made on that thread with the same
//     locks: there Go, GoV and k run the segment on an ordinary goroutine
//     and wait for it, then perform the registration themselves and
//     re-raise the segment's panic or runtime.Goexit. Order, values and
//     where register runs are as above; what changes is the OS thread
//     that runs the segment, which matters only to thread-affine APIs (a
//     GUI toolkit's main thread, an OpenGL context), and a segment run
//     this way must not wait for its resumer's thread. This holds however
//     the coroutine was started, even when every k is called on the
//     locked goroutine that called Go;
//   - a panic in a segment propagates out of the call to k (or out of Go),
//     and so does runtime.Goexit; the coroutine is finished afterwards;
//   - k may be called at most once. A second call, concurrent or later,
//     panics with a message naming the registration function's file:line;
//     exactly one call resumes the coroutine.
//
// # Value coroutines
//
// A coroutine started by [GoV] is the rewrite of a chain of callbacks that
// return a value: its continuations k return R, and so do its
// registration functions. Everything above holds for it, with one
// addition: the value of a segment is what its resumer returns.
//
//   - GoV returns the result of the first registration, which it calls,
//     or fn's result if fn returns without awaiting;
//   - calling k runs the next segment and returns the result of the
//     registration that segment suspended with (k performs it, on its own
//     stack), or fn's result if fn returned instead.
//
// So every value reaches the caller that got it from the original
// callbacks: the caller of the first callback gets what the registration
// nested in it returned, and the caller of the last one gets fn's result.
//
// # Abandoned coroutines
//
// If k is never called and becomes unreachable, the rest of fn never runs,
// as with the original callbacks. The suspended coroutine is then released
// some time after a garbage collection notices: its Await calls
// runtime.Goexit, so fn's deferred calls run (recover returns nil in them)
// on a fresh goroutine the runtime starts, and the coroutine ends. A panic
// in such a deferred call crashes the program, as any unrecovered panic on
// a goroutine does. A coroutine whose k stays reachable (stored in a
// long-lived structure, or captured by the coroutine's own variables) stays
// suspended as long as k does.
//
// # The loop
//
// [Loop] runs callbacks one at a time on the goroutine that calls
// [Loop.Run]. Each turn first runs the due timers in deadline order, then
// the callbacks posted before the turn's post phase began; callbacks they
// post run on the next turn. Every method's doc comment says from which
// goroutines it may be called: [Loop.Post] (first in, first out),
// [Loop.AfterFunc] and [Timer.Stop], [Loop.Hold] (which keeps Run alive
// while code waits for outside events) and [Loop.Go] from any goroutine,
// Run from any goroutine but one Run at a time.
//
// Run returns nil when no more work can come, ctx.Err() when its context
// ends, and [ErrStopped] after [Loop.Stop]; work not yet run stays queued
// for the next Run. The zero Loop is ready to use.
//
// Timers are kept as Node keeps them, one list per duration, so starting
// and running one costs O(1) plus a heap step over the distinct
// durations; a stopped timer leaves its list lazily, and stopped timers
// never outnumber pending ones.
package unhell
