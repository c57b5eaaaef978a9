package conform_test

import (
	"errors"
	"runtime"
	"slices"
	"testing"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// `self: Arc<Self>` methods returning the object itself or a new one, and constructors
// returning `Arc<Self>` and `Result<Arc<Self>, E>`.
func TestArcSelfMethods(t *testing.T) {
	expectNodesFreed(t)
	before := liveNodes(t)
	n := newNode(t, "root")
	this := testutil.Must(n.This())(t)
	if !testutil.Must(n.IsSame(this))(t) || !testutil.Must(this.IsSame(n))(t) {
		t.Fatal("This() is not the same Rust object")
	}
	if got := liveNodes(t); got != before+1 {
		t.Errorf("LiveNodes = %d after This(), want %d: no new Rust object", got, before+1)
	}
	// Closing the returned handle leaves the first usable: each holds its own reference.
	this.Close()
	if got := testutil.Must(n.Name())(t); got != "root" {
		t.Errorf("Name after closing This() = %q", got)
	}
	if _, err := this.Name(); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("closed This().Name() = %v, want ErrClosed", err)
	}

	// Builder style.
	a, b := newNode(t, "a"), newNode(t, "b")
	built := testutil.Must(testutil.Must(n.WithChild(a))(t).WithChild(b))(t)
	defer built.Close()
	if !testutil.Must(built.IsSame(n))(t) {
		t.Error("WithChild did not return the same node")
	}
	if got := names(t, testutil.Must(n.Children())(t)); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Children = %q", got)
	}

	copied := testutil.Must(n.Copy())(t)
	defer copied.Close()
	if testutil.Must(copied.IsSame(n))(t) {
		t.Error("Copy returned the same Rust object")
	}
	if got := liveNodes(t); got != before+4 {
		t.Errorf("LiveNodes = %d, want %d (root, a, b, copy)", got, before+4)
	}
	kids := testutil.Must(copied.Children())(t)
	defer closeAll(kids...)
	if !testutil.Must(kids[0].IsSame(a))(t) {
		t.Error("the copy's first child is not a")
	}

	leaf := testutil.Must(conform.NewNodeLeaf("x"))(t)
	defer leaf.Close()
	if got := testutil.Must(leaf.Name())(t); got != "leaf-x" {
		t.Errorf("NewNodeLeaf(x).Name() = %q (the constructor named leaf in Rust)", got)
	}
	parsed := testutil.Must(conform.NewNodeParse("ok-1"))(t)
	defer parsed.Close()
	if got := testutil.Must(parsed.Name())(t); got != "ok-1" {
		t.Errorf("NewNodeParse = %q", got)
	}
	failed, err := conform.NewNodeParse("")
	if failed != nil {
		t.Errorf("NewNodeParse(\"\") returned a node with the error")
	}
	invalid := testutil.As[conform.NodeErrorInvalidName](t, "NewNodeParse(\"\")", err)
	if !errors.Is(invalid, conform.ParseErrorEmpty{}) {
		t.Errorf("Source = %#v, want ParseErrorEmpty", invalid.Source)
	}
}

// Objects in sequences, maps and options go to Rust and come back as the same Rust objects.
func TestObjectsInCollectionsAndOptions(t *testing.T) {
	expectNodesFreed(t)
	a, b, c := newNode(t, "a"), newNode(t, "b"), newNode(t, "c")
	if got := testutil.Must(conform.NamesOf([]*conform.Node{a, b, c, a}))(t); !slices.Equal(got, []string{"a", "b", "c", "a"}) {
		t.Errorf("NamesOf = %q", got)
	}
	rev := testutil.Must(conform.Reversed([]*conform.Node{a, b, c}))(t)
	defer closeAll(rev...)
	for i, want := range []*conform.Node{c, b, a} {
		if !testutil.Must(rev[i].IsSame(want))(t) {
			t.Errorf("Reversed[%d] is not the node passed", i)
		}
	}
	if got := testutil.Must(conform.DescribeMap(map[string]*conform.Node{"x": a, "y": b, "z": a}))(t); !slices.Equal(got, []string{"x=a", "y=b", "z=a"}) {
		t.Errorf("DescribeMap = %q", got)
	}
	if got := testutil.Must(conform.MaybeName(b))(t); got == nil || *got != "b" {
		t.Errorf("MaybeName(b) = %v", got)
	}
	if got := testutil.Must(conform.MaybeName(nil))(t); got != nil {
		t.Errorf("MaybeName(nil) = %q", *got)
	}

	root := newNode(t, "root")
	for _, n := range []*conform.Node{a, b} {
		testutil.Must(root.WithChild(n))(t).Close()
	}
	m := testutil.Must(root.ChildMap())(t)
	if len(m) != 2 || !testutil.Must(m["a"].IsSame(a))(t) || !testutil.Must(m["b"].IsSame(b))(t) {
		t.Errorf("ChildMap = %v", m)
	}
	for _, n := range m {
		n.Close()
	}
	found := testutil.Must(root.Find("b"))(t)
	if found == nil || !testutil.Must(found.IsSame(b))(t) {
		t.Fatalf("Find(b) = %v", found)
	}
	found.Close()
	if got := testutil.Must(root.Find("nobody"))(t); got != nil {
		t.Errorf("Find(nobody) = %v, want nil", got)
	}

	list := []*conform.Node{a, c}
	back := testutil.Must(conform.Nested(map[string]*[]*conform.Node{"some": &list, "none": nil, "empty": {}}))(t)
	if len(back) != 3 || back["none"] != nil || back["empty"] == nil || len(*back["empty"]) != 0 {
		t.Fatalf("Nested = %v", back)
	}
	if got := *back["some"]; len(got) != 2 || !testutil.Must(got[1].IsSame(c))(t) {
		t.Errorf("Nested[some] = %v", got)
	}
	closeAll(*back["some"]...)
	testutil.Must(0, root.Clear())(t)
}

