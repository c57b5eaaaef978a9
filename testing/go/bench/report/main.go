// Command report turns the output of the bench package's benchmarks (go test -bench -benchmem)
// into BENCHMARKS.md and prints one machine-readable line per case. testing/bench.sh runs it:
//
//	go run ./bench/report -in OUTPUT -out BENCHMARKS.md -cmd "COMMAND" -benchtime 1s
//
// Each case is a group, BenchmarkCase/<case>/<what>: ours, the floor loop (the same uniffi calls
// made from C), the bare cgo crossing (noop) and the case's other baselines, measured one after
// the other in every round. The floor of a case is its floor loop plus one bare crossing (for the
// cases where Rust calls Go, see floorOf). When the input holds several rounds (bench.sh with
// BENCH_COUNT > 1), ns/op is the fastest round, the one least disturbed by other load on the
// machine, beside the median of the per-round ratios; the other metrics are medians.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// baseline describes one baseline sub-benchmark, BenchmarkCase/<case>/<name>.
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

// spec describes one case, BenchmarkCase/<name>/ours.
type spec struct {
	name, what string
	// baseline is the hand-written counterpart the case was compared with before the floor
	// existed ("noop" when there is none).
	baseline string
	// cToGo is the number of Rust -> Go (C -> Go) calls per operation, read from the generated
	// code (runtime.NumCgoCall counts only Go -> C calls).
	cToGo string
	// floor says how the case's floor is made when it is not "loop + 1 bare crossing".
	floor floorSpec
}

// floorSpec composes a floor from measured parts of the same group: the floor loop (when loop),
// plus crossings bare Go -> C calls (noop) and callbacks bare C -> Go calls (callback_go).
type floorSpec struct {
	loop      bool
	crossings float64
	callbacks float64
	// note says what the composition leaves out, for a floor that is a lower bound.
	note string
}

var loopFloor = floorSpec{loop: true, crossings: 1}

var cases = []spec{
	{"call_only", "`noop()`", "noop", "0", loopFloor},
	{"primitives_i32", "`add_i32(a, b) -> i32`", "add_i32", "0", loopFloor},
	{"fallible_ok", "`try_i32(v, true) -> Result<i32, BenchError>`, success path", "add_i32", "0", loopFloor},
	{"method_i32", "`Counter::add(&self, i32) -> i32` on a live object", "counter_add", "0", loopFloor},
	{"object_create_close", "`Counter::new()` + `Close()`", "counter_new_free", "0", loopFloor},
	{"string_16b", "`echo_string(String) -> String`, 16 B ASCII", "string_16b", "0", loopFloor},
	{"string_64k", "`echo_string`, 64 KiB ASCII", "string_64k", "0", loopFloor},
	{"bytes_16b", "`echo_bytes(Vec<u8>) -> Vec<u8>`, 16 B", "bytes_16b", "0", loopFloor},
	{"bytes_64k", "`echo_bytes`, 64 KiB", "bytes_64k", "0", loopFloor},
	{"record_4", "`echo_record4(Record4) -> Record4` (i32, u64, f64, bool)", "record_4", "0", loopFloor},
	{"record_large", "`echo_large_record`: 12 fields (u64, 2 strings, u8, f64, f32, bool, enum, Vec<String>×3, Option<String>, 8 bytes, i64)", "noop", "0", loopFloor},
	{"enum_data", "`echo_enum(Shape)`, variant `Labelled { label: String, x: i32, y: i32 }`", "noop", "0", loopFloor},
	{"map_10", "`echo_map(HashMap<String, String>)`, 10 entries", "noop", "0", loopFloor},
	{"vec_i32_10", "`echo_vec_i32(Vec<i32>)`, 10 elements", "noop", "0", loopFloor},
	{"vec_i32_1000", "`echo_vec_i32`, 1000 elements", "noop", "0", loopFloor},
	{"vec_record_1000", "`echo_vec_record(Vec<Record4>)`, 1000 elements", "noop", "0", loopFloor},
	{"error_return", "`fail() -> Result<(), BenchError>`, error path", "noop", "0", loopFloor},
	{"callback_sync", "one call of a Go `Callback` from Rust (`CallbackRunner::run(100, v)` calls it 100 times per Go -> Rust call; the handle already exists)", "callback_go", "1 (the method)",
		floorSpec{callbacks: 1, note: "one bare C → Go callback; uniffi's Rust-side dispatch (a vtable load and a status check) is not separated out: the vtable is the Go package's"}},
	{"callback_pass_once", "`call_callback(cb, 1, v)`: a Go -> Rust call passing a Go `Callback` that Rust calls once and then frees", "noop", "2 (method, free)",
		floorSpec{crossings: 1, callbacks: 2, note: "lower bound: 1 bare crossing + 2 bare C → Go callbacks (the method, the handle's free), without uniffi's Rust side"}},
	{"host_call", "`call_host(host, v)`: async Rust fn awaiting one call of the async Go `Host::get`", "noop", "5 (get, 2 continuations, future dropped, handle free)",
		floorSpec{crossings: 3, callbacks: 4, note: "lower bound: 3 bare crossings (start + poll, the answer, poll + complete + free) + 4 bare C → Go callbacks (the method, the wake-up, the dropped future, the handle's free), without uniffi's Rust side"}},
	{"async_ready", "`ready().await`: async Rust fn ready at the first poll", "noop", "1 (continuation, inside the poll)", loopFloor},
}

