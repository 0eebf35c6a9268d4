package render

// SetMinGarbage sets how much of the Cache's store must be pages no longer
// kept before they are left behind (see Cache.pageStore).
func (c *Cache) SetMinGarbage(n int64) { c.minGarbage = n }