// A closed or nil object inside a collection stops the call with ErrClosed, and the handles
// already cloned for Rust are released.
func TestClosedObjectInsideACollection(t *testing.T) {
	expectNodesFreed(t)
	a := newNode(t, "a")
	closed := testutil.Must(conform.NewNode("closed"))(t)
	closed.Close()
	if _, err := conform.NamesOf([]*conform.Node{a, a, closed}); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("NamesOf with a closed node = %v, want ErrClosed", err)
	}
	if _, err := conform.DescribeMap(map[string]*conform.Node{"a": a, "nil": nil}); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("DescribeMap with a nil node = %v, want ErrClosed", err)
	}
	if _, err := conform.DescribeSlot(conform.Slot{Node: a, Extras: []*conform.Node{a, nil}}); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("DescribeSlot with a nil extra = %v, want ErrClosed", err)
	}
	if got := testutil.Must(a.Name())(t); got != "a" {
		t.Errorf("a after the refused calls: %q", got)
	}
}

// Records holding objects (directly, optional, in a list and in a map) both ways.
func TestObjectsInRecords(t *testing.T) {
	expectNodesFreed(t)
	root := newNode(t, "root")
	for _, name := range []string{"k1", "k2"} {
		testutil.Must(root.WithChild(newNode(t, name)))(t).Close()
	}
	slot := testutil.Must(conform.MakeSlot("main", root))(t)
	defer closeAll(append(append([]*conform.Node{slot.Node, slot.Spare}, slot.Extras...), slot.ByName["k1"], slot.ByName["k2"])...)
	if !testutil.Must(slot.Node.IsSame(root))(t) || slot.Spare == nil || len(slot.Extras) != 2 || len(slot.ByName) != 2 {
		t.Fatalf("MakeSlot = %+v", slot)
	}
	if !testutil.Must(slot.Spare.IsSame(slot.Extras[0]))(t) || !testutil.Must(slot.ByName["k2"].IsSame(slot.Extras[1]))(t) {
		t.Error("the slot's nodes are not the children")
	}
	want := `main: root spare=Some("k1") extras=["k1", "k2"] by_name=["k1", "k2"]`
	if got := testutil.Must(conform.DescribeSlot(slot))(t); got != want {
		t.Errorf("DescribeSlot = %q, want %q", got, want)
	}
	other := conform.Slot{Label: "mine", Node: slot.Extras[1], ByName: map[string]*conform.Node{}}
	if got := testutil.Must(conform.DescribeSlot(other))(t); got != `mine: k2 spare=None extras=[] by_name=[]` {
		t.Errorf("DescribeSlot(Go-made) = %q", got)
	}
	testutil.Must(0, root.Clear())(t)
}

// Enum variants holding objects (named and tuple fields, lists, options) both ways.
func TestObjectsInEnumVariants(t *testing.T) {
	expectNodesFreed(t)
	root := newNode(t, "root")
	testutil.Must(root.WithChild(newNode(t, "kid")))(t).Close()
	for kind, want := range map[string]string{
		"empty":   "empty",
		"one":     "one root",
		"many":    `many ["kid"] primary=Some("root")`,
		"wrapped": "wrapped root wrapped",
	} {
		h := testutil.Must(conform.MakeHolder(kind, root))(t)
		if got := testutil.Must(conform.DescribeHolder(h))(t); got != want {
			t.Errorf("%s: DescribeHolder = %q, want %q", kind, got, want)
		}
		switch h := h.(type) {
		case conform.HolderOne:
			if !testutil.Must(h.Node.IsSame(root))(t) {
				t.Error("HolderOne.Node is not root")
			}
			h.Node.Close()
		case conform.HolderMany:
			closeAll(append(h.Nodes, h.Primary)...)
		case conform.HolderWrapped:
			if h.V2 != "wrapped" {
				t.Errorf("HolderWrapped.V2 = %q", h.V2)
			}
			h.V1.Close()
		case conform.HolderEmpty:
		default:
			t.Errorf("%s: %T", kind, h)
		}
	}
	kid := newNode(t, "mine")
	if got := testutil.Must(conform.DescribeHolder(conform.HolderMany{Nodes: []*conform.Node{kid, kid}}))(t); got != `many ["mine", "mine"] primary=None` {
		t.Errorf("DescribeHolder(Go-made) = %q", got)
	}
	testutil.Must(0, root.Clear())(t)
}

// Objects Go never closes, returned inside collections, records and enums, are freed once
// unreachable.
func TestUnclosedObjectsInsideValuesAreCollected(t *testing.T) {
	before := liveNodes(t)
	func() {
		root := testutil.Must(conform.NewNode("gc-root"))(t)
		for range 3 {
			testutil.Must(root.WithChild(testutil.Must(conform.NewNode("gc-kid"))(t)))(t)
		}
		testutil.Must(root.Children())(t)
		testutil.Must(root.ChildMap())(t)
		testutil.Must(conform.MakeSlot("gc", root))(t)
		testutil.Must(conform.MakeHolder("many", root))(t)
		testutil.Must(root.This())(t)
		runtime.KeepAlive(root)
	}()
	eventually(t, "LiveNodes after garbage collection", before, conform.LiveNodes)
}
