package timer_test

import (
	"testing"

	"uniffi-go.test/internal/gendoc"
)

// The doc comments of the timer package, whole: the generated opening sentence, the docstring as
// written in timer.udl, and backticked Rust names turned into Go doc links or parameter names.
func TestDocComments(t *testing.T) {
	idx, err := gendoc.Parse("../generated/timer/timer.go", "uniffi-go.test/generated/timer")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"TimerConfig":      "TimerConfig is the Rust record TimerConfig.\n\nSettings for a new [Timer].\n",
		"TimerConfig.Name": "Name of the timer; shows up in responses and job ids.\n",
		"HostErrorFailed":  "HostErrorFailed is the Failed variant of [HostError].\n\nThe host could not do what was asked.\n",
		"Timer.EchoAsync": "EchoAsync calls the Rust method echo_async of [Timer].\n\n" +
			"Like [Timer.Echo], but waits for `delay_ms` without blocking a thread.\n",
		"Timer.UseToken": "UseToken calls the Rust method use_token of [Timer].\n\n" +
			"Fetches the token for `key` from the token provider, waiting at most `timeoutMs`\n" +
			"milliseconds, and returns it as \"token[<token>]\".\n",
		"Timer.SetTokenProvider": "SetTokenProvider calls the Rust method set_token_provider of [Timer].\n\n" +
			"Sets the token provider used by [Timer.UseToken], replacing any earlier one.\n",
		"TokenProvider": "TokenProvider is the Rust trait TokenProvider, implemented in Go or by [RustTokenProvider].\n\n" +
			"Hands out tokens; implemented by the host.\n",
		"TokenProvider.FetchToken": "FetchToken is the Rust method fetch_token of [TokenProvider].\n\nLooks up the token for `key`.\n",
		"Version":                  "Version calls the Rust function version.\n\nThe crate name and version, e.g. \"timer v0.1.0\".\n",
	}
	for ident, doc := range want {
		if got := idx.Docs[ident]; got != doc {
			t.Errorf("doc comment of %s:\n%s\nwant:\n%s", ident, got, doc)
		}
	}
}
