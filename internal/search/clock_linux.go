package search

import (
	"time"

	"golang.org/x/sys/unix"
)

// cpuNow is the CPU time of the calling thread: Spent counts the CPU its
// work took, not the time the thread waited for a core, which on a loaded
// machine is most of the time that passes.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
