package diag

// The codes. The registry below documents each; docs/refusals.md is
// written from it.
const (
	// Findings.
	Chain         Code = "chain"
	Loop          Code = "loop"
	Twin          Code = "twin"
	TwinCall      Code = "twin-call"
	UnusedWrapper Code = "unused-wrapper"
	Series        Code = "series"

	// Chains that are not rewritten.
	NotAtMostOnce     Code = "not-at-most-once"
	CalleeRepeats     Code = "callee-repeats"
	ResultUsed        Code = "result-used"
	ResultRedeclared  Code = "result-redeclared"
	ResultHoist       Code = "result-hoist"
	ResultKept        Code = "result-kept"
	ResultType        Code = "result-type"
	NoZeroValue       Code = "no-zero-value"
	TooManyParams     Code = "too-many-params"
	VariadicCallback  Code = "variadic-callback"
	ManyResults       Code = "many-results"
	MixedResults      Code = "mixed-results"
	NamedResult       Code = "named-result"
	NoReturnAfter     Code = "no-return-after"
	DeferInCallback   Code = "defer-in-callback"
	RecoverInCallback Code = "recover-in-callback"
	LabelClash        Code = "label-clash"
	// Named callbacks that cannot move to their calls.
	NamedCallbackEscapes  Code = "named-callback-escapes"
	NamedCallbackShadowed Code = "named-callback-shadowed"
	RuntimeImport         Code = "runtime-import"
	RuntimeNameTaken      Code = "runtime-name-taken"

	// Fixes that could not be made.
	FixDoesNotCompile Code = "fix-does-not-compile"
	FixFailed         Code = "fix-failed"
	WrapperComments   Code = "wrapper-comments"

	// Functions that cannot loop.
	LoopNotLast           Code = "loop-not-last"
	LoopInLiteral         Code = "loop-in-literal"
	LoopOtherContinuation Code = "loop-other-continuation"
	LoopOtherReceiver     Code = "loop-other-receiver"
	LoopGeneric           Code = "loop-generic"
	LoopVariadic          Code = "loop-variadic"
	LoopDefer             Code = "loop-defer"
	LoopCaptured          Code = "loop-captured"
	LoopAddress           Code = "loop-address"
	LoopRecover           Code = "loop-recover"
	LoopRedeclared        Code = "loop-redeclared"
	LoopUnflattened       Code = "loop-unflattened"

	// Series helpers whose awaits cannot be loops.
	SeriesItem  Code = "series-item"
	SeriesDefer Code = "series-defer"

	// Callback functions without a sequential twin.
	TwinManyContinuations   Code = "twin-many-continuations"
	TwinSignature           Code = "twin-signature"
	TwinNameTaken           Code = "twin-name-taken"
	TwinPrologue            Code = "twin-prologue"
	TwinDefer               Code = "twin-defer"
	TwinContinuationEscapes Code = "twin-continuation-escapes"
	TwinCalledTwice         Code = "twin-called-twice"
	TwinNotLast             Code = "twin-not-last"
	TwinNotCalled           Code = "twin-not-called"

	// Directives.
	StrayDirective    Code = "stray-directive"
	BadDirective      Code = "bad-directive"
	DirectiveConflict Code = "directive-conflict"
	UnknownDirective  Code = "unknown-directive"
)
