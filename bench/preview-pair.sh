#!/usr/bin/env bash
# Paired runs of bench/preview.sh: another revision and this working tree,
# one after the other, RUNS times, on the same generated site, so that the
# two see the same machine and the same load. Prints each run's medians and
# the server's memory side by side, as the README's tables give them.
#
#   bash bench/preview-pair.sh fa16fb4              # 3 pairs, 10,000 notes, 5 rounds
#   RUNS=4 NOTES=2000 ROUNDS=3 bash bench/preview-pair.sh HEAD~3
#   OLD_ENV=GOGC=100 bash bench/preview-pair.sh HEAD   # the same code, another setting
#
# The revision is checked out in a git worktree under WORK_BASE (default
# /dev/shm/dossier-pair), removed at the end; each side has its own WORK
# folder there, and the old side is given a copy of the site the new side
# generated. OLD_ENV and NEW_ENV (VAR=value ...) are set for each side's
# runs only.
set -euo pipefail
cd "$(dirname "$0")/.."

rev=${1:?usage: bash bench/preview-pair.sh REVISION}
RUNS=${RUNS:-3}
NOTES=${NOTES:-10000}
ROUNDS=${ROUNDS:-5}
base=${WORK_BASE:-/dev/shm/dossier-pair}
here=$(pwd)
old_name=$(git rev-parse --short "$rev")
new_name="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes)"

mkdir -p "$base"
tree="$base/tree"
git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
git worktree add --force --detach "$tree" "$rev" >/dev/null
cleanup() { git -C "$here" worktree remove --force "$tree" 2>/dev/null || true; }
trap cleanup EXIT

out="$base/out"
rm -rf "$out"
mkdir -p "$out" "$base/old" "$base/new"

# side NAME DIR ENV...: one run of bench/preview.sh from DIR, its output
# kept as $out/NAME.N.
side() {
  local name=$1 dir=$2 n=$3
  shift 3
  (cd "$dir" && env "$@" WORK="$base/$name" NOTES="$NOTES" ROUNDS="$ROUNDS" bash bench/preview.sh) >"$out/$name.$n" 2>&1 || {
    echo "preview-pair: the $name side failed; its output:" >&2
    cat "$out/$name.$n" >&2
    exit 1
  }
}

# The site, generated once by this tree's corpus generator, for both sides.
if [ ! -f "$base/new/d$NOTES/dossier.yaml" ]; then
  mkdir -p "$base/new/bin"
  go build -o "$base/new/bin/benchcorpus" ./internal/testkit/benchcorpus
  rm -rf "$base/new/d$NOTES"
  "$base/new/bin/benchcorpus" -n "$NOTES" -o "$base/new/d$NOTES"
fi
rm -rf "$base/old/d$NOTES"
cp -r "$base/new/d$NOTES" "$base/old/"

for n in $(seq 1 "$RUNS"); do
  echo "pair $n of $RUNS: load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  side old "$tree" "$n" ${OLD_ENV:-}
  side new "$here" "$n" ${NEW_ENV:-}
done

# values SIDE PATTERN KIND: the values of one line of a side's runs,
# comma-separated; row LABEL PATTERN KIND, both sides' as a table row. preview.sh's edit lines are
# "| body | what | rounds | median | min | max | pages |"; its memory lines
# end "VmRSS 612 MiB, VmHWM 612 MiB".
values() {
  local name=$1 pattern=$2 kind=$3 n v vs=""
  for n in $(seq 1 "$RUNS"); do
    if [ "$kind" = edit ]; then
      v=$(awk -F'|' -v p="$pattern" '$2 == " " p " " { gsub(/^ +| +$/, "", $5); print $5 }' "$out/$name.$n")
    else
      v=$(grep "$pattern" "$out/$name.$n" | sed -E 's/.*VmRSS ([0-9]+ MiB).*/\1/')
    fi
    vs="${vs:+$vs, }${v:-?}"
  done
  echo "$vs"
}
row() { echo "| $1 | $(values old "$2" "$3") | $(values new "$2" "$3") |"; }

echo "$NOTES notes, $ROUNDS rounds, $RUNS pairs ($old_name first in each), $(nproc) cores"
echo
echo "| | $old_name${OLD_ENV:+ ($OLD_ENV)} | $new_name${NEW_ENV:+ ($NEW_ENV)} |"
echo "| --- | --- | --- |"
row "body edit (median of $ROUNDS)" body edit
row "title edit" title edit
row "tag edit" tag edit
row "VmRSS after the edits" "server memory after the edits:" memory
row "VmRSS after the first build" "server memory after the first build:" memory