// target is a row of the targets table: ours / floor at most maxRatio.
type target struct {
	names    []string
	label    string
	maxRatio float64
}

var targets = []target{
	{[]string{"call_only", "primitives_i32", "fallible_ok", "method_i32", "string_16b", "record_4", "enum_data", "error_return", "async_ready", "object_create_close"}, "≤ 1.1× the floor", 1.1},
	{[]string{"vec_i32_10", "vec_i32_1000", "vec_record_1000", "map_10", "record_large"}, "collections ≤ 1.2× the floor", 1.2},
	{[]string{"callback_sync"}, "≤ 1.3× a bare C → Go callback", 1.3},
}

// result holds one benchmark's metrics, one value per round, in the order of the rounds.
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
	if unit == "ns/op" {
		return slices.Min(v), true
	}
	return median(v), true
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// spread is "fastest–slowest" of values.
func spread(v []float64) string {
	if len(v) < 2 {
		return ""
	}
	return num(slices.Min(v)) + "–" + num(slices.Max(v))
}

// measured is one case's figures: ns/op per round of ours and of its floor.
type measured struct {
	c           spec
	ours, floor []float64
	cgo         []float64 // the bare crossing of the case's group, per round
}

// fastest is ours and the floor in their fastest rounds, and their ratio.
func (m measured) fastest() (ours, floor, ratio float64) {
	ours, floor = slices.Min(m.ours), slices.Min(m.floor)
	return ours, floor, ours / floor
}

// medianRatio is the median over the rounds of ours / floor measured in the same round.
func (m measured) medianRatio() float64 {
	var r []float64
	for i := range min(len(m.ours), len(m.floor)) {
		r = append(r, m.ours[i]/m.floor[i])
	}
	return median(r)
}

