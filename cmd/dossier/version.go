package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

const versionHelp = `Usage: dossier version

Prints the version of dossier: the module version it was installed at
(go install github.com/dossier-site/dossier/cmd/dossier@v1.2.3), or
"(devel)" with the commit when built from a checkout, and the Go version.

Examples:
  dossier version

`

func (m *Main) version(args []string) int {
	fs := m.newFlags("version", versionHelp)
	if code, ok := m.parse(fs, args); !ok {
		return code
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(m.Stdout, versionString(info))
	return exitOK
}

// versionString describes a build: "dossier v1.2.3 (go1.26.0)", or for a
// build from a checkout "dossier (devel) 0123abcd4567 2026-11-22, modified
// (go1.26.0)".
func versionString(info *debug.BuildInfo) string {
	v := "(devel)"
	goVersion := runtime.Version()
	if info != nil {
		if info.Main.Version != "" {
			v = info.Main.Version
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		var rev, when string
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when, _, _ = strings.Cut(s.Value, "T")
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" && (v == "(devel)" || strings.HasPrefix(v, "v0.0.0-")) {
			v += " " + rev[:min(12, len(rev))]
			if when != "" {
				v += " " + when
			}
			if modified {
				v += ", modified"
			}
		}
	}
	return fmt.Sprintf("dossier %s (%s)", v, goVersion)
}
