package serve

import "time"

// SetDayCheck sets how long the server waits for a scheduled page's day
// before it looks at the clock again (see defaultDayCheck).
func (s *Server) SetDayCheck(d time.Duration) { s.dayCheck = d }

// SetReleaseDelay sets how long after a build the server waits before it
// calls Options.Release (see ReleaseDelay).
func (s *Server) SetReleaseDelay(d time.Duration) { s.releaseDelay = d }
