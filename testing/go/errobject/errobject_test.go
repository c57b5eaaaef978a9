// Package errobject_test checks objects used as errors (`Result<T, Arc<ObjectError>>`,
// testing/fixtures/errobject): matched with errors.As, Error() from Rust's Display, methods
// callable, handed back to Rust, and freed.
package errobject_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/errobject"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when an object error outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.CountErr("LiveObjectErrors", errobject.LiveObjectErrors),
	))
}

func TestObjectAsError(t *testing.T) {
	v, err := errobject.FailWithObject(4)
	if err != nil || v != 4 {
		t.Fatalf("FailWithObject(4) = %d, %v", v, err)
	}
	v, err = errobject.FailWithObject(-3)
	if v != 0 {
		t.Fatalf("value %d returned with the error", v)
	}
	var objErr *errobject.ObjectError
	if !errors.As(err, &objErr) {
		t.Fatalf("%v (%T) is not an *ObjectError", err, err)
	}
	defer objErr.Close()
	// Error() is the Rust Display text.
	if got := err.Error(); got != "object error -3: negative code -3" {
		t.Fatalf("Error() = %q", got)
	}
	// The error is a live Rust object: its methods work...
	if code, err := objErr.Code(); err != nil || code != -3 {
		t.Fatalf("Code() = %d, %v", code, err)
	}
	if msg, err := objErr.Message(); err != nil || msg != "negative code -3" {
		t.Fatalf("Message() = %q, %v", msg, err)
	}
	// ...and it can go back to Rust.
	if code, err := errobject.ObjectErrorCode(objErr); err != nil || code != -3 {
		t.Fatalf("ObjectErrorCode = %d, %v", code, err)
	}
	wrapped := fmt.Errorf("context: %w", err)
	var again *errobject.ObjectError
	if !errors.As(wrapped, &again) || again != objErr {
		t.Fatal("a wrapped object error no longer matches")
	}
	var ie *errobject.InternalError
	if errors.As(err, &ie) {
		t.Fatal("a declared object error is also an *InternalError")
	}
}

func TestObjectErrorsFromConstructorsAndMethods(t *testing.T) {
	_, err := errobject.NewAccount(-5)
	var objErr *errobject.ObjectError
	if !errors.As(err, &objErr) {
		t.Fatalf("NewAccount(-5) error = %v (%T)", err, err)
	}
	if code, _ := objErr.Code(); code != -1 || err.Error() != "object error -1: negative balance -5" {
		t.Fatalf("NewAccount(-5) error = %q, code %d", err.Error(), code)
	}
	objErr.Close()

	a, err := errobject.NewAccount(10)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if left, err := a.Withdraw(3); err != nil || left != 7 {
		t.Fatalf("Withdraw(3) = %d, %v", left, err)
	}
	_, err = a.Withdraw(20)
	if !errors.As(err, &objErr) {
		t.Fatalf("Withdraw(20) error = %v (%T)", err, err)
	}
	if code, _ := objErr.Code(); code != -2 || err.Error() != "object error -2: cannot withdraw 20 from 7" {
		t.Fatalf("Withdraw(20) error = %q, code %d", err.Error(), code)
	}
	objErr.Close()
}

// Error objects are freed like any object: closed ones at once, forgotten ones by the collector.
func TestObjectErrorsAreFreed(t *testing.T) {
	before, err := errobject.LiveObjectErrors()
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		_, err := errobject.FailWithObject(-1)
		var objErr *errobject.ObjectError
		if !errors.As(err, &objErr) {
			t.Fatal(err)
		}
		objErr.Close()
	}
	if after, _ := errobject.LiveObjectErrors(); after != before {
		t.Fatalf("%d error objects alive after closing them all, want %d", after, before)
	}
	for range 10 {
		_, _ = errobject.FailWithObject(-1) // dropped without Close
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		after, _ := errobject.LiveObjectErrors()
		if after == before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d error objects alive after GC, want %d", after, before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
