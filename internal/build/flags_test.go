package build_test

import "flag"

// update rewrites the expectations kept under testdata/ from what the build
// produces: the golden pages (TestGolden) and the diagnostics of the hostile
// cases (TestHostile). Review the diff before committing.
var update = flag.Bool("update", false, "rewrite golden files and expectations under testdata/ from the build's output")
