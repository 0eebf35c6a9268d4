#!/usr/bin/env bash
# Measures the preview server (`dossier serve`) on a generated site
# (internal/testkit/corpus, seeded, as bench/compare.sh uses it): from the
# save of an edit to the rebuild event that tells open pages to reload, for
# a body edit, a title edit of the note most others link to, and a tag
# edit, ROUNDS times each; then the server's resident memory (VmRSS) and
# its peak (VmHWM). See bench/preview/main.go.
#
#   bash bench/preview.sh                 # 10,000 notes, 5 rounds
#   SMALL=1 bash bench/preview.sh         # 1,000 notes
#   NOTES=2000 ROUNDS=3 bash bench/preview.sh
#
# The site is generated once under WORK (default /dev/shm/dossier-preview,
# a tmpfs) and copied afresh for each run, since the edits change it. The
# server listens on a free loopback port; its log goes to WORK/serve.log.
# The copy is made a git repository with one commit, when git is installed
# (NOGIT=1: left outside git). TIMINGS=1 runs the server with -timings,
# so that WORK/serve.log has each build's phases.
# The times include the watcher's waits: for events to pause before it
# builds (serve.Settle, 5 ms), and for quiet before it serves the build,
# 20 ms after the save (serve.Quiet), when the build took less.
set -euo pipefail
cd "$(dirname "$0")/.."

NOTES=${NOTES:-10000}
if [ "${SMALL:-}" = 1 ]; then NOTES=1000; fi
ROUNDS=${ROUNDS:-5}
WORK=${WORK:-/dev/shm/dossier-preview}

mkdir -p "$WORK/bin"
go build -o "$WORK/bin/dossier" ./cmd/dossier
go build -o "$WORK/bin/benchcorpus" ./internal/testkit/benchcorpus
go build -o "$WORK/bin/preview" ./bench/preview
if [ ! -f "$WORK/d$NOTES/dossier.yaml" ]; then
  rm -rf "$WORK/d$NOTES"
  "$WORK/bin/benchcorpus" -n "$NOTES" -o "$WORK/d$NOTES"
fi
rm -rf "$WORK/site"
cp -r "$WORK/d$NOTES" "$WORK/site"
# In git, as an editor's site is: the preview reads the files' commit dates
# (see build.Cache), which a folder outside git never exercises.
if [ -z "${NOGIT:-}" ] && command -v git >/dev/null; then
  (cd "$WORK/site" && git init -q && git add -A &&
    GIT_CONFIG_GLOBAL=/dev/null git -c user.name=bench -c user.email=bench@example.org -c commit.gpgsign=false commit -qm "the generated site")
fi

echo "$NOTES notes, $ROUNDS rounds, dossier $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes), $(nproc) cores, $(go version | cut -d' ' -f3)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$WORK/bin/preview" -dossier "$WORK/bin/dossier" -site "$WORK/site" -rounds "$ROUNDS" -log "$WORK/serve.log" ${TIMINGS:+-timings}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets (issue 14): every edit <= 50 ms from the save to the reload event; VmRSS <= 400 MiB after the edits"
rm -rf "$WORK/site"
