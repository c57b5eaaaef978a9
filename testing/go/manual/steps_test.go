package manual_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/manual"
	"uniffi-go.test/internal/testutil"
)

// objects: constructors, a named one, Arc<Self>, a callback interface, method defaults, and an
// object's Rust traits (UDL `[Traits=(...)]`).
func objects(t *testing.T, tr *transcript) {
	c := testutil.Must(manual.NewCounter(10))(t)
	defer c.Close()
	tr.out("counter next", list(testutil.Must(c.Next())(t), testutil.Must(c.Next())(t)))
	c2 := testutil.Must(manual.NewCounterWithStep(0, 5))(t)
	defer c2.Close()
	tr.out("with_step next", list(testutil.Must(c2.Next())(t), testutil.Must(c2.Next())(t)))
	fork := testutil.Must(c2.Fork())(t)
	defer fork.Close()
	tr.out("fork next", list(testutil.Must(fork.Next())(t), testutil.Must(fork.Next())(t), testutil.Must(c2.Next())(t)))
	logger := &hostLogger{}
	if err := c.Report(logger, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Report(logger, &manual.CounterReportOptions{Times: 2}); err != nil {
		t.Fatal(err)
	}
	tr.out("report", strings.Join(logger.lines, " | "))

	v1 := testutil.Must(manual.NewVersion(1, 2))(t)
	v2 := testutil.Must(manual.NewVersion(1, 2))(t)
	v3 := testutil.Must(manual.NewVersion(2, 0))(t)
	defer v1.Close()
	defer v2.Close()
	defer v3.Close()
	tr.out("version display", v1.String())
	tr.out("version debug", v1.GoString())
	tr.out("version eq", list(v1.Equal(v2), v1.Equal(v3), !v1.Equal(v3)))
	tr.out("version hash", list(v1.Hash() == v2.Hash(), v1.Hash() == v3.Hash()))
}

// procMacros: the proc-macro half of the crate.
func procMacros(t *testing.T, tr *transcript) {
	ctx := context.Background()

	// Records with proc-macro defaults, a renamed field, methods and traits.
	r := manual.DefaultReading()
	r.Sensor = "t1"
	tr.out("reading defaults", testutil.Must(manual.DescribeReading(r))(t))
	tr.out("reading display", r.String())
	when := time.Unix(1_700_000_000, 123_456_000).UTC()
	urgent := manual.PriorityUrgent
	r2 := manual.Reading{
		Sensor: "t2", Value: -4, Unit: nil, Samples: []int32{1, 2, 3, 6}, TakenAt: &when,
		Payload: []byte{0, 255}, Priority: &urgent,
	}
	tr.out("reading given", testutil.Must(manual.DescribeReading(r2))(t))
	tr.out("reading mean", list(testutil.Must(r.Mean())(t), testutil.Must(r2.Mean())(t)))
	again := manual.DefaultReading()
	again.Sensor = "t1"
	tr.out("reading eq", list(r.Equal(again), r.Equal(r2)))

	// Flat enums with discriminants.
	tr.out("priorities", list(int(manual.PriorityLow), int(manual.PriorityNormal), int(manual.PriorityUrgent)))
	tr.out("bump", list(int(testutil.Must(manual.Bump(manual.PriorityLow))(t)), int(testutil.Must(manual.Bump(manual.PriorityNormal))(t))))

	// Enums with named, tuple and unit variants, renamed, with a method.
	events := testutil.Must(manual.JobEvents(when))(t)
	shown := make([]string, len(events))
	labels := make([]string, len(events))
	for i, e := range events {
		shown[i] = event(e)
		labels[i] = testutil.Must(manual.EventLabel(e))(t)
	}
	tr.out("job_events", strings.Join(shown, " | "))
	tr.out("event labels", strs(labels...))
	described := []string{}
	for _, e := range []manual.Event{manual.EventProgress{V1: 10, V2: "ten"}, manual.EventHalted{}, manual.EventStarted{At: when, By: "python"}} {
		described = append(described, testutil.Must(manual.DescribeEvent(e))(t))
	}
	tr.out("describe_event", strings.Join(described, " | "))

	// Proc-macro flat errors: the variant and Rust's message, not the fields.
	for _, in := range []struct{ step, s string }{{"parse_digits 123", "123"}, {"parse_digits empty", ""}, {"parse_digits 12x", "12x"}} {
		n, err := manual.ParseDigits(in.s)
		attempt(tr, in.step, n, err)
	}

	// A trait with foreign implementations, sync and async methods, errors both ways.
	length := testutil.Must(manual.LengthScorer())(t)
	defer closeIfRust(length)
	abc, err := length.Score("abc")
	if err != nil {
		t.Fatal(err)
	}
	tr.out("length scorer", length.Name()+" "+show(abc))
	n, err := length.Score("xyz")
	attempt(tr, "length score xyz", n, err)
	tr.out("score_words length", strings.Join(testutil.Must(manual.ScoreWords(ctx, length, []string{"ab", "xyz"}))(t), " | "))
	hs := hostScorer{}
	tr.out("score_words host", strings.Join(testutil.Must(manual.ScoreWords(ctx, hs, []string{"ab", "bad", "boom"}))(t), " | "))
	n, err = manual.TotalScore(ctx, hs, []string{"ab", "abc"})
	attempt(tr, "total_score host", n, err)
	n, err = manual.TotalScore(ctx, hs, []string{"ab", "bad"})
	attempt(tr, "total_score host bad", n, err)

	// A callback interface returning a flat error to Rust (read by its variant alone).
	sink := &hostSink{}
	var items []manual.Reading
	for i, name := range []string{"a", "full", "b", "closed", "boom"} {
		item := manual.DefaultReading()
		item.Sensor, item.Value = name, int32(i)
		items = append(items, item)
	}
	tr.out("fill", strings.Join(testutil.Must(manual.Fill(sink, items))(t), " | "))

	// Custom types from proc-macros: a checked newtype and `custom_newtype!`.
	s, err := manual.EmailDomain("ann@example.org")
	attempt(tr, "email_domain", s, err)
	s, err = manual.EmailDomain("nobody")
	attempt(tr, "email_domain bad", s, err)
	tr.out("double_distance", f2(testutil.Must(manual.DoubleDistance(1.25))(t)))

	wallets(t, tr)

	// A renamed function with defaults; nested collections and options.
	tr.out("describe_numbers", q(testutil.Must(manual.DescribeNumbers([]int64{1, 2, 3}, nil))(t)))
	limit := uint32(2)
	tr.out("describe_numbers given", q(testutil.Must(manual.DescribeNumbers([]int64{1, 2, 3}, &manual.DescribeNumbersOptions{Sep: "-", Limit: &limit}))(t)))
	one := int16(1)
	maybe := map[string]*int16{"x": &one, "y": nil}
	tr.out("describe_nested", testutil.Must(manual.DescribeNested([][]byte{{1, 2}, {}}, map[uint32][]string{2: {"b"}, 1: {"a", "c"}}, &maybe))(t))
	tr.out("describe_nested none", testutil.Must(manual.DescribeNested(nil, nil, nil))(t))
}

// wallets: an object with a failing constructor, a named one with defaults, renamed and
// Arc<Self> methods, async methods and Rust traits, inside records and maps.
func wallets(t *testing.T, tr *transcript) {
	w, err := manual.NewWallet("")
	attempt(tr, "wallet empty owner", w, err)
	ann := testutil.Must(manual.NewWallet("ann"))(t)
	defer ann.Close()
	bob := testutil.Must(manual.NewWalletWithCents("bob", nil))(t)
	defer bob.Close()
	cy := testutil.Must(manual.NewWalletWithCents("cy", &manual.WalletWithCentsOptions{Cents: 500}))(t)
	defer cy.Close()
	tr.out("deposit", testutil.Must(ann.Deposit(50))(t))
	left, err := ann.Withdraw(80)
	attempt(tr, "withdraw", left, err)
	tr.out("holders", strs(testutil.Must(ann.Holder())(t), testutil.Must(bob.Holder())(t), testutil.Must(cy.Holder())(t)))
	same := testutil.Must(ann.TakeFrom(bob, nil))(t)
	tr.out("take_from", ann.String()+" / "+bob.String()+" same="+show(testutil.Must(same.IsSame(ann))(t))+" "+show(testutil.Must(ann.IsSame(bob))(t)))
	same.Close()
	same = testutil.Must(ann.TakeFrom(bob, &manual.WalletTakeFromOptions{Cents: 9}))(t)
	defer same.Close()
	tr.out("take_from 9", ann.String())
	taken, err := ann.TakeFrom(bob, &manual.WalletTakeFromOptions{Cents: 1000})
	if err == nil {
		defer taken.Close()
	}
	attempt(tr, "take_from 1000", "", err)
	tr.out("wallet display", cy.String())
	tr.out("wallet eq", list(ann.Equal(same), ann.Equal(bob)))
	tr.out("wallet ord", list(ann.Compare(cy) < 0, cy.Compare(ann) < 0, bob.Compare(ann) > 0))
	tr.out("wallet hash", list(ann.Hash() == same.Hash(), ann.Hash() == bob.Hash()))
	tr.out("balance_later", testutil.Must(ann.BalanceLater(context.Background(), 5))(t))
	led := testutil.Must(manual.MakeLedger([]*manual.Wallet{ann, bob, cy}))(t)
	owners := make([]string, 0, len(led.ByOwner))
	for k, w := range led.ByOwner {
		owners = append(owners, k)
		defer w.Close()
	}
	sort.Strings(owners)
	defer led.Richest.Close()
	tr.out("ledger", "["+strings.Join(owners, ", ")+"]"+" richest="+testutil.Must(led.Richest.Holder())(t))
	tr.out("ledger empty", testutil.Must(manual.MakeLedger(nil))(t).Richest == nil)
}
