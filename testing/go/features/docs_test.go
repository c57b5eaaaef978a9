package features_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/gendoc"
	"uniffi-go.test/internal/testutil"
)

// Every docstring of testing/fixtures/features/src/docs.rs, by the Go identifier it documents.
var featureDocs = []struct{ ident, rust string }{
	{"DocumentedFunction", "Doc of function documented_function.\nIts second line.\n\nA second paragraph."},
	{"ArticleFunction", "The doc of function starting with an article."},
	{"DocRecord", "Doc of record DocRecord."},
	{"DocRecord.FirstField", "Doc of field DocRecord.first_field."},
	{"DocRecord.SecondField", "Doc of field DocRecord.second_field,\non two lines."},
	{"DocFlatEnum", "Doc of flat enum DocFlatEnum."},
	{"DocFlatEnumAlpha", "Doc of variant DocFlatEnum.Alpha."},
	{"DocFlatEnumBeta", "Doc of variant DocFlatEnum.Beta."},
	{"DocDataEnum", "Doc of data enum DocDataEnum."},
	{"DocDataEnumWithFields", "Doc of variant DocDataEnum.WithFields."},
	{"DocDataEnumWithFields.InnerValue", "Doc of variant field DocDataEnum.WithFields.inner_value."},
	{"DocDataEnumNoFields", "Doc of variant DocDataEnum.NoFields."},
	{"DocError", "Doc of error DocError."},
	{"DocErrorBroken", "Doc of error variant DocError.Broken."},
	{"DocErrorBroken.Reason", "Doc of error variant field DocError.Broken.reason."},
	{"DocFlatError", "Doc of flat error DocFlatError."},
	{"DocFlatErrorFailed", "Doc of flat error variant DocFlatError.Failed."},
	{"DocObject", "Doc of object DocObject."},
	{"NewDocObject", "Doc of primary constructor DocObject.new."},
	{"NewDocObjectWithValue", "Doc of named constructor DocObject.with_value."},
	{"DocObject.GetValue", "Doc of method DocObject.get_value."},
	{"DocCallback", "Doc of callback interface DocCallback."},
	{"DocCallback.OnValue", "Doc of callback method DocCallback.on_value."},
	{"DocTrait", "Doc of trait DocTrait."},
	{"DocTrait.Describe", "Doc of trait method DocTrait.describe."},
	{"RustDocTrait.Describe", "Doc of trait method DocTrait.describe."},
	{"DocForeignTrait", "Doc of foreign trait DocForeignTrait."},
	{"DocForeignTrait.Name", "Doc of foreign trait method DocForeignTrait.name."},
	{"RustDocForeignTrait.Name", "Doc of foreign trait method DocForeignTrait.name."},
}

func TestDocstringsBecomeGoDocComments(t *testing.T) {
	idx, err := gendoc.Parse("../generated/featureset/featureset.go", "uniffi-go.test/generated/featureset")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range featureDocs {
		got, ok := idx.Docs[tc.ident]
		if !ok {
			t.Errorf("%s: no doc comment (or no such identifier)", tc.ident)
			continue
		}
		if !idx.Documents(tc.ident, tc.rust) {
			t.Errorf("%s: doc comment\n%s\ndoes not carry the Rust docstring\n%s", tc.ident, got, tc.rust)
		}
	}
	// An undocumented field gets no invented comment.
	if got, ok := idx.Docs["DocRecord.UndocumentedField"]; ok {
		t.Errorf("DocRecord.UndocumentedField has a doc comment: %q", got)
	}
}

// The documented items work, so the docs describe real API.
func TestDocumentedItemsWork(t *testing.T) {
	o := testutil.Must(featureset.NewDocObjectWithValue(5))(t)
	defer o.Close()
	if got := testutil.Must(o.GetValue())(t); got != 5 {
		t.Fatalf("GetValue = %d", got)
	}
	if got := testutil.Must(featureset.CallDocCallback(doubler{}, 21))(t); got != 42 {
		t.Fatalf("CallDocCallback = %d", got)
	}
	tr := testutil.Must(featureset.MakeDocTrait())(t)
	if got := tr.Describe(); got != "rust doc trait" {
		t.Fatalf("Describe = %q", got)
	}
	if c, ok := tr.(interface{ Close() error }); ok {
		defer c.Close()
	}
	if got := testutil.Must(featureset.CallDocForeignTrait(named("go")))(t); got != "go" {
		t.Fatalf("CallDocForeignTrait = %q", got)
	}
	var broken featureset.DocErrorBroken
	if err := featureset.DocFail(); !errors.As(err, &broken) || broken.Reason != "always" {
		t.Fatalf("DocFail = %v", err)
	}
	var failed featureset.DocFlatErrorFailed
	if err := featureset.DocFailFlat(); !errors.As(err, &failed) || failed.Message != "failed" {
		t.Fatalf("DocFailFlat = %v", err)
	}
	rec := featureset.DocRecord{FirstField: 1, SecondField: "two", UndocumentedField: true}
	if got := testutil.Must(featureset.DocumentedFunction(rec))(t); got != rec {
		t.Fatalf("DocumentedFunction = %+v", got)
	}
	if got := testutil.Must(featureset.RoundtripDocFlatEnum(featureset.DocFlatEnumBeta))(t); got != featureset.DocFlatEnumBeta {
		t.Fatalf("RoundtripDocFlatEnum = %v", got)
	}
	de := featureset.DocDataEnumWithFields{InnerValue: -1, Label: "l"}
	if got := testutil.Must(featureset.RoundtripDocDataEnum(de))(t); got != de {
		t.Fatalf("RoundtripDocDataEnum = %#v", got)
	}
	if got := testutil.Must(featureset.ArticleFunction())(t); got != 1 {
		t.Fatalf("ArticleFunction = %d", got)
	}
}

type doubler struct{}

func (doubler) OnValue(v uint32) uint32 { return 2 * v }

type named string

func (n named) Name() string { return string(n) }
