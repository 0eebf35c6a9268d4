// Command screenshots builds the site, serves it on 127.0.0.1 and takes
// screenshots of the home page and a note with headless Chromium (the same
// browser and flags as the browser tests), at phone (390px) and desktop
// (1280px) width:
//
//	go run ./internal/testkit/browsertest/screenshots -o docs/screenshots
//
// It writes home-390.png, home-1280.png, note-390.png and note-1280.png
// (the first screenful, or the whole page with -full), and the same with
// -dark in the name when -dark is given.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/dossier-site/dossier/internal/testkit/browsertest"
)

func main() {
	src := flag.String("src", ".", "the site `folder`")
	out := flag.String("o", "screenshots", "the `folder` to write the PNG files to")
	note := flag.String("note", "budapest-memorandum", "the `slug` of the note to take")
	full := flag.Bool("full", false, "take the whole page, not the first screenful")
	dark := flag.Bool("dark", false, "also take each page in dark mode")
	scale := flag.Float64("scale", 1, "device pixels per CSS pixel at phone width (2 for a sharper, bigger image)")
	flag.Parse()
	if err := run(*src, *out, *note, *full, *dark, *scale); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(src, out, note string, full, dark bool, scale float64) error {
	exe := browsertest.FindChromium()
	if exe == "" {
		return fmt.Errorf("chromium not found: install it with apt-get install chromium, or set DOSSIER_CHROMIUM")
	}
	res, err := browsertest.BuildSite(src)
	if err != nil {
		return err
	}
	n := res.Site.Note(note)
	if n == nil {
		return fmt.Errorf("no note %q; pass -note with the slug of a note in content/notes", note)
	}
	srv := browsertest.Serve(browsertest.Files(res))
	defer srv.Close()
	dataDir, err := os.MkdirTemp("", "dossier-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	ctx, cancel, err := browsertest.NewBrowser(context.Background(), exe, dataDir)
	if err != nil {
		return err
	}
	defer cancel()
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	schemes := []string{"light"}
	if dark {
		schemes = append(schemes, "dark")
	}
	pages := []struct{ name, path string }{{"home", "/"}, {"note", n.URL}}
	for _, scheme := range schemes {
		for _, p := range pages {
			for _, width := range []int64{390, 1280} {
				height := int64(844)
				opts := []chromedp.EmulateViewportOption{}
				if width < 600 {
					opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(scale))
				} else {
					height = 900
				}
				name := fmt.Sprintf("%s-%d", p.name, width)
				if scheme == "dark" {
					name += "-dark"
				}
				file := filepath.Join(out, name+".png")
				if err := shoot(ctx, srv.URL+p.path, file, width, height, scheme, full, opts); err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				fmt.Println(file)
			}
		}
	}
	return nil
}

func shoot(parent context.Context, url, file string, width, height int64, scheme string, full bool, opts []chromedp.EmulateViewportOption) error {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height, opts...),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
			return err
		}),
		chromedp.Navigate(url),
		chromedp.Sleep(200*time.Millisecond), // let the fonts settle
	)
	if err != nil {
		return err
	}
	var png []byte
	if full {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}
