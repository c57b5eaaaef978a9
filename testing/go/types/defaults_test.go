package types_test

import (
	"testing"

	"uniffi-go.test/generated/types"
	"uniffi-go.test/internal/testutil"
)

func TestRecordFieldDefaults(t *testing.T) {
	s := types.DefaultSettings()
	s.Name = "api"
	s.Heading = types.CompassNorth
	got := testutil.Must(types.DescribeSettings(s))(t)
	want := `api@localhost:8080 verbose=true proxy=None tags=[] ratio=0.5 heading=North`
	if got != want {
		t.Fatalf("Rust got %q, want %q", got, want)
	}
	// Changing a defaulted field reaches Rust.
	s.Port = 9090
	proxy := "http://proxy"
	s.Proxy = &proxy
	s.Tags = append(s.Tags, "a")
	got = testutil.Must(types.DescribeSettings(s))(t)
	want = `api@localhost:9090 verbose=true proxy=Some("http://proxy") tags=["a"] ratio=0.5 heading=North`
	if got != want {
		t.Fatalf("Rust got %q, want %q", got, want)
	}
}

func TestArgumentDefaultsThroughOptions(t *testing.T) {
	if got := testutil.Must(types.Greet("Ann", nil))(t); got != "Hello, Ann!" {
		t.Fatalf("nil options: %q", got)
	}
	opts := types.NewGreetOptions()
	if opts.Punctuation != "!" || opts.Times != 1 {
		t.Fatalf("defaults %+v", *opts)
	}
	opts.Times = 2
	if got := testutil.Must(types.Greet("Bo", opts))(t); got != "Hello, Bo!Hello, Bo!" {
		t.Fatalf("times=2: %q", got)
	}
	opts = types.NewGreetOptions()
	opts.Punctuation = "?"
	if got := testutil.Must(types.Greet("Cy", opts))(t); got != "Hello, Cy?" {
		t.Fatalf("punctuation: %q", got)
	}
}

func TestMethodArgumentDefaults(t *testing.T) {
	v := testutil.Must(types.NewVersion(1, 0))(t)
	defer v.Close()
	next := testutil.Must(v.Bumped(nil))(t)
	defer next.Close()
	if next.String() != "v1.1" {
		t.Fatalf("Bumped(nil) = %s", next)
	}
	far := testutil.Must(v.Bumped(&types.VersionBumpedOptions{By: 10}))(t)
	defer far.Close()
	if far.String() != "v1.10" {
		t.Fatalf("Bumped(10) = %s", far)
	}
}
