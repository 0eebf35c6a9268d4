package main

import (
	"bytes"
	"context"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/dossier-site/dossier/internal/serve"
)

// gcPercent reads the collector's GOGC as the runtime has it.
func gcPercent() int64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}

// forcedGCs counts the collections the program asked for (runtime.GC,
// debug.FreeOSMemory).
func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestServeCollector checks that the preview server runs the collector
// at serveGCPercent while it serves, and sets it back when it stops; and
// that a GOGC the editor set is left alone. It also checks that the
// server gives memory back after its first build (serve.Options.Release).
// No other test of the package forces a collection but through the
// servers they start, whose Release comes serve.ReleaseDelay after their
// builds, and may come after they stop: each pass waits those out first.
func TestServeCollector(t *testing.T) {
	site := writeSite(t, map[string]string{"content/notes/a.md": "---\ntitle: A\n---\nA {no citation}\n"})
	before := gcPercent()
	if before == serveGCPercent {
		t.Fatalf("the test process already runs at GOGC=%d", before)
	}
	for _, tc := range []struct {
		env  string
		want int64
	}{
		{"", serveGCPercent},
		{"100", before}, // the runtime read GOGC at start; serve keeps what it runs at
	} {
		t.Setenv("GOGC", tc.env)
		stdout := &signalWriter{want: "Serving ", ready: make(chan struct{})}
		var stderr bytes.Buffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		time.Sleep(3 * serve.ReleaseDelay) // another server's collection, still to come
		forced := forcedGCs()
		go func() {
			done <- (&Main{Stdout: stdout, Stderr: &stderr}).Run(ctx, []string{"serve", "-src", site, "-addr", "127.0.0.1:0"})
		}()
		select {
		case <-stdout.ready:
		case code := <-done:
			cancel()
			t.Fatalf("serve stopped at once (exit %d):\n%s", code, stderr.String())
		case <-time.After(time.Minute):
			cancel()
			t.Fatal("serve did not start within a minute")
		}
		if got := gcPercent(); got != tc.want {
			t.Errorf("GOGC=%q: serving at GOGC %d; want %d", tc.env, got, tc.want)
		}
		for deadline := time.Now().Add(10 * time.Second); forcedGCs() == forced; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Errorf("GOGC=%q: no memory given back within 10 s of the first build", tc.env)
				break
			}
		}
		cancel()
		<-done
		if got := gcPercent(); got != before {
			t.Errorf("GOGC=%q: GOGC %d after serve stopped; want %d as before", tc.env, got, before)
		}
	}
}
