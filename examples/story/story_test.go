// Package story_test runs the story's two programs, written with callbacks
// and as coroutines, and checks that they print the same trace.
package story_test

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

// TestTwinsPrintTheSameTrace runs both programs with go run and wants each
// output to equal testdata/trace.golden byte for byte.
func TestTwinsPrintTheSameTrace(t *testing.T) {
	golden, err := os.ReadFile("testdata/trace.golden")
	if err != nil {
		t.Fatal(err)
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to run the programs: %v", err)
	}
	for _, program := range []string{"./callbacks", "./sequential"} {
		t.Run(program, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			cmd := exec.Command(gobin, "run", program)
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go run %s: %v\n%s", program, err, stderr.Bytes())
			}
			if !bytes.Equal(out, golden) {
				t.Errorf("go run %s printed:\n%s\nwant (testdata/trace.golden):\n%s", program, out, golden)
			}
		})
	}
}
