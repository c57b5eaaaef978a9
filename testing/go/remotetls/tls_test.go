//go:build uniffi_remote

package remotetls

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

// TestTLSProbe makes one call and prints the error it gets; TestTLSRefusals runs it in processes
// of their own, as a package connects once, when it loads.
func TestTLSProbe(t *testing.T) {
	if os.Getenv("UNIFFI_GO_TLS_PROBE") == "" {
		t.Skip("run by TestTLSRefusals")
	}
	v, err := timer.Version()
	if err != nil {
		t.Log("probe error: " + err.Error())
		return
	}
	t.Log("probe connected: " + v)
}

// TestTLSRefusals checks that each setting the host or the client must refuse fails at once, with
// an error that says why: a client certificate of a CA the host does not trust, a host certificate
// of a CA the client was not given, a client without a certificate, and TCP without TLS.
func TestTLSRefusals(t *testing.T) {
	dir := os.Getenv("UNIFFI_GO_TEST_PKI")
	remote := os.Getenv("UNIFFI_GO_REMOTE_TIMER")
	if dir == "" || !strings.HasPrefix(remote, "tls://") {
		t.Skip("needs the TLS host and certificates of testing/remote/run.sh")
	}
	hostPort := strings.TrimPrefix(remote, "tls://")
	pem := func(name string) string { return filepath.Join(dir, name) }

	// The probe connects with the settings of this process.
	if out := probe(t, nil); !strings.Contains(out, "probe connected") {
		t.Fatalf("the probe did not connect with the good settings:\n%s", out)
	}
	for _, c := range []struct {
		name string
		env  []string
		want []string
	}{
		{
			// Go shows no certificate of a CA outside the host's list, and the host refuses it.
			name: "a client certificate of another CA",
			env:  []string{"UNIFFI_GO_TLS_CERT=" + pem("foreign-client.pem"), "UNIFFI_GO_TLS_KEY=" + pem("foreign-client-key.pem")},
			want: []string{"remote error: tls: certificate required"},
		},
		{
			name: "a host certificate of a CA the client was not given",
			env:  []string{"UNIFFI_GO_TLS_CA=" + pem("foreign-ca.pem")},
			want: []string{"tls: failed to verify certificate"},
		},
		{
			name: "no client certificate",
			env:  []string{"UNIFFI_GO_TLS_CERT=", "UNIFFI_GO_TLS_KEY="},
			want: []string{"UNIFFI_GO_TLS_CERT", "certificate"},
		},
		{
			name: "a CA file that is not there",
			env:  []string{"UNIFFI_GO_TLS_CA=" + pem("missing.pem")},
			want: []string{"UNIFFI_GO_TLS_CA", "no such file"},
		},
		{
			name: "tcp://",
			env:  []string{"UNIFFI_GO_REMOTE_TIMER=tcp://" + hostPort},
			want: []string{"UNIFFI_GO_REMOTE_TIMER", "TCP needs TLS", "tls://" + hostPort},
		},
		{
			name: "a bare TCP address",
			env:  []string{"UNIFFI_GO_REMOTE_TIMER=" + hostPort},
			want: []string{"UNIFFI_GO_REMOTE_TIMER", "needs TLS", "tls://" + hostPort},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			out := probe(t, c.env)
			if !strings.Contains(out, "probe error:") {
				t.Fatalf("the probe was not refused:\n%s", out)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("the error does not say %q:\n%s", w, out)
				}
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("the refusal took %v", d)
			}
		})
	}
}

// probe runs TestTLSProbe in a new process with env added to this one's, and returns its output.
func probe(t *testing.T, env []string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestTLSProbe$", "-test.v", "-test.count=1")
	cmd.Env = append(append(os.Environ(), "UNIFFI_GO_TLS_PROBE=1"), env...)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the probe hung:\n%s", out)
	}
	if err != nil {
		t.Fatalf("the probe failed: %v\n%s", err, out)
	}
	return string(out)
}
