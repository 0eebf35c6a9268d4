package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// signalWriter collects output and closes ready at the first write that
// contains want.
type signalWriter struct {
	mu    sync.Mutex
	b     bytes.Buffer
	want  string
	ready chan struct{}
	once  sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b.Write(p)
	if strings.Contains(w.b.String(), w.want) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestServeDefaultAddress checks that the preview server listens on the
// loopback address unless told otherwise.
func TestServeDefaultAddress(t *testing.T) {
	_, out, _ := run(t, "serve", "-h")
	if !strings.Contains(out, `(default "127.0.0.1:1313")`) {
		t.Errorf("serve -h does not give 127.0.0.1:1313 as the default address:\n%s", out)
	}
}

// TestServeLoopbackQuiet runs the server on loopback addresses and checks
// that it says where it serves and gives no warning.
func TestServeLoopbackQuiet(t *testing.T) {
	site := writeSite(t, map[string]string{"content/notes/a.md": "---\ntitle: A\n---\nA {no citation}\n"})
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0"} {
		stdout := &signalWriter{want: "Serving ", ready: make(chan struct{})}
		var stderr bytes.Buffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int)
		go func() {
			done <- (&Main{Stdout: stdout, Stderr: &stderr}).Run(ctx, []string{"serve", "-src", site, "-addr", addr})
		}()
		select {
		case <-stdout.ready:
		case code := <-done:
			cancel()
			if addr == "[::1]:0" && strings.Contains(stderr.String(), "cannot assign") {
				continue // no IPv6 loopback on this machine
			}
			t.Fatalf("serve -addr %s stopped at once (exit %d):\n%s", addr, code, stderr.String())
		case <-time.After(time.Minute):
			t.Fatalf("serve -addr %s did not start within a minute", addr)
		}
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve -addr %s: exit %d after Ctrl-C", addr, code)
		}
		if strings.Contains(stderr.String(), "warning: listening") {
			t.Errorf("serve -addr %s warned:\n%s", addr, stderr.String())
		}
		if !strings.Contains(stdout.String(), "at http://127.0.0.1:") && !strings.Contains(stdout.String(), "at http://[::1]:") {
			t.Errorf("serve -addr %s does not say it serves on loopback: %q", addr, stdout.String())
		}
	}
}

// TestServeWarnsOffLoopback checks that the server says so when told to
// listen where other machines can reach it. The addresses are reserved for
// documentation, so that nothing is ever bound off loopback in a test: the
// warning comes before the server tries to listen.
func TestServeWarnsOffLoopback(t *testing.T) {
	site := writeSite(t, map[string]string{"content/notes/a.md": "---\ntitle: A\n---\nA {no citation}\n"})
	for _, addr := range []string{"192.0.2.1:0", "[2001:db8::1]:0"} {
		code, _, stderr := run(t, "serve", "-src", site, "-addr", addr)
		if !strings.Contains(stderr, "warning: listening on "+addr+", which other machines can reach") {
			t.Errorf("serve -addr %s did not warn:\n%s", addr, stderr)
		}
		if code == exitOK {
			t.Errorf("serve -addr %s: exit 0 for an address this machine does not have", addr)
		}
	}
}
