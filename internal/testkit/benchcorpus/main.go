// Command benchcorpus writes a synthetic site for benchmarks (see package
// corpus): the dossier site to -o and, with -hugo, the same notes as a Hugo
// site.
//
//	go run ./internal/testkit/benchcorpus -n 10000 -o /dev/shm/corpus -hugo /dev/shm/corpus-hugo
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dossier-site/dossier/internal/testkit/corpus"
)

func main() {
	n := flag.Int("n", 1000, "the number of `notes` (there is one source for every ten)")
	out := flag.String("o", "", "the `folder` to write the dossier site to (must not exist or be empty)")
	hugo := flag.String("hugo", "", "the `folder` to write the Hugo site to, if any")
	seed := flag.Uint64("seed", 1, "the random `seed`; the same seed gives the same corpus")
	flag.Parse()
	if *out == "" && *hugo == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: benchcorpus -n NOTES -o DIR [-hugo DIR] [-seed N]")
		os.Exit(2)
	}
	opts := corpus.Options{Notes: *n, Seed: *seed}
	if *out != "" {
		if err := corpus.Dossier(opts).Write(*out); err != nil {
			fmt.Fprintln(os.Stderr, "benchcorpus:", err)
			os.Exit(1)
		}
	}
	if *hugo != "" {
		if err := corpus.Hugo(opts).Write(*hugo); err != nil {
			fmt.Fprintln(os.Stderr, "benchcorpus:", err)
			os.Exit(1)
		}
	}
}
