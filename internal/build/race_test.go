//go:build race

package build_test

// raceEnabled says the tests run under the race detector, which makes
// them several times slower: long tests do less.
const raceEnabled = true
