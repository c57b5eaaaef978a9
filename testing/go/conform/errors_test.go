package conform_test

import (
	"errors"
	"fmt"
	"testing"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// A three-level thiserror chain: AppError::Node { #[from] error: NodeError } holding
// NodeError::InvalidName { #[from] source: ParseError }. Unwrap reaches every level.
func TestThiserrorChainUnwraps(t *testing.T) {
	_, err := conform.OpenApp("")
	node := testutil.As[conform.AppErrorNode](t, "OpenApp(\"\")", err)
	invalid, ok := node.Err.(conform.NodeErrorInvalidName)
	if !ok {
		t.Fatalf("Err = %#v, want NodeErrorInvalidName", node.Err)
	}
	if _, ok := invalid.Source.(conform.ParseErrorEmpty); !ok {
		t.Fatalf("Source = %#v, want ParseErrorEmpty", invalid.Source)
	}
	for _, target := range []error{conform.AppErrorNode{}, conform.NodeErrorInvalidName{}, conform.ParseErrorEmpty{}} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %T) = false", target)
		}
	}
	if errors.Is(err, conform.ParseErrorBadChar{}) || errors.Is(err, conform.NodeErrorNoChild{}) {
		t.Error("errors.Is matches a variant not in the chain")
	}

	_, err = conform.OpenApp("a/b")
	wrapped := fmt.Errorf("opening: %w", err)
	var bad conform.ParseErrorBadChar
	if !errors.As(wrapped, &bad) || bad.Ch != "/" || bad.Pos != 1 {
		t.Errorf("errors.As(ParseErrorBadChar) = %#v from %v", bad, err)
	}
	var nodeErr conform.NodeError
	if !errors.As(wrapped, &nodeErr) {
		t.Error("errors.As(NodeError) fails through the chain")
	}

	// Go builds the chain; Rust walks it with std::error::Error::source.
	chain := conform.AppErrorNode{Err: conform.NodeErrorNoChild{Key: "k", Source: conform.ParseErrorBadChar{Ch: "?", Pos: 2}}}
	want := `node failed <- no child "k" <- bad character "?" at 2`
	if got := testutil.Must(conform.DescribeAppError(chain))(t); got != want {
		t.Errorf("DescribeAppError = %q, want %q", got, want)
	}
}

// A `#[source]` field beside another field, and a tuple variant.
func TestSourceFieldBesideOthers(t *testing.T) {
	root := newNode(t, "root")
	_, err := root.Child("x y")
	noChild := testutil.As[conform.NodeErrorNoChild](t, "Child(x y)", err)
	if noChild.Key != "x y" || !errors.Is(err, conform.ParseErrorBadChar{}) {
		t.Errorf("NoChild = %#v", noChild)
	}
	_, err = root.Child("ghost")
	notFound := testutil.As[conform.NodeErrorNotFound](t, "Child(ghost)", err)
	if notFound.V1 != "ghost" {
		t.Errorf("NotFound.V1 = %q", notFound.V1)
	}
	if errors.Unwrap(notFound) != nil {
		t.Error("a tuple variant unwraps")
	}
	testutil.Must(root.WithChild(newNode(t, "ghost")))(t).Close()
	found := testutil.Must(root.Child("ghost"))(t)
	defer found.Close()
	if got := testutil.Must(found.Name())(t); got != "ghost" {
		t.Errorf("Child(ghost) = %q", got)
	}
	testutil.Must(0, root.Clear())(t)
}

// A boxed source, recursive or of another error of the crate, unwraps like a plain one.
func TestBoxedSourcesUnwrap(t *testing.T) {
	err := conform.Chain(3)
	if !errors.Is(err, conform.ChainErrorLeaf{}) {
		t.Errorf("errors.Is(Chain(3), Leaf) = false for %v", err)
	}
	var leaf conform.ChainErrorLeaf
	if !errors.As(err, &leaf) || leaf.Reason != "bottom" {
		t.Errorf("errors.As(Leaf) = %+v", leaf)
	}
	err = conform.Chain(0)
	if !errors.Is(err, conform.ParseErrorEmpty{}) {
		t.Errorf("errors.Is(Chain(0), ParseErrorEmpty) = false for %v", err)
	}
}
