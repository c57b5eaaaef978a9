// Package namesedge_test covers Rust names that meet in Go (testing/fixtures/namesedge):
// arguments differing only by an underscore, and members renamed in uniffi.toml because they
// would collide with Close, Error and Is.
package namesedge_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/namesedge"
)

func TestArgumentsDifferingOnlyByUnderscore(t *testing.T) {
	got, err := namesedge.CaseArgs(1, 2)
	if err != nil || got != "ab=1 a_b=2" {
		t.Fatalf("CaseArgs(1, 2) = %q, %v", got, err)
	}
}

func TestErrorFieldsNamedLikeErrorMethods(t *testing.T) {
	err := namesedge.FailNamed("boom", false)
	var failed namesedge.FieldNamedErrorFailed
	if !errors.As(err, &failed) || failed.Reason != "boom" {
		t.Fatalf("FailNamed(boom, false) = %#v", err)
	}
	err = namesedge.FailNamed("", true)
	var matched namesedge.FieldNamedErrorMatched
	if !errors.As(err, &matched) || !matched.Matched {
		t.Fatalf("FailNamed(\"\", true) = %#v", err)
	}
	if !errors.Is(err, namesedge.FieldNamedErrorMatched{}) || errors.Is(err, namesedge.FieldNamedErrorFailed{}) {
		t.Fatal("errors.Is matches the wrong variant")
	}
}

func TestMethodNamedClose(t *testing.T) {
	d, err := namesedge.NewDoor()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Shut(); err != nil { // the Rust method
		t.Fatal(err)
	}
	if closed, err := d.IsClosed(); err != nil || !closed {
		t.Fatalf("IsClosed() = %v, %v after the Rust close", closed, err)
	}
	if err := d.Close(); err != nil { // the Go object's Close
		t.Fatal(err)
	}
	if _, err := d.IsClosed(); !errors.Is(err, namesedge.ErrClosed) {
		t.Fatalf("IsClosed() after Close = %v", err)
	}

	c, err := namesedge.MakeCloser()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Shut(); got != "closed by Rust" {
		t.Fatalf("Closer.Shut() = %q", got)
	}
	if rc, ok := c.(*namesedge.RustCloser); ok {
		_ = rc.Close()
	}
}
