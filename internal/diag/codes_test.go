package diag

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/error-codes.md")

// TestCodesDocumented checks that every Code constant is listed once in
// Codes, with an explanation and an example fix.
func TestCodesDocumented(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "Code" {
				for _, n := range vs.Names {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	if len(declared) < 10 {
		t.Fatalf("found %d Code constants in codes.go; the parse is wrong", len(declared))
	}
	if len(declared) != len(Codes) {
		t.Errorf("codes.go declares %d codes; Codes documents %d", len(declared), len(Codes))
	}
	seen := map[Code]bool{}
	valid := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("code %q is documented twice", c.Code)
		}
		seen[c.Code] = true
		if !valid.MatchString(string(c.Code)) {
			t.Errorf("code %q is not lower-case words joined by hyphens", c.Code)
		}
		if strings.TrimSpace(c.Summary) == "" || strings.TrimSpace(c.Example) == "" {
			t.Errorf("code %q needs both a summary and an example fix", c.Code)
		}
	}
}

// errorCodesDoc is docs/error-codes.md, made from Codes.
func errorCodesDoc() []byte {
	var b bytes.Buffer
	b.WriteString(`# Error codes

<!-- Made from internal/diag/codes.go by
     go test ./internal/diag -run TestErrorCodesDoc -update
     Do not edit by hand: the test fails when this file is stale. -->

Every error and warning that ` + "`dossier check`" + ` (and ` + "`build`" + `, and the preview
server's overlay) reports names the file, line and column, says what is wrong and how to
fix it, and carries one of the codes below, in brackets at the end of its line:

` + "```" + `
content/notes/abu-dhabi-talks-short.md:8:70: unknown source "espreso-2026" in citation; did you mean "espreso-2026-01-27"? [unknown-source]
` + "```" + `

The codes never change meaning, so tools may rely on them: ` + "`dossier check -format json`" + `
prints one JSON object per line with the fields
` + "`file`, `line`, `column`, `severity`, `code`, `message` and `hint`" + `.

Warnings do not stop a build; with ` + "`-strict`" + ` they count as errors. This project's own
content must pass ` + "`dossier check -strict`" + `.

| code | the problem |
| --- | --- |
`)
	for _, c := range Codes {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s |\n", c.Code, c.Code, strings.ReplaceAll(c.Summary, "|", `\|`))
	}
	for _, c := range Codes {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\nFor example: %s\n", c.Code, c.Summary, c.Example)
	}
	return b.Bytes()
}

// TestErrorCodesDoc checks that docs/error-codes.md is up to date; run it
// with -update to rewrite it.
func TestErrorCodesDoc(t *testing.T) {
	const path = "../../docs/error-codes.md"
	want := errorCodesDoc()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test ./internal/diag -run TestErrorCodesDoc -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./internal/diag -run TestErrorCodesDoc -update", path)
	}
}
