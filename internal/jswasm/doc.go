// Package jswasm holds the js/wasm programs (in testdata) that its test
// builds with GOOS=js GOARCH=wasm and runs under Node before and after
// unhell rewrites their syscall/js promise chains.
package jswasm
