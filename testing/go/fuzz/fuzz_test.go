// Package fuzz_test sends random values through Rust and back and compares what returns with
// what was sent: strings, records, enums, maps, sets, options and sequences, lowered by the Go
// bindings and lifted by Rust, then lowered by Rust and lifted by Go. Values Rust cannot accept
// (strings that are not UTF-8, enum values out of range) must be refused with an
// *InternalError, never corrupted, and never crash the process.
//
// `go test` runs the seed corpus (testdata/fuzz/<Target>/ plus the f.Add seeds); testing/safety.sh
// runs each target with -fuzz for a bounded time.
package fuzz_test

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"uniffi-go.test/generated/collections"
	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when a roundtrip Counter outlives the suite (the fuzz targets make
// none; the check guards against one that starts to).
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m, testutil.CountErr("LiveCounters", roundtrip.LiveCounters)))
}

func FuzzString(f *testing.F) {
	f.Add("")
	f.Add("hello")
	f.Add("a\x00b")
	f.Add("héllo 😀")
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, s string) {
		valid := utf8.ValidString(s)
		got, err := roundtrip.RoundtripString(s)
		if !valid {
			testutil.As[*roundtrip.InternalError](t, "RoundtripString(invalid)", err)
			return
		}
		if err != nil || got != s {
			t.Fatalf("RoundtripString(%q) = %q, %v", s, got, err)
		}
		if n, err := roundtrip.StringLenBytes(s); err != nil || int(n) != len(s) {
			t.Fatalf("StringLenBytes(%q) = %d, %v; want %d", s, n, err, len(s))
		}
		// The same string nested in a sequence, split at every NUL byte into several elements.
		parts := strings.Split(s, "\x00")
		back, err := roundtrip.RoundtripSequenceString(parts)
		if err != nil || !equalSlices(back, parts, func(a, b string) bool { return a == b }) {
			t.Fatalf("RoundtripSequenceString(%q) = %q, %v", parts, back, err)
		}
		if joined, err := roundtrip.ConcatStrings(parts); err != nil || joined != strings.Join(parts, "") {
			t.Fatalf("ConcatStrings(%q) = %q, %v", parts, joined, err)
		}
	})
}

func FuzzRecord(f *testing.F) {
	f.Add(uint8(1), int8(-1), uint16(2), int16(-2), uint32(3), int32(-3), uint64(4), int64(-4),
		float32(1.5), 2.5, true, "text", []byte{0, 1, 2}, "note", []byte("seq/map data"), uint8(3))
	f.Add(uint8(255), int8(-128), uint16(65535), int16(-32768), uint32(math.MaxUint32), int32(math.MinInt32),
		uint64(math.MaxUint64), int64(math.MinInt64), float32(math.Inf(-1)), math.NaN(), false, "", []byte(nil), "", []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, u8 uint8, i8 int8, u16 uint16, i16 int16, u32 uint32, i32 int32, u64 uint64, i64 int64,
		f32 float32, f64 float64, b bool, s string, bs []byte, note string, data []byte, day uint8) {
		in := roundtrip.AllTypes{
			AU8: u8, AI8: i8, AU16: u16, AI16: i16, AU32: u32, AI32: i32, AU64: u64, AI64: i64,
			AF32: f32, AF64: f64, ABool: b, AString: s, ABytes: bs,
			AnEnum: roundtrip.Weekday(day%7 + 1),
		}
		if len(note)%2 == 1 {
			in.AnOptional = &note
		}
		src := source(data)
		in.ASequence = make([]int32, src.u8()%8)
		for i := range in.ASequence {
			in.ASequence[i] = src.i32()
		}
		in.AMap = map[string]int64{}
		for range src.u8() % 5 {
			in.AMap[src.str()] = int64(src.i32())
		}
		in.ARecord = roundtrip.Point{X: src.i32(), Y: src.i32()}
		valid := utf8.ValidString(s) && (in.AnOptional == nil || utf8.ValidString(note))
		for k := range in.AMap {
			valid = valid && utf8.ValidString(k)
		}

		got, err := roundtrip.RoundtripRecordAll(in)
		if !valid {
			testutil.As[*roundtrip.InternalError](t, "RoundtripRecordAll(invalid UTF-8)", err)
			return
		}
		if err != nil {
			t.Fatalf("RoundtripRecordAll: %v", err)
		}
		if !equalAllTypes(got, in) {
			t.Fatalf("RoundtripRecordAll:\n sent %#v\n got  %#v", in, got)
		}
	})
}

