package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTimings checks that -timings prints a table of every phase the
// command runs, one row each and a total, on standard error; not what the
// figures are, which vary from run to run.
func TestTimings(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, _, errOut := run(t, "new", "site", site); code != exitOK {
		t.Fatalf("new site: exit %d: %s", code, errOut)
	}
	tests := []struct {
		args   []string
		phases []string
	}{
		{[]string{"build", "-q", "-timings", "-src", site, "-o", filepath.Join(dir, "public")}, []string{"load", "resolve", "parse", "view", "render", "write"}},
		{[]string{"check", "-timings", "-src", site}, []string{"load", "resolve", "parse", "view", "render"}},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args[:2], " ")
		code, _, errOut := run(t, tt.args...)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		if !regexp.MustCompile(`(?m)^phase +wall ms +allocated MiB +objects +GCs$`).MatchString(errOut) {
			t.Errorf("%s: no table header on stderr:\n%s", name, errOut)
		}
		var rows []string
		for _, m := range regexp.MustCompile(`(?m)^([a-z]+) +\d+ +\d+\.\d +\d+ +\d+$`).FindAllStringSubmatch(errOut, -1) {
			rows = append(rows, m[1])
		}
		if want := append(tt.phases, "total"); strings.Join(rows, " ") != strings.Join(want, " ") {
			t.Errorf("%s: rows %q; want %q:\n%s", name, rows, want, errOut)
		}
		for _, p := range tt.phases {
			if !strings.Contains(errOut, "\n"+p+": ") {
				t.Errorf("%s: no note on %s:\n%s", name, p, errOut)
			}
		}
	}
	// Without the flag, no table.
	if _, _, errOut := run(t, "check", "-src", site); strings.Contains(errOut, "wall ms") {
		t.Errorf("check without -timings printed a table:\n%s", errOut)
	}
}