func main() {
	in := flag.String("in", "", "go test -bench output")
	out := flag.String("out", "BENCHMARKS.md", "markdown file to write")
	cmd := flag.String("cmd", "", "the benchmark command, for the report")
	benchtime := flag.String("benchtime", "", "the -benchtime used, for the report")
	rounds := flag.Int("rounds", 1, "how many rounds the input holds, for the report")
	load := flag.String("load", "", "the load average before the run, for the report")
	loadAfter := flag.String("load-after", "", "the load average after the run, for the report")
	only := flag.String("case", "", "the one case the input holds, when not all")
	date := flag.String("date", "", "when the run started, for the report (default: now)")
	remoteIn := flag.String("remote-in", "", "go test -bench output of the remote benchmarks (testing/go/remotebench), if any")
	flag.Parse()

	results, cpuLine, err := parse(*in)
	if err != nil {
		fail(err)
	}
	get := func(c, what string) *result {
		r := results["Case/"+c+"/"+what]
		if r == nil || !r.present {
			fail(fmt.Errorf("no result for BenchmarkCase/%s/%s in %s", c, what, *in))
		}
		return r
	}
	var all []measured
	byName := map[string]measured{}
	for _, c := range cases {
		if *only != "" && c.name != *only {
			continue
		}
		m := measured{c: c, ours: get(c.name, "ours").runs["ns/op"], cgo: get(c.name, "noop").runs["ns/op"]}
		var loop, cb []float64
		if c.floor.loop {
			loop = get(c.name, "floor").runs["ns/op"]
		}
		if c.floor.callbacks > 0 {
			cb = get(c.name, "callback_go").runs["ns/op"]
		}
		for i := range m.ours {
			f := c.floor.crossings * at(m.cgo, i)
			if loop != nil {
				f += at(loop, i)
			}
			if cb != nil {
				f += c.floor.callbacks * at(cb, i)
			}
			m.floor = append(m.floor, f)
		}
		all = append(all, m)
		byName[c.name] = m
	}
	if len(all) == 0 {
		fail(fmt.Errorf("no case %q", *only))
	}

	var md strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&md, format, args...) }
	w("# Benchmarks\n\n")
	w("Generated by `testing/bench.sh`; do not edit by hand. Each case of the `bench` fixture\n")
	w("(`testing/fixtures/bench`) is measured three ways, one after the other in every round: the generated Go\n")
	w("bindings (**ours**); the **floor**, the same uniffi scaffolding calls with the same lowered arguments made\n")
	w("from a C loop inside one cgo call (`testing/go/bench/floor`), divided by the iterations, plus one bare cgo\n")
	w("crossing; and the **bare cgo** crossing itself (`bench_baseline_noop()`). The floor is the least any Go\n")
	w("binding over uniffi 0.32 can cost; ours − floor is the Go side, what these bindings add.\n\n")

	w("## Environment\n\n")
	w("| | |\n|---|---|\n")
	if *date == "" {
		*date = time.Now().UTC().Format("2006-01-02 15:04:05 UTC")
	}
	w("| date | %s |\n", *date)
	w("| Go | %s %s/%s |\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	w("| CPU | %s (%d logical CPUs) |\n", cpuModel(cpuLine), runtime.NumCPU())
	w("| benchtime | %s per benchmark |\n", *benchtime)
	if *rounds > 1 {
		w("| rounds | %d, interleaved: each round runs every case's group (ours, floor, bare cgo, baselines) in turn, in reverse order every other round; ns/op is the fastest round, B/op, allocs/op and crossings the median |\n", *rounds)
	} else {
		w("| rounds | 1 |\n")
	}
	if *load != "" {
		w("| load average (1, 5, 15 min) | before: %s; after: %s (other processes share the CPUs) |\n", *load, *loadAfter)
	}
	w("| command | `%s` |\n\n", *cmd)

	w("## Targets\n\n")
	w("The verdict uses the fastest round of each side; the median of the per-round ratios (ours and the floor\n")
	w("measured in the same round) is beside it. On a shared machine a ratio near its limit can flip between runs.\n\n")
	w("| target | case | ours ns/op | floor ns/op | ours/floor | median ours/floor | met | note |\n")
	w("|---|---|---:|---:|---:|---:|:-:|---|\n")
	var lines []string
	for _, t := range targets {
		for _, name := range t.names {
			m, ok := byName[name]
			if !ok {
				continue
			}
			ours, floor, ratio := m.fastest()
			mark, note := "✓", ""
			if ratio > t.maxRatio {
				mark = "✗"
				note = fmt.Sprintf("%.0f%% over the limit: %.1f ns/op too slow", (ratio/t.maxRatio-1)*100, ours-t.maxRatio*floor)
			}
			w("| %s | `%s` | %s | %s | %.2f× | %.2f× | %s | %s |\n", t.label, name, num(ours), num(floor), ratio, m.medianRatio(), mark, note)
		}
	}

	w("\n## All cases\n\n")
	w("Go side = ours − floor (fastest rounds). Go→C is measured (`runtime.NumCgoCall` delta per operation); C→Go is\n")
	w("read from the generated code (see [Crossings](#crossings)). The spread is the fastest–slowest round.\n\n")
	w("| case | what | ours ns/op | floor ns/op | bare cgo ns/op | ours/floor | median ours/floor | Go side ns | B/op | allocs/op | Go→C / op | C→Go / op | spread ours; floor |\n")
	w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, m := range all {
		c := m.c
		r := get(c.name, "ours")
		ours, floor, ratio := m.fastest()
		bytes, _ := r.get("B/op")
		allocs, _ := r.get("allocs/op")
		cgoStr := "?"
		if cgo, ok := r.get("cgo-calls/op"); ok {
			cgoStr = num(cgo)
		}
		floorStr := num(floor)
		if !c.floor.loop || c.floor.crossings != 1 {
			floorStr += " †"
		}
		w("| `%s` | %s | %s | %s | %s | %.2f× | %.2f× | %s | %s | %s | %s | %s | %s; %s |\n",
			c.name, c.what, num(ours), floorStr, num(slices.Min(m.cgo)), ratio, m.medianRatio(), num(ours-floor),
			num(bytes), num(allocs), cgoStr, c.cToGo, spread(m.ours), spread(m.floor))
		bns, _ := get(c.name, c.baseline).get("ns/op")
		lines = append(lines, fmt.Sprintf("case=%s ns=%s allocs=%s baseline_ns=%s ratio=%.3f floor_ns=%s floor_ratio=%.3f",
			c.name, plain(ours), plain(allocs), plain(bns), ours/bns, plain(math.Round(floor*100)/100), ratio))
	}
	w("\n† The floor of a case where Rust calls Go is composed of measured parts of its group, since C cannot\n")
	w("make those calls alone (the callback vtable Rust keeps is the Go package's):\n\n")
	for _, m := range all {
		if m.c.floor.note != "" {
			w("- `%s`: %s.\n", m.c.name, m.c.floor.note)
		}
	}

	w("\n## Bare baselines\n\n")
	w("Hand-written `extern \"C\"` functions of the same library, called with bare cgo\n")
	w("(`testing/go/bench/baseline`), measured in the groups of the cases named.\n\n")
	w("| baseline | what | case | ns/op | B/op | allocs/op | Go→C / op |\n")
	w("|---|---|---|---:|---:|---:|---:|\n")
	for _, b := range baselines {
		for _, m := range all {
			r := results["Case/"+m.c.name+"/"+b.name]
			if r == nil || (b.name == "noop" && m.c.name != "call_only") {
				continue
			}
			ns, _ := r.get("ns/op")
			bytes, _ := r.get("B/op")
			allocs, _ := r.get("allocs/op")
			cgo, _ := r.get("cgo-calls/op")
			w("| `%s` | %s | `%s` | %s | %s | %s | %s |\n", b.name, b.what, m.c.name, num(ns), num(bytes), num(allocs), num(cgo))
			break
		}
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

	if *remoteIn != "" {
		section, err := remoteSection(*remoteIn)
		if err != nil {
			fail(err)
		}
		w("%s", section)
	}

	w("\n## Notes\n\n")
	w("- The floor loop of a case makes, per iteration, exactly the uniffi calls of the generated C helper and\n")
	w("  the Go side: `rustbuffer_from_bytes` of the lowered argument (or `rustbuffer_alloc` and a copy for\n")
	w("  `Vec<u8>`), the function, `rustbuffer_free` of the result or error buffer; `clone_<object>` before a method;\n")
	w("  start, one poll, complete and free for a future. It does not copy results out: reading them into Go\n")
	w("  memory is the Go side's work. Its arguments are written by hand in the bench package and checked by\n")
	w("  `TestFloor`: Rust rejects a malformed one.\n")
	w("- The floor loop makes hundreds of iterations per cgo call (a few for the large cases), so the crossing into\n")
	w("  it is under 0.1 ns per iteration for the small cases; the floor then adds one bare crossing measured in\n")
	w("  the same group.\n")
	w("- The string shim writes into a Go buffer made with `make`, which Go zeroes first; the bindings copy\n")
	w("  Rust's buffer into a new string without zeroing. At 64 KiB that zeroing and the GC and page-fault work\n")
	w("  of large allocations dominate both sides, so `string_64k` can come out below 1× and varies between runs.\n")
	w("- `callback_sync` and `callback_go` make 100 callbacks per Go -> Rust call and count each callback as an\n")
	w("  operation (the call into Rust adds 1/100 of a crossing to both). Batches keep each cgo call short: in one\n")
	w("  longer than about 20µs the Go runtime takes the P away from the thread, and every callback then pays\n")
	w("  for getting one back, which hides the bindings' own cost. `callback_pass_once` adds the Go -> Rust\n")
	w("  call, the callback's handle and its release.\n")
	w("- Where the time goes in each case that misses its target, measured with perf and pprof, and what\n")
	w("  is irreducible: [docs/performance.md](docs/performance.md).\n")

	if err := os.WriteFile(*out, []byte(md.String()), 0o644); err != nil {
		fail(err)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
}

// at is v[i], or the last value when v is shorter.
func at(v []float64, i int) float64 {
	if i < len(v) {
		return v[i]
	}
	return v[len(v)-1]
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

// remoteSection is the report's part on the remote transport: each case against a bare Unix-socket
// round trip of the same payload (uniffi-go-host's echo mode), measured in the same rounds.
func remoteSection(path string) (string, error) {
	results, _, err := parse(path)
	if err != nil {
		return "", err
	}
	get := func(name string) (*result, error) {
		r := results["Remote/"+name]
		if r == nil || !r.present {
			return nil, fmt.Errorf("no result for BenchmarkRemote/%s in %s", name, path)
		}
		return r, nil
	}
	var md strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&md, format, args...) }
	w("\n## Remote mode\n\n")
	w("The generated packages built with `-tags uniffi_remote` (or `CGO_ENABLED=0`) call the library in a\n")
	w("`uniffi-go-host` child process over a Unix socket pair (docs/remote.md). Each case is measured beside a\n")
	w("**ping-pong**: the same frame sizes written to `uniffi-go-host echo`, which sends every frame straight\n")
	w("back, and read back, in one goroutine: the socket round trip with no call behind it\n")
	w("(`testing/go/remotebench`). The target for `call_only` is 1.5× the ping-pong. Each round makes a\n")
	w("fixed number of round trips per case (`REMOTE_BENCH_TIME`, 20000x by default): runs of a second or\n")
	w("more give both sides several times larger and far more scattered times on this machine. Both\n")
	w("processes run on one CPU (`taskset -c 0`): on a virtual machine a wake-up that reaches an idle\n")
	w("virtual CPU costs tens of microseconds, and both sides would measure that rather than the\n")
	w("transport (`REMOTE_PIN=0` runs them unpinned; docs/performance.md compares the two).\n\n")
	w("| case | ours ns/op | ping-pong ns/op | ours/ping-pong | median ours/ping-pong | B/op | allocs/op |\n")
	w("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range []string{"call_only", "string_64k", "callback_sync"} {
		ours, err := get(c + "/ours")
		if err != nil {
			return "", err
		}
		pp, err := get(c + "/pingpong")
		if err != nil {
			return "", err
		}
		o, _ := ours.get("ns/op")
		p, _ := pp.get("ns/op")
		var ratios []float64
		for i := range min(len(ours.runs["ns/op"]), len(pp.runs["ns/op"])) {
			ratios = append(ratios, ours.runs["ns/op"][i]/pp.runs["ns/op"][i])
		}
		b, _ := ours.get("B/op")
		a, _ := ours.get("allocs/op")
		w("| `%s` | %s | %s | %.2f× | %.2f× | %s | %s |\n", c, num(o), num(p), o/p, median(ratios), plain(b), plain(a))
	}
	par, err := get("call_only_64_goroutines/ours")
	if err != nil {
		return "", err
	}
	ns, _ := par.get("ns/op")
	w("\n64 goroutines calling `noop()` over the one connection: %s calls per second in all (%s ns per call).\n",
		plain(math.Round(1e9/ns)), num(ns))
	return md.String(), nil
}
