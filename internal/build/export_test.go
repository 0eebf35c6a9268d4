package build

import (
	"maps"
	"slices"
)

// CheckSkips makes every build through the cache take the key of each page
// whose key it skipped because nothing the page shows could have changed
// (see render.Changes), and note the pages whose key would have differed in
// SkipErrors. It costs what skipping saves.
func (c *Cache) CheckSkips() { c.render.CheckSkips = true }

// SkipErrors lists the pages of the last build whose skipped key was not
// the key they have; see CheckSkips.
func (c *Cache) SkipErrors() []string { return c.render.SkipErrors }

// Skipped counts the pages of the last build whose key was skipped.
func (c *Cache) Skipped() int { return c.render.Skipped }

// SkippedPaths lists the pages of the last build whose key was skipped,
// by output path, with CheckSkips.
func (c *Cache) SkippedPaths() []string { return c.render.SkippedPaths }

// Fresh lists the note and source pages the last build rendered rather than
// took from the cache, by output path.
func (c *Cache) Fresh() []string {
	return c.render.Fresh
}

// Same lists the pages of the last build whose key changed but whose view
// value did not, taken from the cache without executing their template.
func (c *Cache) Same() []string { return c.render.Same }

// SetMinGarbage sets how much of the Cache's store of bodies must be
// bodies no longer kept before they are left behind (see Cache.bodyStore).
func (c *Cache) SetMinGarbage(n int64) { c.minGarbage = n }

// BodyStores counts the stores the bodies and the Markdown of the cached
// parsed pages are in (see Cache.bodyStore), how many bodies and how many
// pages' Markdown are in them, and how many pages' Markdown is held in
// memory, by the Doc or by the loaded file (see letGo).
func (c *Cache) BodyStores() (stores, bodies, sources, held int) {
	seen := map[any]bool{}
	for _, d := range c.docs {
		if r := d.doc.Stored(); r.Valid() {
			seen[r.Store()] = true
			bodies++
		}
		if r := d.doc.StoredSource(); r.Valid() {
			seen[r.Store()] = true
			sources++
		}
		if d.doc.Source != nil || d.file.Body != nil {
			held++
		}
	}
	return len(seen), bodies, sources, held
}

// ParsedFiles lists, sorted, the paths of the files whose parses the Cache
// keeps.
func (c *Cache) ParsedFiles() []string { return slices.Sorted(maps.Keys(c.docs)) }
