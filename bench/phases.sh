#!/usr/bin/env bash
# Builds a generated site (internal/testkit/corpus, seeded) with
# `dossier build -timings` and prints the table of the build's phases:
# each one's wall time and what the process allocated while it ran.
#
#   bash bench/phases.sh              # 10,000 notes, one build
#   NOTES=1000 ROUNDS=3 bash bench/phases.sh
#
# The site and the output go under WORK (default /dev/shm/dossier-phases, a
# tmpfs); the site is generated once and kept for later runs. Phases that
# overlap (the search index is written beside resolve and render; files are
# written as they are rendered) are explained under the table.
set -euo pipefail
cd "$(dirname "$0")/.."

NOTES=${NOTES:-10000}
ROUNDS=${ROUNDS:-1}
WORK=${WORK:-/dev/shm/dossier-phases}

mkdir -p "$WORK/bin"
go build -o "$WORK/bin/dossier" ./cmd/dossier
go build -o "$WORK/bin/benchcorpus" ./internal/testkit/benchcorpus
site="$WORK/d$NOTES"
if [ ! -f "$site/dossier.yaml" ]; then
  rm -rf "$site"
  "$WORK/bin/benchcorpus" -n "$NOTES" -o "$site"
fi

echo "$NOTES notes, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  [ "$ROUNDS" = 1 ] || echo "round $round"
  rm -rf "$WORK/out"
  "$WORK/bin/dossier" build -q -timings -src "$site" -o "$WORK/out"
done