func FuzzEnum(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{4, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 3, 'a', 'b', 'c'})
	f.Add([]byte{4, 2, 3, 1, 0xff, 0xf8, 0, 0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := source(data)
		shape := src.shape(0)
		got, err := roundtrip.RoundtripShape(shape)
		if !shapeValid(shape) {
			testutil.As[*roundtrip.InternalError](t, "RoundtripShape(invalid UTF-8 label)", err)
			return
		}
		if err != nil || !equalShape(got, shape) {
			t.Fatalf("RoundtripShape(%#v) = %#v, %v", shape, got, err)
		}
		area, err := roundtrip.ShapeArea(shape)
		if want := shapeArea(shape); err != nil || !(area == want || math.IsNaN(area) && math.IsNaN(want)) {
			t.Fatalf("ShapeArea(%#v) = %v, %v; want %v", shape, area, err, want)
		}

		// A flat enum: values 1..7 are the variants; any other value is refused.
		sel := src.u8()
		day := roundtrip.Weekday(sel % 9)
		if sel >= 200 {
			day = roundtrip.Weekday(int32(src.u32()))
		}
		gotDay, err := roundtrip.RoundtripWeekday(day)
		if day < roundtrip.WeekdayMonday || day > roundtrip.WeekdaySunday {
			testutil.As[*roundtrip.InternalError](t, "RoundtripWeekday(out of range)", err)
			return
		}
		if err != nil || gotDay != day {
			t.Fatalf("RoundtripWeekday(%v) = %v, %v", day, gotDay, err)
		}
		next, err := roundtrip.NextWeekday(day)
		if want := day%7 + 1; err != nil || next != want {
			t.Fatalf("NextWeekday(%v) = %v, %v; want %v", day, next, err, want)
		}
	})
}

func FuzzMap(f *testing.F) {
	f.Add([]byte{3, 1, 'a', 0, 0, 0, 1, 1, 'b', 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 0, 0, 0, 0, 0, 0, 2, 0xc3, 0xa9, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := source(data)

		strMap := map[string]int64{}
		for range src.u8() % 6 {
			strMap[src.str()] = int64(src.u64())
		}
		got, err := roundtrip.RoundtripMapStringI64(strMap)
		if !keysValid(strMap) {
			testutil.As[*roundtrip.InternalError](t, "RoundtripMapStringI64(invalid UTF-8 key)", err)
		} else if err != nil || !equalMaps(got, strMap, func(a, b int64) bool { return a == b }) {
			t.Fatalf("RoundtripMapStringI64(%q) = %v, %v", strMap, got, err)
		}

		points := map[int32]roundtrip.Point{}
		for range src.u8() % 6 {
			points[src.i32()] = roundtrip.Point{X: src.i32(), Y: src.i32()}
		}
		gotPoints, err := roundtrip.RoundtripMapI32Record(points)
		if err != nil || !equalMaps(gotPoints, points, func(a, b roundtrip.Point) bool { return a == b }) {
			t.Fatalf("RoundtripMapI32Record(%v) = %v, %v", points, gotPoints, err)
		}

		// Byte-string keys need not be UTF-8.
		bytesMap := map[string]uint64{}
		for range src.u8() % 6 {
			bytesMap[src.str()] = src.u64()
		}
		gotBytes, err := collections.RoundtripBytesMap(bytesMap)
		if err != nil || !equalMaps(gotBytes, bytesMap, func(a, b uint64) bool { return a == b }) {
			t.Fatalf("RoundtripBytesMap(%q) = %v, %v", bytesMap, gotBytes, err)
		}

		set := map[int32]struct{}{}
		for range src.u8() % 8 {
			set[src.i32()] = struct{}{}
		}
		gotSet, err := collections.RoundtripI32Set(set)
		if err != nil || !equalMaps(gotSet, set, func(a, b struct{}) bool { return true }) {
			t.Fatalf("RoundtripI32Set(%v) = %v, %v", set, gotSet, err)
		}

		inv := collections.Inventory{Labels: map[string]struct{}{}, Counts: map[string][]uint32{}}
		for range src.u8() % 4 {
			inv.Labels[src.str()] = struct{}{}
		}
		for range src.u8() % 4 {
			counts := make([]uint32, src.u8()%4)
			for i := range counts {
				counts[i] = src.u32()
			}
			inv.Counts[src.str()] = counts
		}
		inv.Maybe = src.optOptBool()
		gotInv, err := collections.RoundtripInventory(inv)
		if !keysValid(inv.Labels) || !keysValid(inv.Counts) {
			testutil.As[*collections.InternalError](t, "RoundtripInventory(invalid UTF-8)", err)
			return
		}
		if err != nil || !equalInventory(gotInv, inv) {
			t.Fatalf("RoundtripInventory(%#v) = %#v, %v", inv, gotInv, err)
		}
		n, err := collections.SetLen(inv.Labels)
		if err != nil || int(n) != len(inv.Labels) {
			t.Fatalf("SetLen = %d, %v; want %d", n, err, len(inv.Labels))
		}
	})
}

