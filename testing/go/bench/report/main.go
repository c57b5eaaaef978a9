// Command report turns the output of the bench package's benchmarks (go test -bench -benchmem)
// into BENCHMARKS.md and prints one machine-readable line per case. testing/bench.sh runs it:
//
//	go run ./bench/report -in OUTPUT -out BENCHMARKS.md -cmd "COMMAND" -benchtime 1s
//
// Each case (BenchmarkUniffi/<case>) is compared with one baseline (BenchmarkBaseline/<name>);
// both are named in the cases table below. When the input holds several rounds (bench.sh with
// BENCH_COUNT > 1), ns/op is the fastest round, the one least disturbed by other load on the
// machine, and the other metrics are medians.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// baseline describes one BenchmarkBaseline sub-benchmark.
type baseline struct {
	name, what string
}

var baselines = []baseline{
	{"noop", "bare cgo call: `bench_baseline_noop()`, no arguments, no result"},
	{"add_i32", "bare cgo call: `bench_baseline_add_i32(a, b) -> i32`"},
	{"counter_add", "bare cgo call on a raw object handle: `bench_baseline_counter_add(handle, v) -> i32` (the same atomic add as `Counter::add`)"},
	{"counter_new_free", "`bench_baseline_counter_new()` + `bench_baseline_counter_free(handle)`: Box alloc and free, 2 bare cgo calls"},
	{"string_16b", "hand-written one-crossing string shim, 16 B: Go lends the string and a fresh output buffer; Rust checks UTF-8, copies into a `String`, copies it into Go's buffer and frees it; the buffer becomes the Go string without another copy"},
	{"string_64k", "the same shim, 64 KiB"},
	{"bytes_16b", "the same shim for bytes (no UTF-8 check), 16 B"},
	{"bytes_64k", "the same shim for bytes, 64 KiB"},
	{"record_4", "bare cgo call passing and returning the 4 fields as a C struct by value: `bench_baseline_echo_record4(r) -> r`"},
	{"callback_go", "bare C -> Go callback: Rust calls an `//export`ed Go function through an `extern \"C\" fn(i32) -> i32` pointer, 100 times per cgo call"},
}

// spec describes one BenchmarkUniffi sub-benchmark.
type spec struct {
	name, what, baseline string
	// cToGo is the number of Rust -> Go (C -> Go) calls per operation, read from the generated
	// code (runtime.NumCgoCall counts only Go -> C calls).
	cToGo string
}

var cases = []spec{
	{"call_only", "`noop()`", "noop", "0"},
	{"primitives_i32", "`add_i32(a, b) -> i32`", "add_i32", "0"},
	{"fallible_ok", "`try_i32(v, true) -> Result<i32, BenchError>`, success path", "add_i32", "0"},
	{"method_i32", "`Counter::add(&self, i32) -> i32` on a live object", "counter_add", "0"},
	{"object_create_close", "`Counter::new()` + `Close()`", "counter_new_free", "0"},
	{"string_16b", "`echo_string(String) -> String`, 16 B ASCII", "string_16b", "0"},
	{"string_64k", "`echo_string`, 64 KiB ASCII", "string_64k", "0"},
	{"bytes_16b", "`echo_bytes(Vec<u8>) -> Vec<u8>`, 16 B", "bytes_16b", "0"},
	{"bytes_64k", "`echo_bytes`, 64 KiB", "bytes_64k", "0"},
	{"record_4", "`echo_record4(Record4) -> Record4` (i32, u64, f64, bool)", "record_4", "0"},
	{"record_large", "`echo_large_record`: 12 fields (u64, 2 strings, u8, f64, f32, bool, enum, Vec<String>×3, Option<String>, 8 bytes, i64)", "noop", "0"},
	{"enum_data", "`echo_enum(Shape)`, variant `Labelled { label: String, x: i32, y: i32 }`", "noop", "0"},
	{"map_10", "`echo_map(HashMap<String, String>)`, 10 entries", "noop", "0"},
	{"vec_i32_10", "`echo_vec_i32(Vec<i32>)`, 10 elements", "noop", "0"},
	{"vec_i32_1000", "`echo_vec_i32`, 1000 elements", "noop", "0"},
	{"vec_record_1000", "`echo_vec_record(Vec<Record4>)`, 1000 elements", "noop", "0"},
	{"error_return", "`fail() -> Result<(), BenchError>`, error path", "noop", "0"},
	{"callback_sync", "one call of a Go `Callback` from Rust (`CallbackRunner::run(100, v)` calls it 100 times per Go -> Rust call; the handle already exists)", "callback_go", "1 (the method)"},
	{"callback_pass_once", "`call_callback(cb, 1, v)`: a Go -> Rust call passing a Go `Callback` that Rust calls once and then frees", "noop", "2 (method, free)"},
	{"host_call", "`call_host(host, v)`: async Rust fn awaiting one call of the async Go `Host::get`", "noop", "5 (get, 2 continuations, future dropped, handle free)"},
	{"async_ready", "`ready().await`: async Rust fn ready at the first poll", "noop", "1 (continuation, inside the poll)"},
}

