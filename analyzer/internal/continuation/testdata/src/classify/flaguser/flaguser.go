// Package flaguser calls package sdk, named by the -async flag.
package flaguser

import "classify/sdk"

func fetch(c *sdk.Client, cb func(string)) { c.Get("k", cb) } // want fetch:`async\(cb\)`

func use(c *sdk.Client) {
	c.Get("k", func(string) {})                   // want `continuation \(-async flag\)`
	sdk.Fire(func() {})                           // want `continuation \(-async flag\)`
	sdk.Confirm("q", func() error { return nil }) // want `continuation \(-async flag\)`
	sdk.Other(func() {})                          // want `not: cb of sdk.Other is stored at sdk.go:23; blocker classify/sdk.Other`
	fetch(c, func(string) {})                     // want `continuation \(inferred\)`
}
