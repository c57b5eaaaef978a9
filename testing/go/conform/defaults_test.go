package conform_test

import (
	"testing"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// Field defaults real config structs use: Some(..) of a string and an integer, the type's own
// default (`#[uniffi(default)]`) of an integer, list, map, option and object option, an empty
// string, a negative and a hexadecimal integer; a field renamed with `#[uniffi(name = ..)]`.
func TestRecordDefaultsOfConfigStructs(t *testing.T) {
	expectNodesFreed(t)
	c := conform.DefaultClientConfig()
	if c.Endpoint != "" || c.Region == nil || *c.Region != "eu-west" || c.Retries == nil || *c.Retries != 3 ||
		c.TimeoutMs != 0 || c.Tags == nil || len(c.Tags) != 0 || c.Headers == nil || len(c.Headers) != 0 ||
		c.Proxy != nil || c.UserAgent != "" || c.Offset != -5 || c.Mask != 0x10 || c.NodeHint != nil {
		t.Fatalf("DefaultClientConfig() = %+v", c)
	}
	c.Endpoint = "https://api"
	want := `https://api region=Some("eu-west") retries=Some(3) timeout=0 tags=[] headers=[] proxy=None ua="" offset=-5 mask=16 hint=None`
	if got := testutil.Must(conform.DescribeConfig(c))(t); got != want {
		t.Errorf("DescribeConfig(defaults) = %q, want %q", got, want)
	}
	// Defaults are fresh values: changing one config leaves the next default alone.
	c.Tags = append(c.Tags, "t")
	c.Headers["h"] = "v"
	c.Region, c.Retries, c.Proxy = nil, ptr(uint32(0)), ptr("p")
	c.Offset, c.Mask, c.UserAgent, c.TimeoutMs = 7, 0xff, "go", 250
	c.NodeHint = newNode(t, "hint")
	want = `https://api region=None retries=Some(0) timeout=250 tags=["t"] headers=[("h", "v")] proxy=Some("p") ua="go" offset=7 mask=255 hint=Some("hint")`
	if got := testutil.Must(conform.DescribeConfig(c))(t); got != want {
		t.Errorf("DescribeConfig(changed) = %q, want %q", got, want)
	}
	if d := conform.DefaultClientConfig(); len(d.Tags) != 0 || len(d.Headers) != 0 || *d.Region != "eu-west" {
		t.Errorf("a later DefaultClientConfig() = %+v", d)
	}
}

// Enum variants whose fields have Rust defaults round-trip with the values Go gives.
func TestEnumVariantsWithFieldDefaults(t *testing.T) {
	for _, tc := range []struct {
		r    conform.Request
		want string
	}{
		{conform.RequestGet{Path: "/a", TimeoutS: 30}, "GET /a timeout=30"},
		{conform.RequestGet{Path: "/b"}, "GET /b timeout=0"},
		{conform.RequestPost{Path: "/c", ContentType: "text/plain", Body: []byte("hi")}, "POST /c text/plain 2 bytes"},
	} {
		if got := testutil.Must(conform.DescribeRequest(tc.r))(t); got != tc.want {
			t.Errorf("DescribeRequest(%#v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

// A function exported under another name (`#[uniffi::export(name = "checksum")]`) has that name
// and reaches the Rust function.
func TestRenamedFunction(t *testing.T) {
	data := []byte("conformance")
	var want uint32
	for _, b := range data {
		want = want*31 + uint32(b)
	}
	if got := testutil.Must(conform.Checksum(data))(t); got != want {
		t.Errorf("Checksum = %d, want %d", got, want)
	}
	if got := testutil.Must(conform.Checksum(nil))(t); got != 0 {
		t.Errorf("Checksum(nil) = %d", got)
	}
}

// `#[uniffi(default)]` on a record field gives that record's own defaults, and
// `Some(Some(4))` a nested option.
func TestDefaultsOfNestedTypes(t *testing.T) {
	l := conform.DefaultLayered()
	if l.Depth == nil || *l.Depth == nil || **l.Depth != 4 || l.Config.Retries == nil || *l.Config.Retries != 3 {
		t.Fatalf("DefaultLayered() = %+v", l)
	}
	l.Config.Endpoint = "x"
	want := `Some(Some(4)) / x region=Some("eu-west") retries=Some(3) timeout=0 tags=[] headers=[] proxy=None ua="" offset=-5 mask=16 hint=None`
	if got := testutil.Must(conform.DescribeLayered(l))(t); got != want {
		t.Errorf("DescribeLayered = %q, want %q", got, want)
	}
	*l.Depth = nil
	if got := testutil.Must(conform.DescribeLayered(l))(t); got[:10] != "Some(None)" {
		t.Errorf("DescribeLayered(Some(None)) = %q", got)
	}
}