// target is a row of the targets table.
type target struct {
	name, label string
	maxRatio    float64
	maxAllocs   float64 // -1: no limit
}

var targets = []target{
	{"call_only", "call-only ≤ 1.15× bare cgo, 0 allocs", 1.15, 0},
	{"method_i32", "object method i32 ≤ 1.3× bare cgo, 0 allocs", 1.3, 0},
	{"string_16b", "string 16 B ≤ 1.3× the one-crossing shim, 1 alloc", 1.3, 1},
	{"string_64k", "string 64 KiB ≤ 1.2× the one-crossing shim", 1.2, -1},
	{"record_4", "record of 4 fields ≤ 3× bare cgo, ≤ 2 allocs", 3, 2},
	{"callback_sync", "sync callback ≤ 1.5× a bare C -> Go callback", 1.5, -1},
	{"async_ready", "async fn ready at once ≤ 8× bare cgo", 8, -1},
}

// result holds one benchmark's metrics, one value per round.
type result struct {
	runs    map[string][]float64 // unit -> values
	present bool
}

// get is the fastest round's ns/op, and the median of the rounds for any other metric.
func (r *result) get(unit string) (float64, bool) {
	v := r.runs[unit]
	if len(v) == 0 {
		return math.NaN(), false
	}
	s := append([]float64(nil), v...)
	if unit == "ns/op" {
		sort.Float64s(s)
		return s[0], true
	}
	return r.median(unit), true
}

