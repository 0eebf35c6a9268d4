// Command preview measures the preview server as an editor meets it: it
// starts `dossier serve` on a site folder (a generated one: see
// bench/preview.sh), listens to the server's live-reload event stream
// (/__dossier/events) and, round after round, saves an edit to a note and
// times it from the save to the rebuild event that tells open pages to
// reload. Three edits, each -rounds times:
//
//   - body: one word of a note's text;
//   - title: the title of the note most others link to, which every page
//     that links to it shows;
//   - tag: a tag added to a note's tags, then another in its place.
//
// Each edit's line gives the pages the event names and the minor page
// faults the server took from the save to the event (/proc/PID/stat):
// memory given back to the system is faulted in again when a build uses
// it. It prints a table of the medians, minimums and maximums, and the
// server's resident memory (VmRSS) and its peak (VmHWM) after the edits,
// from /proc/PID/status. The edits are left in the site folder: run it on
// a copy.
//
//	go run ./bench/preview -dossier /tmp/dossier -site /dev/shm/site -rounds 5
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("dossier", "dossier", "the dossier `binary`")
	site := flag.String("site", "", "the site `folder` (edited: use a copy)")
	rounds := flag.Int("rounds", 5, "edits of each kind")
	timeout := flag.Duration("timeout", 2*time.Minute, "how long to wait for a rebuild event")
	logPath := flag.String("log", "", "write the server's log to this `file`")
	timings := flag.Bool("timings", false, "run the server with -timings: each build's phases go to its log")
	flag.Parse()
	if *site == "" || flag.NArg() > 0 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "usage: preview -dossier BIN -site DIR [-rounds N] [-log FILE] [-timings]")
		os.Exit(2)
	}
	args := []string{"serve", "-src", *site, "-addr", "127.0.0.1:0"}
	if *timings {
		args = append(args, "-timings")
	}
	if err := run(*bin, args, *site, *rounds, *timeout, *logPath); err != nil {
		fmt.Fprintln(os.Stderr, "preview:", err)
		os.Exit(1)
	}
}

// edit is one kind of edit: the file it changes, and how it changes the
// file's text in a given round.
type edit struct {
	name  string
	about string
	path  string
	apply func(src string, round int) string
}

func run(bin string, args []string, site string, rounds int, timeout time.Duration, logPath string) error {
	notes, err := filepath.Glob(filepath.Join(site, "content", "notes", "*.md"))
	if err != nil || len(notes) == 0 {
		return fmt.Errorf("no notes under %s/content/notes", site)
	}
	slices.Sort(notes)
	linked, links, err := mostLinked(notes)
	if err != nil {
		return err
	}
	edits := []edit{
		{name: "body", about: "a word of a note's text", path: notes[len(notes)/2], apply: func(src string, round int) string {
			i := strings.LastIndex(src, " the ")
			if i < 0 {
				return src + fmt.Sprintf("\nA sentence %d.\n", round)
			}
			return src[:i] + fmt.Sprintf(" the%d ", round%2) + src[i+5:]
		}},
		{name: "title", about: fmt.Sprintf("the title of the note %d others link to", links), path: linked, apply: func(src string, round int) string {
			return setKey(src, "title", fmt.Sprintf("'A retitled note, round %d'", round))
		}},
		{name: "tag", about: "a tag of a note, added or replaced", path: notes[len(notes)/3], apply: func(src string, round int) string {
			tag := []string{"bench-tag-a", "bench-tag-b"}[round%2]
			return setKey(src, "tags", "["+strings.Join(append(tags(src), tag), ", ")+"]")
		}},
	}
	for i := range edits {
		data, err := os.ReadFile(edits[i].path)
		if err != nil {
			return err
		}
		orig := string(data)
		apply := edits[i].apply
		edits[i].apply = func(_ string, round int) string { return apply(orig, round) }
	}

	var logw io.Writer = io.Discard
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			return err
		}
		defer f.Close()
		logw = f
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logw
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
	}()
	base, err := address(stdout, 10*time.Minute)
	if err != nil {
		return err
	}
	go func() { _, _ = io.Copy(logw, stdout) }()
	fmt.Fprintf(os.Stderr, "server up at %s after %.1f s (first build)\n", base, time.Since(started).Seconds())
	statusBefore, _ := procStatus(cmd.Process.Pid)

	events, err := listen(base + "__dossier/events")
	if err != nil {
		return err
	}
	type sample struct {
		d       time.Duration
		changed string
	}
	results := map[string][]sample{}
	for round := range rounds {
		for _, e := range edits {
			drain(events)
			faults := minorFaults(cmd.Process.Pid)
			if err := os.WriteFile(e.path, []byte(e.apply("", round)), 0o644); err != nil {
				return err
			}
			saved := time.Now()
			select {
			case ev := <-events:
				if ev.err != nil {
					return ev.err
				}
				d := ev.at.Sub(saved)
				results[e.name] = append(results[e.name], sample{d, changedPages(ev.data)})
				fmt.Fprintf(os.Stderr, "round %d %-5s %8.1f ms  (%s pages reload, %d page faults)\n", round+1, e.name, ms(d), changedPages(ev.data), minorFaults(cmd.Process.Pid)-faults)
			case <-time.After(timeout):
				return fmt.Errorf("no rebuild event within %s of the %s edit to %s", timeout, e.name, e.path)
			}
			// Let the server settle (the event is sent before the log
			// line and the collection after a rebuild).
			time.Sleep(300 * time.Millisecond)
		}
	}
	status, err := procStatus(cmd.Process.Pid)
	if err != nil {
		return err
	}

	fmt.Printf("| edit | what | rounds | median | min | max | pages to reload |\n")
	fmt.Printf("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, e := range edits {
		s := results[e.name]
		ds := make([]time.Duration, len(s))
		changed := make([]string, len(s))
		for i := range s {
			ds[i], changed[i] = s[i].d, s[i].changed
		}
		slices.Sort(ds)
		fmt.Printf("| %s | %s | %d | %.0f ms | %.0f ms | %.0f ms | %s |\n", e.name, e.about, len(ds), ms(median(ds)), ms(ds[0]), ms(ds[len(ds)-1]), strings.Join(slices.Compact(changed), ", "))
	}
	fmt.Printf("\nserver memory after the first build: VmRSS %s, VmHWM %s\n", mib(statusBefore["VmRSS"]), mib(statusBefore["VmHWM"]))
	fmt.Printf("server memory after the edits: VmRSS %s, VmHWM %s\n", mib(status["VmRSS"]), mib(status["VmHWM"]))
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(ds []time.Duration) time.Duration {
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// mib turns "123456 kB" into "121 MiB".
func mib(v string) string {
	var kb int64
	if _, err := fmt.Sscanf(v, "%d kB", &kb); err != nil {
		return v
	}
	return fmt.Sprintf("%d MiB", kb/1024)
}

// minorFaults reads the minor page faults the process has taken, from
// /proc/PID/stat (its tenth field), or -1: memory the server gave back to
// the system is faulted in again when a build uses it.
func minorFaults(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The second field, the command's name in parentheses, may hold spaces.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 8 {
		return -1
	}
	n, err := strconv.Atoi(fields[7]) // fields[0] is the third field
	if err != nil {
		return -1
	}
	return n
}