func FuzzOption(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{1, 0})
	f.Add([]byte{2, 0x80, 0, 0, 0, 1, 3, 'x', 'y', 'z'})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := source(data)

		nested := src.optOptI32()
		got, err := collections.RoundtripNestedOption(nested)
		if err != nil || !equalOptOpt(got, nested) {
			t.Fatalf("RoundtripNestedOption(%s) = %s, %v", describe(nested), describe(got), err)
		}
		desc, err := collections.DescribeNestedOption(nested)
		if err != nil || desc != describe(nested) {
			t.Fatalf("DescribeNestedOption(%s) = %q, %v", describe(nested), desc, err)
		}

		var opt *string
		if src.u8()%2 == 1 {
			s := src.str()
			opt = &s
		}
		gotOpt, err := roundtrip.RoundtripOptionalString(opt)
		if opt != nil && !utf8.ValidString(*opt) {
			testutil.As[*roundtrip.InternalError](t, "RoundtripOptionalString(invalid UTF-8)", err)
		} else if err != nil || !equalPtr(gotOpt, opt, func(a, b string) bool { return a == b }) {
			t.Fatalf("RoundtripOptionalString(%v) = %v, %v", opt, gotOpt, err)
		}

		seqs := make([]*[]string, src.u8()%5)
		valid := true
		for i := range seqs {
			if src.u8()%3 == 0 {
				continue
			}
			inner := make([]string, src.u8()%4)
			for j := range inner {
				inner[j] = src.str()
				valid = valid && utf8.ValidString(inner[j])
			}
			seqs[i] = &inner
		}
		gotSeqs, err := collections.RoundtripNestedSequences(seqs)
		if !valid {
			testutil.As[*collections.InternalError](t, "RoundtripNestedSequences(invalid UTF-8)", err)
			return
		}
		eq := func(a, b *[]string) bool {
			return equalPtr(a, b, func(x, y []string) bool {
				return equalSlices(x, y, func(p, q string) bool { return p == q })
			})
		}
		if err != nil || !equalSlices(gotSeqs, seqs, eq) {
			t.Fatalf("RoundtripNestedSequences(%d items) = %d items, %v", len(seqs), len(gotSeqs), err)
		}
	})
}

// ---- building values from fuzz bytes ----------------------------------------------------------

// source hands out values read from the fuzzer's bytes, and zeros once they run out.
type source []byte

func (s *source) u8() uint8 {
	if len(*s) == 0 {
		return 0
	}
	b := (*s)[0]
	*s = (*s)[1:]
	return b
}

func (s *source) u32() uint32 {
	return uint32(s.u8())<<24 | uint32(s.u8())<<16 | uint32(s.u8())<<8 | uint32(s.u8())
}

func (s *source) i32() int32 { return int32(s.u32()) }

func (s *source) u64() uint64 { return uint64(s.u32())<<32 | uint64(s.u32()) }

func (s *source) f64() float64 { return math.Float64frombits(s.u64()) }

// str is a string of up to 15 arbitrary bytes (not necessarily UTF-8).
func (s *source) str() string {
	n := int(s.u8() % 16)
	if n > len(*s) {
		n = len(*s)
	}
	v := string((*s)[:n])
	*s = (*s)[n:]
	return v
}

func (s *source) optOptI32() **int32 {
	switch s.u8() % 3 {
	case 0:
		return nil
	case 1:
		return new(*int32)
	default:
		v := s.i32()
		p := &v
		return &p
	}
}

func (s *source) optOptBool() **bool {
	switch s.u8() % 3 {
	case 0:
		return nil
	case 1:
		return new(*bool)
	default:
		v := s.u8()%2 == 1
		p := &v
		return &p
	}
}

// shape builds a Shape, nesting groups at most four deep.
func (s *source) shape(depth int) roundtrip.Shape {
	switch s.u8() % 5 {
	case 0:
		return roundtrip.ShapeCircle{Radius: s.f64()}
	case 1:
		return roundtrip.ShapeRectangle{Width: s.f64(), Height: s.f64()}
	case 2:
		return roundtrip.ShapeEmpty{}
	case 3:
		return roundtrip.ShapeLabeled{Label: s.str()}
	default:
		if depth >= 4 {
			return roundtrip.ShapeEmpty{}
		}
		parts := make([]roundtrip.Shape, s.u8()%4)
		for i := range parts {
			parts[i] = s.shape(depth + 1)
		}
		return roundtrip.ShapeGroup{Parts: parts}
	}
}

