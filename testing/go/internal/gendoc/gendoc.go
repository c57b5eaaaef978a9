// Package gendoc reads the doc comments of a generated Go file, for tests that check each Rust
// docstring reaches the right Go identifier.
package gendoc

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"strings"
)

// Index maps the identifiers of a generated file to their doc comments: "Name" for package-level
// types, functions and constants, "Type.Name" for methods, struct fields and interface methods.
type Index struct {
	// Package is the package comment.
	Package string
	// Docs holds every documented identifier; undocumented ones are absent.
	Docs map[string]string
	// Plain holds the struct fields and grouped constants: their comment is the docstring alone.
	Plain map[string]bool
}

// Parse reads the file at path. Types, functions (constructors included) and methods come from
// go/doc, the way godoc shows them; fields, interface methods and constants from the syntax tree.
func Parse(path, importPath string) (*Index, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	idx := &Index{Docs: map[string]string{}, Plain: map[string]bool{}}
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
				_, isStruct := s.Type.(*ast.StructType)
				for _, f := range fields.List {
					for _, n := range f.Names {
						add(s.Name.Name+"."+n.Name, f.Doc)
						idx.Plain[s.Name.Name+"."+n.Name] = isStruct
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

// Documents reports whether the doc comment of ident is the one the generator writes for the
// Rust docstring rust (which must hold no backticked names): a struct field's comment is the
// docstring as written; another item's comment is the docstring with its first word replaced by
// the Go name when it starts with the item's name, and otherwise one sentence starting with the
// Go name, an empty line and the docstring as written.
func (idx *Index) Documents(ident, rust string) bool {
	goDoc, ok := idx.Docs[ident]
	if !ok {
		return false
	}
	goDoc = strings.TrimRight(goDoc, "\n")
	rust = strings.TrimSpace(rust)
	if idx.Plain[ident] {
		return goDoc == rust
	}
	name := ident[strings.LastIndex(ident, ".")+1:]
	return DocumentsAs(goDoc, name, rust)
}

// DocumentsAs is Documents for an item whose Go name is name.
func DocumentsAs(goDoc, name, rust string) bool {
	goDoc = strings.TrimRight(goDoc, "\n")
	if first, rest, ok := strings.Cut(goDoc, "\n\n"); ok && rest == rust &&
		strings.HasPrefix(first, name+" ") && !strings.Contains(first, "\n") {
		return true
	}
	// A docstring starting with the item's name (Rust's spelling, or the end of the Go name for
	// a variant) keeps its words after it.
	first, after, ok := strings.Cut(rust, " ")
	rustName := strings.ToLower(strings.ReplaceAll(first, "_", ""))
	return ok && rustName != "" && strings.HasSuffix(strings.ToLower(name), rustName) &&
		goDoc == name+" "+after
}

// HasDocstring reports whether a Go doc comment carries a Rust docstring as written: its lines,
// whole and in order, somewhere in the comment.
func HasDocstring(goDoc, rust string) bool {
	return strings.Contains("\n"+strings.TrimRight(goDoc, "\n")+"\n", "\n"+strings.TrimSpace(rust)+"\n")
}