// procStatus reads /proc/PID/status into a map.
func procStatus(pid int) (map[string]string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for l := range strings.SplitSeq(string(data), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok {
			out[k] = strings.TrimSpace(v)
		}
	}
	return out, nil
}

// address reads the server's stdout until it says where it serves.
func address(r io.Reader, timeout time.Duration) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), " at http://"); i >= 0 {
				f := strings.Fields(sc.Text()[i+4:])
				found <- f[0]
				return
			}
		}
		close(found)
	}()
	select {
	case a, ok := <-found:
		if !ok {
			return "", fmt.Errorf("the server stopped before it said where it serves")
		}
		return a, nil
	case <-time.After(timeout):
		return "", fmt.Errorf("the server did not start within %s", timeout)
	}
}

// event is a rebuild event, with the time it arrived.
type event struct {
	at   time.Time
	data string
	err  error
}

// listen opens the event stream and sends each rebuild event on the
// returned channel.
func listen(url string) (<-chan event, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", url, resp.Status)
	}
	out := make(chan event, 16)
	hello := make(chan struct{})
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		name := ""
		for sc.Scan() {
			l := sc.Text()
			switch {
			case strings.HasPrefix(l, "event: "):
				name = l[7:]
			case strings.HasPrefix(l, "data: ") && name == "hello":
				close(hello)
			case strings.HasPrefix(l, "data: ") && name == "rebuild":
				out <- event{at: time.Now(), data: l[6:]}
			}
		}
		out <- event{err: fmt.Errorf("the event stream ended: %v", sc.Err())}
	}()
	select {
	case <-hello:
		return out, nil
	case <-time.After(time.Minute):
		return nil, fmt.Errorf("no hello on %s", url)
	}
}

// drain drops events that came in since the last round.
func drain(c <-chan event) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

var changedList = regexp.MustCompile(`"changed":\[([^\]]*)\]`)

// changedPages says how many pages a rebuild event names, or "all".
func changedPages(data string) string {
	if strings.Contains(data, `"all":true`) {
		return "all"
	}
	m := changedList.FindStringSubmatch(data)
	if m == nil {
		return "0"
	}
	return fmt.Sprint(strings.Count(m[1], ",") + 1)
}

var wikiLink = regexp.MustCompile(`\[\[([^\]|#]+)`)

// mostLinked returns the note that most other notes link to ([[slug]]),
// and how many do.
func mostLinked(notes []string) (string, int, error) {
	count := map[string]int{}
	for _, p := range notes {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", 0, err
		}
		seen := map[string]bool{}
		for _, m := range wikiLink.FindAllSubmatch(data, -1) {
			slug := string(bytes.TrimSpace(m[1]))
			if !seen[slug] {
				seen[slug] = true
				count[slug]++
			}
		}
	}
	best, n := "", -1
	for _, p := range notes {
		slug := strings.TrimSuffix(filepath.Base(p), ".md")
		if count[slug] > n {
			best, n = p, count[slug]
		}
	}
	return best, n, nil
}

// setKey sets a front matter key to value, adding it when it is not there.
func setKey(src, key, value string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines[1:] {
		if l == "---" {
			break
		}
		if strings.HasPrefix(l, key+":") {
			lines[i+1] = key + ": " + value
			return strings.Join(lines, "\n")
		}
	}
	return "---\n" + key + ": " + value + "\n" + strings.TrimPrefix(src, "---\n")
}

// tags returns a note's tags, as its front matter lists them in brackets.
func tags(src string) []string {
	for l := range strings.SplitSeq(src, "\n") {
		if v, ok := strings.CutPrefix(l, "tags:"); ok {
			v = strings.Trim(strings.TrimSpace(v), "[]")
			var out []string
			for t := range strings.SplitSeq(v, ",") {
				if t = strings.TrimSpace(t); t != "" {
					out = append(out, t)
				}
			}
			return out
		}
	}
	return nil
}
