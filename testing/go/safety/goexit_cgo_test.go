//go:build cgo && !uniffi_remote

package safety_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/safety"
)

// goexitChildEnv names the case TestGoexitInSyncCallbacks runs in a child process.
const goexitChildEnv = "UNIFFI_GO_TEST_GOEXIT_CASE"

var goexitCases = map[string]func(){
	"caller-thread":        func() { _, _ = safety.SumValues(goexitSource{}, 2) },
	"caller-thread-string": func() { _, _ = safety.LabelOf(goexitSource{}) },
	"rust-thread":          func() { _, _ = safety.ValueOnThread(goexitSource{}) },
	"trait-object":         func() { _, _ = safety.RunWorker(goexitWorker{}, 1) },
}

// runtime.Goexit in a synchronous Go callback cannot end only the callback: Rust waits on the
// same thread, and the Go runtime cannot unwind its frames (on a thread Rust created it aborts).
// Running each callback on a goroutine of its own would make Goexit harmless but costs about a
// hundred times the callback (docs/performance.md), so the program stops instead, at once and
// naming the cause, rather than hanging, corrupting the thread's stack or aborting with the
// runtime's message. Each case runs in a child process.
func TestGoexitInSyncCallbacks(t *testing.T) {
	if name := os.Getenv(goexitChildEnv); name != "" {
		goexitCases[name]()
		fmt.Println("the call returned")
		os.Exit(0)
	}
	for name := range goexitCases {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestGoexitInSyncCallbacks$", "-test.count=1")
			cmd.Env = append(os.Environ(), goexitChildEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("the child hung:\n%s", out)
			}
			if err == nil {
				t.Fatalf("the child went on after Goexit in a callback:\n%s", out)
			}
			for _, want := range []string{"runtime.Goexit", "Rust waits for the answer on this thread", "goexitSource"} {
				if name == "trait-object" && want == "goexitSource" {
					want = "goexitWorker"
				}
				if !strings.Contains(string(out), want) {
					t.Fatalf("the child's output does not name %q:\n%s", want, out)
				}
			}
		})
	}
}
