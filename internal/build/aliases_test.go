package build_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/build"
)

// TestAliases builds a site whose notes list old slugs under `aliases`,
// one of them another note's slug: a link to an alias reaches the note
// that lists it, a link to a note's slug reaches that note even when
// another note lists it as an alias (which is an error), and the site's
// aliases are those of the notes, an alias two notes list going to the
// later one (the notes are read in order), but for that slug. The
// same after a title edit through a Cache, which lists the aliases again
// (resolve.Rebegin).
func TestAliases(t *testing.T) {
	site := fstest.MapFS{
		"dossier.yaml":       {Data: []byte("title: Aliases\n")},
		"content/notes/a.md": {Data: []byte("---\ntitle: A\naliases: [a-old, b, shared]\n---\nA. {no citation}\n")},
		"content/notes/b.md": {Data: []byte("---\ntitle: B\naliases: [b-old, shared]\n---\nB. {no citation}\n")},
		"content/notes/c.md": {Data: []byte("---\ntitle: C\n---\nC links [[b]]. {no citation}\n")},
		"content/notes/d.md": {Data: []byte("---\ntitle: D\n---\nD links [[a-old]] and [[b-old]]. {no citation}\n")},
	}
	cache := build.NewCache()
	for _, step := range []struct{ name, title string }{{"as it is", ""}, {"a's title", "A retitled"}} {
		t.Run(step.name, func(t *testing.T) {
			var changed []string
			if step.title != "" {
				site["content/notes/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + step.title + "\naliases: [a-old, b, shared]\n---\nA. {no citation}\n")}
				changed = []string{"content/notes/a.md"}
			}
			res := build.Run(build.Options{Site: site, Templates: dossier.Templates(), Cache: cache, Changed: changed})
			aliases := map[string]string{}
			for name, p := range res.Site.Aliases {
				aliases[name] = p.Slug
			}
			if len(aliases) != 3 || aliases["a-old"] != "a" || aliases["b-old"] != "b" || aliases["shared"] != "b" {
				t.Errorf("the aliases are %v; want a-old for a, b-old for b, and shared for b, the later of the two notes that list it", aliases)
			}
			from := func(target, slug string) bool {
				for _, b := range res.Site.Note(target).Backlinks {
					if b.From.Slug == slug {
						return true
					}
				}
				return false
			}
			if from("a", "c") || !from("b", "c") || !from("a", "d") || !from("b", "d") {
				t.Errorf("[[b]] in c, [[a-old]] and [[b-old]] in d: c reaches a %v and b %v, d reaches a %v and b %v; want false, true, true, true",
					from("a", "c"), from("b", "c"), from("a", "d"), from("b", "d"))
			}
			if !strings.Contains(formatDiagnostics(res), "duplicate-slug") {
				t.Errorf("no duplicate-slug error for the alias b, which is a note's slug:\n%s", formatDiagnostics(res))
			}
		})
	}
}
