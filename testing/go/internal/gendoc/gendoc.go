// Package gendoc reads the doc comments of a generated Go file, for tests that check each Rust
// docstring reaches the right Go identifier.
package gendoc

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Index maps the identifiers of a generated file to their doc comments: "Name" for package-level
// types, functions and constants, "Type.Name" for methods, struct fields and interface methods.
type Index struct {
	// Package is the package comment.
	Package string
	// Docs holds every documented identifier; undocumented ones are absent.
	Docs map[string]string
}

// Parse reads the file at path. Types, functions (constructors included) and methods come from
// go/doc, the way godoc shows them; fields, interface methods and constants from the syntax tree.
func Parse(path, importPath string) (*Index, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	idx := &Index{Docs: map[string]string{}}
	add := func(name string, cg *ast.CommentGroup) {
		if cg != nil {
			idx.Docs[name] = cg.Text()
		}
	}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, spec := range gen.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				var fields *ast.FieldList
				switch ty := s.Type.(type) {
				case *ast.StructType:
					fields = ty.Fields
				case *ast.InterfaceType:
					fields = ty.Methods
				}
				if fields == nil {
					continue
				}
				for _, f := range fields.List {
					for _, n := range f.Names {
						add(s.Name.Name+"."+n.Name, f.Doc)
					}
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					add(n.Name, s.Doc)
				}
			}
		}
	}
	pkg, err := doc.NewFromFiles(fset, []*ast.File{file}, importPath, doc.PreserveAST)
	if err != nil {
		return nil, err
	}
	idx.Package = pkg.Doc
	for _, f := range pkg.Funcs {
		idx.Docs[f.Name] = f.Doc
	}
	for _, ty := range pkg.Types {
		idx.Docs[ty.Name] = ty.Doc
		for _, f := range ty.Funcs {
			idx.Docs[f.Name] = f.Doc
		}
		for _, m := range ty.Methods {
			idx.Docs[ty.Name+"."+m.Name] = m.Doc
		}
	}
	return idx, nil
}

// HasDocstring reports whether a Go doc comment carries a Rust docstring: its lines, in order,
// where the first may follow the Go name ("Name - Doc ...", "Name is the ...", "Name returns
// the ...") with its first letter in either case.
func HasDocstring(goDoc, rust string) bool {
	goLines := strings.Split(strings.TrimRight(goDoc, "\n"), "\n")
	want := strings.Split(strings.TrimSpace(rust), "\n")
	first := want[0]
	r, size := utf8.DecodeRuneInString(first)
	lowered := string(unicode.ToLower(r)) + first[size:]
	for i, line := range goLines {
		if !strings.HasSuffix(line, first) && !strings.HasSuffix(line, lowered) {
			continue
		}
		if len(goLines)-i < len(want) {
			return false
		}
		for j := 1; j < len(want); j++ {
			if goLines[i+j] != want[j] {
				return false
			}
		}
		return true
	}
	return false
}
