package content

import (
	"strings"

	"github.com/dossier-site/dossier/internal/diag"
)

// ExpectedKeys warns, once per note, about the front-matter keys that the
// editors' guide expects on every note but a build does not need:
// `summary` (previews, search, the feed), `tags`, `published` and
// `updated`. The build runs it only with -strict, where the warning is an
// error (see docs/error-codes.md, expected-key).
func ExpectedKeys(site *Site, diags *diag.List) {
	for _, n := range site.Notes {
		var missing []string
		if strings.TrimSpace(n.Meta.Summary) == "" {
			missing = append(missing, "`summary`")
		}
		if len(n.Meta.Tags) == 0 {
			missing = append(missing, "`tags`")
		}
		if n.Meta.Published.IsZero() {
			missing = append(missing, "`published`")
		}
		if n.Meta.Updated.IsZero() {
			missing = append(missing, "`updated`")
		}
		if len(missing) == 0 {
			continue
		}
		keys := strings.Join(missing, ", ")
		if k := len(missing); k > 1 {
			keys = strings.Join(missing[:k-1], ", ") + " and " + missing[k-1]
		}
		diags.Warnf(diag.Pos{File: n.Path, Line: 1, Col: 1}, diag.CodeExpectedKey,
			"every note needs them with -strict: summary (one or two sentences), tags (a list), published and updated (YYYY-MM-DD)",
			"note has no %s", keys)
	}
}
