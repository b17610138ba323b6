package unwrap

import "testing"

func TestTested(t *testing.T) {
	tested("t", func(v string, err error) { t.Log(v, err) })
}
