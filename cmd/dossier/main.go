// Command dossier builds an explainer site from Markdown notes and source
// records, in which every claim cites the article it comes from.
//
//	dossier build   build the site into public/
//	dossier check   report every content error, write nothing
//	dossier serve   build, serve on 127.0.0.1:1313 and rebuild on change
//
// Run `dossier <command> -h` for a command's flags.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := (&Main{Stdout: os.Stdout, Stderr: os.Stderr}).Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
