// Package sequential is the containers panel of package callbacks after
// unhell -fix: panel.go is that package's panel.go, rewritten by the tool
// and committed unedited but for the package clause. Each handler's chain
// of dialogs and statuses is now one coroutine whose values (the errors the
// toolkit shows) reach the toolkit exactly as before.
package sequential
