//go:build !linux

package search

import "time"

var clockStart = time.Now()

// cpuNow stands in for the calling thread's CPU time where it is not
// measured: the time that has passed.
func cpuNow() time.Duration { return time.Since(clockStart) }
