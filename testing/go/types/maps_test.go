package types_test

import (
	"bytes"
	"maps"
	"slices"
	"testing"
	"time"

	"uniffi-go.test/generated/types"
	"uniffi-go.test/internal/testutil"
)

func ptr[T any](v T) *T { return &v }

func TestMapKeysOfEveryHashableType(t *testing.T) {
	in := types.KeyedMaps{
		ByBool:     map[bool]uint8{true: 1, false: 2},
		ByU8:       map[uint8]uint8{0: 1, 255: 2},
		ByI16:      map[int16]uint8{-32768: 1, 32767: 2},
		ByU64:      map[uint64]uint8{0: 1, 1<<64 - 1: 2},
		ByBytes:    map[string]uint8{"\x00\xff": 1, "": 2},
		ByCompass:  map[types.Compass]uint8{types.CompassNorth: 1, types.CompassWest: 2},
		ByToken:    map[types.TokenKey]uint8{types.TokenKeyWord{Text: "a"}: 1, types.TokenKeyNumber{Value: -1}: 2},
		ByPair:     map[types.PairKey]uint8{{A: 1, B: "x"}: 1, {A: 1, B: "y"}: 2},
		ByBlob:     []types.MapEntry[types.BlobKey, uint8]{{Key: types.BlobKey{Data: []byte{1, 2}, Label: "a"}, Value: 1}},
		ByOption:   []types.MapEntry[*int32, uint8]{{Key: nil, Value: 1}, {Key: ptr[int32](5), Value: 2}},
		BySequence: []types.MapEntry[[]int32, uint8]{{Key: []int32{1, 2}, Value: 1}, {Key: nil, Value: 2}},
		ByDuration: map[time.Duration]uint8{time.Second: 1, 0: 2},
		ByGUID:     map[types.GUID]uint8{"g": 1},
		BlobSet:    []types.BlobKey{{Data: []byte("x"), Label: "1"}, {Data: []byte("y"), Label: "2"}},
	}
	if got := testutil.Must(types.KeyedMapSizes(in))(t); got != "2,2,2,2,2,2,2,2,1,2,2,2,1,2" {
		t.Fatalf("Rust sizes %s", got)
	}
	out := testutil.Must(types.RoundtripKeyedMaps(in))(t)
	if !maps.Equal(out.ByBool, in.ByBool) || !maps.Equal(out.ByU64, in.ByU64) || !maps.Equal(out.ByI16, in.ByI16) ||
		!maps.Equal(out.ByBytes, in.ByBytes) || !maps.Equal(out.ByCompass, in.ByCompass) ||
		!maps.Equal(out.ByToken, in.ByToken) || !maps.Equal(out.ByPair, in.ByPair) ||
		!maps.Equal(out.ByDuration, in.ByDuration) || !maps.Equal(out.ByGUID, in.ByGUID) || !maps.Equal(out.ByU8, in.ByU8) {
		t.Fatalf("comparable-key maps changed: %+v", out)
	}
	if len(out.ByBlob) != 1 || !bytes.Equal(out.ByBlob[0].Key.Data, []byte{1, 2}) || out.ByBlob[0].Value != 1 {
		t.Fatalf("ByBlob %+v", out.ByBlob)
	}
	opt := map[int32]uint8{}
	for _, e := range out.ByOption {
		k := int32(-1)
		if e.Key != nil {
			k = *e.Key
		}
		opt[k] = e.Value
	}
	if !maps.Equal(opt, map[int32]uint8{-1: 1, 5: 2}) {
		t.Fatalf("ByOption %v", opt)
	}
	var seqs []string
	for _, e := range out.BySequence {
		seqs = append(seqs, string(rune('0'+len(e.Key)))+string(rune('0'+e.Value)))
	}
	slices.Sort(seqs)
	if !slices.Equal(seqs, []string{"02", "21"}) {
		t.Fatalf("BySequence %v", seqs)
	}
	if len(out.BlobSet) != 2 {
		t.Fatalf("BlobSet %+v", out.BlobSet)
	}
}

func TestRecordWithBytesKeyFoundByRustHashing(t *testing.T) {
	key := types.BlobKey{Data: []byte{0, 1, 2}, Label: "k"}
	m := []types.MapEntry[types.BlobKey, string]{
		{Key: types.BlobKey{Data: []byte{9}, Label: "k"}, Value: "other"},
		{Key: key, Value: "found"},
	}
	if got := testutil.Must(types.LookupBlob(m, types.BlobKey{Data: []byte{0, 1, 2}, Label: "k"}))(t); got == nil || *got != "found" {
		t.Fatalf("LookupBlob = %v", got)
	}
	if got := testutil.Must(types.LookupBlob(m, types.BlobKey{Data: []byte{0, 1}, Label: "k"}))(t); got != nil {
		t.Fatalf("missing key found %q", *got)
	}
}
