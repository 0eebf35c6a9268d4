package serve_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dossier-site/dossier"
	"github.com/dossier-site/dossier/internal/serve"
)

// TestServeDayComes runs the preview server on a clock that is a moment
// before the day a scheduled note comes out, and checks that the server
// builds again when the day comes, with no file changed: open pages are
// told to reload, and the note's banner is gone. With check, the server
// looks at the clock again every 200 ms until the day comes, as it does
// every hour when the day is further off.
func TestServeDayComes(t *testing.T) {
	for _, check := range []bool{false, true} {
		t.Run(map[bool]string{false: "timer", true: "looking again"}[check], func(t *testing.T) { testServeDayComes(t, check) })
	}
}

// dayServer makes a preview server, neither built nor watching, of a site
// whose one note comes out on 5 December 2026, on a clock that runs from a
// second before that day starts (UTC, the site's time zone). start is when
// the clock started.
func dayServer(t *testing.T) (srv *serve.Server, log *lockedBuffer, start time.Time) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "dossier.yaml", "title: Day\n")
	writeFile(t, dir, "content/notes/soon.md", "---\ntitle: Soon\npublished: 2026-12-05\n---\nA note that comes out on 5 December. {no citation}\n")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	day := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	start = time.Now()
	clock := func() time.Time { return day.Add(-time.Second).Add(time.Since(start)) }
	log = &lockedBuffer{}
	srv = serve.New(serve.Options{Site: root.FS(), Dir: dir, Templates: dossier.Templates(), Log: log, Now: clock})
	return srv, log, start
}

func testServeDayComes(t *testing.T, check bool) {
	srv, log, start := dayServer(t)
	if check {
		srv.SetDayCheck(200 * time.Millisecond)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	srv.SetBaseURL(hs.URL + "/")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching, err := srv.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-watching }()
	events := subscribe(t, ctx, hs.URL)
	if res := srv.Rebuild(); !res.OK() {
		t.Fatalf("the site does not build:\n%s", log)
	}
	waitRebuild(t, events, log, "the first build")
	const banner = `Scheduled for <time datetime="2026-12-05">5 December 2026</time>`
	if _, page := get(t, hs.URL+"/notes/soon/"); !strings.Contains(string(page), banner) {
		if time.Since(start) > time.Second {
			t.Skip("the first build took past the day's start; the machine is too slow for this test's clock")
		}
		t.Fatalf("before the day, /notes/soon/ has no banner saying it is scheduled:\n%s", page)
	}
	waitRebuild(t, events, log, "the day came")
	if _, page := get(t, hs.URL+"/notes/soon/"); strings.Contains(string(page), "held-banner") {
		t.Errorf("on the day, /notes/soon/ still has its banner:\n%s", page)
	}
	if !strings.Contains(log.String(), "5 December 2026: a page scheduled for this day comes out; building again") {
		t.Errorf("the log does not say why the site was built again:\n%s", log)
	}
}

// TestServeStoppedWaitsForNoDay checks that a server whose watcher stopped
// does not build again when a scheduled note's day comes.
func TestServeStoppedWaitsForNoDay(t *testing.T) {
	srv, log, start := dayServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	watching, err := srv.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res := srv.Rebuild(); !res.OK() {
		t.Fatalf("the site does not build:\n%s", log)
	}
	cancel()
	<-watching
	if time.Since(start) > 900*time.Millisecond {
		t.Skip("the build took until the day came; the machine is too slow for this test's clock")
	}
	time.Sleep(time.Until(start.Add(1500 * time.Millisecond)))
	if strings.Contains(log.String(), "building again") {
		t.Errorf("the server built again after its watcher stopped:\n%s", log)
	}
}