// median is the median of the rounds, whatever the unit.
func (r *result) median(unit string) float64 {
	v := append([]float64(nil), r.runs[unit]...)
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// spread is "fastest–slowest" ns/op over the rounds.
func (r *result) spread() string {
	v := append([]float64(nil), r.runs["ns/op"]...)
	sort.Float64s(v)
	if len(v) < 2 {
		return ""
	}
	return num(v[0]) + "–" + num(v[len(v)-1])
}

func main() {
	in := flag.String("in", "", "go test -bench output")
	out := flag.String("out", "BENCHMARKS.md", "markdown file to write")
	cmd := flag.String("cmd", "", "the benchmark command, for the report")
	benchtime := flag.String("benchtime", "", "the -benchtime used, for the report")
	rounds := flag.Int("rounds", 1, "how many rounds the input holds, for the report")
	load := flag.String("load", "", "the load average before the run, for the report")
	date := flag.String("date", "", "when the run started, for the report (default: now)")
	flag.Parse()

	results, cpuLine, err := parse(*in)
	if err != nil {
		fail(err)
	}
	get := func(kind, name string) *result {
		r := results[kind+"/"+name]
		if r == nil || !r.present {
			fail(fmt.Errorf("no result for Benchmark%s/%s in %s", kind, name, *in))
		}
		return r
	}
	for _, c := range cases {
		get("Uniffi", c.name)
		get("Baseline", c.baseline)
	}

	var md strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&md, format, args...) }
	w("# Benchmarks\n\n")
	w("Generated by `testing/bench.sh`; do not edit by hand. The Go bindings generated for the `bench` fixture\n")
	w("(`testing/fixtures/bench`) are measured against hand-written bare-cgo baselines: plain `extern \"C\"`\n")
	w("functions in the same library, called from `testing/go/bench/baseline`. Ratios are ours / baseline.\n\n")

	w("## Environment\n\n")
	w("| | |\n|---|---|\n")
	if *date == "" {
		*date = time.Now().UTC().Format("2006-01-02 15:04:05 UTC")
	}
	w("| date | %s |\n", *date)
	w("| Go | %s %s/%s |\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	w("| CPU | %s (%d logical CPUs) |\n", cpuModel(cpuLine), runtime.NumCPU())
	w("| benchtime | %s |\n", *benchtime)
	if *rounds > 1 {
		w("| rounds | %d (ns/op: the fastest round; B/op, allocs/op, crossings: median) |\n", *rounds)
	} else {
		w("| rounds | 1 |\n")
	}
	if *load != "" {
		w("| load average before the run | %s (other processes share the CPUs) |\n", *load)
	}
	w("| command | `%s` |\n\n", *cmd)

	w("## Targets\n\n")
	if *rounds > 1 {
		w("The verdict uses the fastest rounds. With several rounds the table also shows each side's ns/op range\n")
		w("and the ratio of the medians: on a shared machine a verdict near its limit can flip between runs.\n\n")
	}
	w("| target | case | ns/op | baseline ns/op | ratio | allocs/op | met | note |")
	if *rounds > 1 {
		w(" ns/op range (ours; baseline) | ratio of medians |")
	}
	w("\n|---|---|---:|---:|---:|---:|:-:|---|")
	if *rounds > 1 {
		w("---|---:|")
	}
	w("\n")
	for _, t := range targets {
		c := caseByName(t.name)
		ours, base := get("Uniffi", c.name), get("Baseline", c.baseline)
		ns, _ := ours.get("ns/op")
		bns, _ := base.get("ns/op")
		allocs, _ := ours.get("allocs/op")
		ratio := ns / bns
		var notes []string
		ok := true
		if ratio > t.maxRatio {
			ok = false
			notes = append(notes, fmt.Sprintf("%.2f× is %.0f%% over the %s× limit (%.1f ns/op too slow)",
				ratio, (ratio/t.maxRatio-1)*100, strconv.FormatFloat(t.maxRatio, 'g', -1, 64), ns-t.maxRatio*bns))
		}
		if t.maxAllocs >= 0 && allocs > t.maxAllocs {
			ok = false
			notes = append(notes, fmt.Sprintf("%s allocs/op, %s over the limit of %s",
				num(allocs), num(allocs-t.maxAllocs), num(t.maxAllocs)))
		}
		mark := "✓"
		if !ok {
			mark = "✗"
		}
		w("| %s | `%s` | %s | %s (`%s`) | %.2f× | %s | %s | %s |",
			t.label, c.name, num(ns), num(bns), c.baseline, ratio, num(allocs), mark, strings.Join(notes, "; "))
		if *rounds > 1 {
			w(" %s; %s | %.2f× |", ours.spread(), base.spread(), ours.median("ns/op")/base.median("ns/op"))
		}
		w("\n")
	}

	w("\n## All cases\n\n")
	w("Go→C is measured (`runtime.NumCgoCall` delta per operation); C→Go is read from the generated code\n")
	w("(see [Crossings](#crossings)).\n\n")
	w("| case | what | ns/op | B/op | allocs/op | Go→C / op | C→Go / op | baseline | baseline ns/op | ratio |\n")
	w("|---|---|---:|---:|---:|---:|---|---|---:|---:|\n")
	var lines []string
	for _, c := range cases {
		ours, base := get("Uniffi", c.name), get("Baseline", c.baseline)
		ns, _ := ours.get("ns/op")
		bytes, _ := ours.get("B/op")
		allocs, _ := ours.get("allocs/op")
		cgo, hasCgo := ours.get("cgo-calls/op")
		bns, _ := base.get("ns/op")
		cgoStr := "?"
		if hasCgo {
			cgoStr = num(cgo)
		}
		w("| `%s` | %s | %s | %s | %s | %s | %s | `%s` | %s | %.2f× |\n",
			c.name, c.what, num(ns), num(bytes), num(allocs), cgoStr, c.cToGo, c.baseline, num(bns), ns/bns)
		lines = append(lines, fmt.Sprintf("case=%s ns=%s allocs=%s baseline_ns=%s ratio=%.3f",
			c.name, plain(ns), plain(allocs), plain(bns), ns/bns))
	}

	w("\n## Baselines\n\n")
	w("| baseline | what | ns/op | B/op | allocs/op | Go→C / op |\n")
	w("|---|---|---:|---:|---:|---:|\n")
	for _, b := range baselines {
		r := results["Baseline/"+b.name]
		if r == nil {
			continue
		}
		ns, _ := r.get("ns/op")
		bytes, _ := r.get("B/op")
		allocs, _ := r.get("allocs/op")
		cgo, _ := r.get("cgo-calls/op")
		w("| `%s` | %s | %s | %s | %s | %s |\n", b.name, b.what, num(ns), num(bytes), num(allocs), num(cgo))
	}

	w("\n## Crossings\n\n")
	w("- **Go→C** is measured: each benchmark reports `cgo-calls/op`, the change of `runtime.NumCgoCall()`\n")
	w("  (every cgo call of the process, on any goroutine) divided by the operations. For `callback_sync` and\n")
	w("  `callback_go` one Go→Rust call makes 100 callbacks, so it is 0.01 per callback.\n")
	w("- **C→Go** (Rust calling Go) is not counted by the runtime; the numbers come from reading the generated\n")
	w("  `bench.go`/`bench.h` (each `//export`ed function Rust reaches through a vtable or continuation pointer)\n")
	w("  and were checked once by counting calls in instrumented copies of those exported functions.\n")
	w("  The `callbacks/op` metric in the raw output counts calls of the Go implementation itself.\n")
	w("- Where the generated code crosses twice: a call returning a `RustBuffer` (strings, bytes, records,\n")
	w("  enums, collections) larger than 64 bytes, and every error payload, makes a second crossing,\n")
	w("  `rustbuffer_free`, after Go has copied it out; smaller results are copied into the returned struct\n")
	w("  and freed by the C helper. An async call that is not ready at once crosses three times: start,\n")
	w("  poll (Rust calls the continuation back inside it when the future is ready), and complete + free in\n")
	w("  one helper.\n")

	w("\n## Notes\n\n")
	w("- The baselines do the same Rust work as the uniffi functions where there is any (the counter's atomic\n")
	w("  add, a copy of the input into an owned `String`/`Vec<u8>`), so the ratios measure what the bindings add.\n")
	w("- The string shim writes into a Go buffer made with `make`, which Go zeroes first; the bindings copy\n")
	w("  Rust's buffer into a new string without zeroing. At 64 KiB that zeroing and the GC and page-fault work\n")
	w("  of large allocations dominate both sides, so `string_64k` can come out below 1× and varies between runs.\n")
	w("- `callback_sync` and `callback_go` make 100 callbacks per Go -> Rust call and count each callback as an\n")
	w("  operation (the call into Rust adds 1/100 of a crossing to both). Batches keep each cgo call short: in one\n")
	w("  longer than about 20µs the Go runtime takes the P away from the thread, and every callback then pays\n")
	w("  for getting one back, which hides the bindings' own cost. `callback_pass_once` adds the Go -> Rust\n")
	w("  call, the callback's handle and its release.\n")
	w("- Cases without a hand-written counterpart are compared with the bare `noop` call: the ratio says how\n")
	w("  many bare cgo calls the case costs.\n")
	w("- Where the time goes in each case that misses its target, measured with perf and pprof, and what\n")
	w("  would close the gap: [docs/performance.md](docs/performance.md).\n")

	if err := os.WriteFile(*out, []byte(md.String()), 0o644); err != nil {
		fail(err)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
}

// parse reads go test -bench output: lines "BenchmarkX/y-N  iters  v unit  v unit ...".
func parse(path string) (map[string]*result, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	results := map[string]*result{}
	var cpu string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "cpu: "):
			cpu = strings.TrimPrefix(line, "cpu: ")
			continue
		case !strings.HasPrefix(line, "Benchmark"):
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || len(fields)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(fields[1]); err != nil {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		r := results[name]
		if r == nil {
			r = &result{runs: map[string][]float64{}}
			results[name] = r
		}
		r.present = true
		for i := 2; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			r.runs[fields[i+1]] = append(r.runs[fields[i+1]], v)
		}
	}
	return results, cpu, sc.Err()
}

// cpuModel is the "model name" of /proc/cpuinfo, else what go test printed.
func cpuModel(fromGoTest string) string {
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	if fromGoTest != "" {
		return fromGoTest
	}
	return "unknown"
}

func caseByName(name string) spec {
	for _, c := range cases {
		if c.name == name {
			return c
		}
	}
	fail(fmt.Errorf("no case %q", name))
	return spec{}
}

// num formats a metric for the table: integers as integers, small values with decimals.
func num(v float64) string {
	switch {
	case math.IsNaN(v):
		return "?"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// plain formats a metric for the machine-readable lines.
func plain(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}