// ---- comparing -------------------------------------------------------------------------------

// sameFloat64 compares bit patterns: NaN payloads and the sign of zero must survive too.
func sameFloat64(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func sameFloat32(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }

// equalSlices treats nil and empty alike.
func equalSlices[T any](a, b []T, eq func(T, T) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !eq(a[i], b[i]) {
			return false
		}
	}
	return true
}

// equalMaps treats nil and empty alike.
func equalMaps[K comparable, V any](a, b map[K]V, eq func(V, V) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k, va := range a {
		vb, ok := b[k]
		if !ok || !eq(va, vb) {
			return false
		}
	}
	return true
}

func equalPtr[T any](a, b *T, eq func(T, T) bool) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return eq(*a, *b)
}

func equalOptOpt[T comparable](a, b **T) bool {
	return equalPtr(a, b, func(x, y *T) bool { return equalPtr(x, y, func(p, q T) bool { return p == q }) })
}

func describe(v **int32) string {
	switch {
	case v == nil:
		return "none"
	case *v == nil:
		return "some(none)"
	default:
		return "some(some(" + strconv.Itoa(int(**v)) + "))"
	}
}

func equalAllTypes(a, b roundtrip.AllTypes) bool {
	return a.AU8 == b.AU8 && a.AI8 == b.AI8 && a.AU16 == b.AU16 && a.AI16 == b.AI16 &&
		a.AU32 == b.AU32 && a.AI32 == b.AI32 && a.AU64 == b.AU64 && a.AI64 == b.AI64 &&
		sameFloat32(a.AF32, b.AF32) && sameFloat64(a.AF64, b.AF64) && a.ABool == b.ABool &&
		a.AString == b.AString && string(a.ABytes) == string(b.ABytes) &&
		equalPtr(a.AnOptional, b.AnOptional, func(x, y string) bool { return x == y }) &&
		equalSlices(a.ASequence, b.ASequence, func(x, y int32) bool { return x == y }) &&
		equalMaps(a.AMap, b.AMap, func(x, y int64) bool { return x == y }) &&
		a.ARecord == b.ARecord && a.AnEnum == b.AnEnum
}

func equalInventory(a, b collections.Inventory) bool {
	return equalMaps(a.Labels, b.Labels, func(struct{}, struct{}) bool { return true }) &&
		equalMaps(a.Counts, b.Counts, func(x, y []uint32) bool {
			return equalSlices(x, y, func(p, q uint32) bool { return p == q })
		}) &&
		equalPtr(a.Maybe, b.Maybe, func(x, y *bool) bool { return equalPtr(x, y, func(p, q bool) bool { return p == q }) })
}

func equalShape(a, b roundtrip.Shape) bool {
	switch x := a.(type) {
	case roundtrip.ShapeCircle:
		y, ok := b.(roundtrip.ShapeCircle)
		return ok && sameFloat64(x.Radius, y.Radius)
	case roundtrip.ShapeRectangle:
		y, ok := b.(roundtrip.ShapeRectangle)
		return ok && sameFloat64(x.Width, y.Width) && sameFloat64(x.Height, y.Height)
	case roundtrip.ShapeEmpty:
		_, ok := b.(roundtrip.ShapeEmpty)
		return ok
	case roundtrip.ShapeLabeled:
		y, ok := b.(roundtrip.ShapeLabeled)
		return ok && x.Label == y.Label
	case roundtrip.ShapeGroup:
		y, ok := b.(roundtrip.ShapeGroup)
		return ok && equalSlices(x.Parts, y.Parts, equalShape)
	}
	return false
}

func shapeValid(s roundtrip.Shape) bool {
	switch x := s.(type) {
	case roundtrip.ShapeLabeled:
		return utf8.ValidString(x.Label)
	case roundtrip.ShapeGroup:
		for _, p := range x.Parts {
			if !shapeValid(p) {
				return false
			}
		}
	}
	return true
}

// shapeArea is the fixture's shape_area, computed in Go in the same order.
func shapeArea(s roundtrip.Shape) float64 {
	switch x := s.(type) {
	case roundtrip.ShapeCircle:
		return math.Pi * x.Radius * x.Radius
	case roundtrip.ShapeRectangle:
		return x.Width * x.Height
	case roundtrip.ShapeGroup:
		sum := math.Copysign(0, -1) // Rust's float Sum starts at -0.0
		for _, p := range x.Parts {
			sum += shapeArea(p)
		}
		return sum
	}
	return 0
}

func keysValid[V any](m map[string]V) bool {
	for k := range m {
		if !utf8.ValidString(k) {
			return false
		}
	}
	return true
}
