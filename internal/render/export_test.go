package render

// SetMinGarbage sets how much of the Cache's store must be pages no longer
// kept before they are left behind (see Cache.pageStore).
func (c *Cache) SetMinGarbage(n int64) { c.minGarbage = n }

// IndexFiles counts the files of the last search index the Cache keeps the
// paths of.
func (c *Cache) IndexFiles() int { return c.indexFiles() }

// CardListsKept counts the lists of cards whose HTML the Cache keeps.
func (c *Cache) CardListsKept() int { return len(c.cards) }
