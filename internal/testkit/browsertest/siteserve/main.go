// Command siteserve builds a site in memory and serves it on 127.0.0.1 as a
// static host would ("/x/" serves x/index.html, a missing page 404.html),
// for checkers that need an address, such as Lighthouse and LinkChecker in
// CI (.ci/run):
//
//	go run ./internal/testkit/browsertest/siteserve -src DIR -url-file FILE
//
// It writes the server's address (http://127.0.0.1:PORT) to FILE once it
// listens, and serves until it is stopped.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/dossier-site/dossier/internal/testkit/browsertest"
)

func main() {
	src := flag.String("src", ".", "the site `folder`")
	urlFile := flag.String("url-file", "", "the `file` to write the address to (default: standard output)")
	flag.Parse()
	res, err := browsertest.BuildSite(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, "siteserve:", err)
		os.Exit(1)
	}
	srv := browsertest.Serve(browsertest.Files(res))
	defer srv.Close()
	if *urlFile == "" {
		fmt.Println(srv.URL)
	} else if err := os.WriteFile(*urlFile, []byte(srv.URL+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "siteserve:", err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
