// Command callbacks tells a short story on an unhell loop in callback
// style: three customers order one after another; each order is posted,
// brewed and drunk in callbacks nested three deep, and one order fails.
// Its twin, examples/story/sequential, is what unhell -fix makes of
// main.go, run until it changes nothing, and must print the same trace
// byte for byte.
package main
