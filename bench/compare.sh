#!/usr/bin/env bash
# Times dossier against Hugo and against the Markdown floor (bench/floor:
# goldmark with dossier's extensions, parse and render only) on the same
# generated corpus (internal/testkit/corpus) at 1,000 and 10,000 notes, and prints a
# table of the medians, the ratios, and the full-build targets of issue 14
# (dossier at most 1.5x the floor and 0.35x Hugo in wall time, peak RSS at
# most 300 MiB, GOMEMLIMIT unset), each marked met or not met.
#
#   bash bench/compare.sh                 # 3 rounds at 1,000 and 10,000 notes
#   ROUNDS=5 SIZES="1000" bash bench/compare.sh
#
# Each round runs the three tools one after the other, in an order that
# rotates from round to round, with inputs and outputs on a tmpfs
# (WORK, default /dev/shm/dossier-bench); each output folder is removed
# before its run. Wall time, CPU time (user + system) and peak RSS come
# from /usr/bin/time -v; pages written are the .html files in the output.
# Other work on the machine slows every tool, so compare the ratios, and the
# CPU times, which load changes less; the load average is printed before
# and after, and with each run.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-"1000 10000"}
WORK=${WORK:-/dev/shm/dossier-bench}
NICE=${NICE:-10}
unset GOMEMLIMIT # the peak RSS target is without one

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hugo >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo
[ -x /usr/bin/time ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q time

mkdir -p "$WORK/bin"
go build -o "$WORK/bin/dossier" ./cmd/dossier
go build -o "$WORK/bin/floor" ./bench/floor
go build -o "$WORK/bin/benchcorpus" ./internal/testkit/benchcorpus

for n in $SIZES; do
  if [ ! -f "$WORK/d$n/dossier.yaml" ] || [ ! -f "$WORK/h$n/hugo.yaml" ]; then
    rm -rf "$WORK/d$n" "$WORK/h$n"
    "$WORK/bin/benchcorpus" -n "$n" -o "$WORK/d$n" -hugo "$WORK/h$n"
  fi
done

# run TOOL N: one timed build; appends "tool notes wall_s rss_kib pages
# cpu_s" to $WORK/runs.
run() {
  local tool=$1 n=$2 out="$WORK/out-$1-$2" log="$WORK/time.log" cmd
  rm -rf "$out"
  case $tool in
  dossier) cmd=("$WORK/bin/dossier" build -q -src "$WORK/d$n" -o "$out") ;;
  hugo) cmd=(hugo --quiet -s "$WORK/h$n" -d "$out") ;;
  floor) cmd=("$WORK/bin/floor" -src "$WORK/d$n" -o "$out") ;;
  esac
  if ! nice -n "$NICE" /usr/bin/time -v -o "$log" "${cmd[@]}" >/dev/null; then
    echo "$tool failed on $n notes:" >&2; cat "$log" >&2; exit 1
  fi
  local wall rss pages cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/(User|System) time/ {s += $2} END {print s}' "$log")
  pages=$(find "$out" -name '*.html' | wc -l)
  echo "$tool $n $wall $rss $pages $cpu" >>"$WORK/runs"
  printf '  %-8s %6d notes  %8.2f s  %8.2f s CPU  %7d MiB  %6d pages  (load %s)\n' "$tool" "$n" "$wall" "$cpu" $((rss / 1024)) "$pages" "$(cut -d' ' -f1 /proc/loadavg)" >&2
  rm -rf "$out"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "tools: $(go version | cut -d' ' -f3), $(hugo version | cut -d' ' -f1-2), dossier $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$WORK/runs"
tools=(dossier hugo floor)
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round" >&2
  for n in $SIZES; do
    for k in 0 1 2; do
      run "${tools[(k + round) % 3]}" "$n"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# The table: medians over the rounds.
sort -k1,1 -k2,2n -k3,3n "$WORK/runs" | awk -v rounds="$ROUNDS" '
function median(a, n,   m) { m = int((n + 1) / 2); return (n % 2) ? a[m] : (a[m] + a[m + 1]) / 2 }
{
  key = $1 " " $2; c = ++count[key]
  wall[key, c] = $3; rss[key, c] = $4; pages[key] = $5; cpu[key, c] = $6; sizes[$2] = 1
}
END {
  printf "| tool | notes | median wall time | ms per page | median CPU time | peak RSS | pages written |\n"
  printf "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
  split("dossier hugo floor", tools, " ")
  for (n in sizes) order[++ns] = n + 0
  for (i = 1; i <= ns; i++) for (j = i + 1; j <= ns; j++) if (order[j] < order[i]) { t = order[i]; order[i] = order[j]; order[j] = t }
  for (i = 1; i <= ns; i++) for (t = 1; t <= 3; t++) {
    key = tools[t] " " order[i]; if (!(key in count)) continue
    c = count[key]
    for (k = 1; k <= c; k++) { w[k] = wall[key, k] }
    # rss and cpu values are not sorted with the walls: sort them on their own.
    for (k = 1; k <= c; k++) { r[k] = rss[key, k]; u[k] = cpu[key, k] }
    for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) {
      if (r[b] < r[a]) { x = r[a]; r[a] = r[b]; r[b] = x }
      if (u[b] < u[a]) { x = u[a]; u[a] = u[b]; u[b] = x }
    }
    mw[key] = median(w, c); mr[key] = median(r, c); mu[key] = median(u, c)
    printf "| %s | %d | %.2f s | %.2f | %.2f s | %.0f MiB | %d |\n", tools[t], order[i], mw[key], mw[key] * 1000 / pages[key], mu[key], mr[key] / 1024, pages[key]
  }
  printf "\n| notes | dossier / Hugo (wall) | dossier / floor (wall) | dossier / Hugo (CPU) | dossier / floor (CPU) |\n| ---: | ---: | ---: | ---: | ---: |\n"
  for (i = 1; i <= ns; i++) {
    d = mw["dossier " order[i]]; h = mw["hugo " order[i]]; f = mw["floor " order[i]]
    dc = mu["dossier " order[i]]; hc = mu["hugo " order[i]]; fc = mu["floor " order[i]]
    printf "| %d | %s | %s | %s | %s |\n", order[i], h ? sprintf("%.2f", d / h) : "-", f ? sprintf("%.2f", d / f) : "-", hc ? sprintf("%.2f", dc / hc) : "-", fc ? sprintf("%.2f", dc / fc) : "-"
  }
  # The full-build targets of issue 14, on the wall-time medians: at most
  # 1.5 times the floor and 0.35 times Hugo, and a peak RSS of at most
  # 300 MiB (without GOMEMLIMIT).
  printf "\n| notes | x floor (target <= 1.5) | x Hugo (target <= 0.35) | peak RSS (target <= 300 MiB) |\n| ---: | ---: | ---: | ---: |\n"
  for (i = 1; i <= ns; i++) {
    d = mw["dossier " order[i]]; h = mw["hugo " order[i]]; f = mw["floor " order[i]]; peak = mr["dossier " order[i]] / 1024
    printf "| %d | %s | %s | %.0f MiB %s |\n", order[i], f ? sprintf("%.2f %s", d / f, d / f <= 1.5 ? "met" : "not met") : "-", h ? sprintf("%.2f %s", d / h, d / h <= 0.35 ? "met" : "not met") : "-", peak, peak <= 300 ? "met" : "not met"
  }
  printf "\nmedians of %d rounds\n", rounds
}'
