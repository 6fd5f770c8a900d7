#!/usr/bin/env bash
# benches/run.sh: measures dossier builds (and Hugo on the same corpus) on generated archives of
# several sizes, on this disk and on tmpfs, and the search of each archive's offline build in
# Chromium, and prints Markdown tables. See benches/README.md.
#
#   bash benches/run.sh [SIZE...] [--runs N] [--seed S] [--smoke] [--keep] [--no-hugo] [--no-tmpfs]
#                       [--no-search | --search-only]
#
# Each figure is the median of --runs runs (default 3). Exits non-zero as soon as a build fails.
set -Eeuo pipefail

sizes=()
runs=3
seed=1
smoke=0
keep=0
use_hugo=auto
use_tmpfs=1
use_search=auto
builds=1
work=${BENCH_DIR:-/tmp/dossier-bench}

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --smoke) smoke=1; shift ;;
        --keep) keep=1; shift ;;
        --no-hugo) use_hugo=no; shift ;;
        --no-tmpfs) use_tmpfs=0; shift ;;
        --no-search) use_search=no; shift ;;
        --search-only) builds=0; use_hugo=no; use_tmpfs=0; shift ;;
        -h|--help) usage 0 ;;
        [0-9]*) sizes+=("$1"); shift ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage 2 ;;
    esac
done
if [[ $smoke == 1 ]]; then
    sizes=(200)
    runs=1
fi
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 100000)

note() { printf '%s\n' "$*" >&2; }
die() { note "run.sh: $*"; exit 1; }

# Hugo: required for a full run, optional in smoke mode.
if [[ $use_hugo != no ]]; then
    if command -v hugo >/dev/null; then
        use_hugo=yes
    elif [[ $smoke == 1 ]]; then
        note "note: hugo not found; skipping the Hugo comparison (apt-get install -y hugo)"
        use_hugo=no
    else
        die "hugo not found: apt-get install -y hugo, or pass --no-hugo"
    fi
fi

# The search is measured in Chromium with Playwright (benches/search.mjs): required for a full
# run, optional in smoke mode.
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ $use_search != no ]]; then
    chromium=${CHROMIUM:-/usr/bin/chromium}
    if command -v node >/dev/null && [[ -x $chromium && -d $root/tests/browser/node_modules/playwright-core ]]; then
        use_search=yes
    elif [[ $smoke == 1 ]]; then
        note "note: node, $chromium or tests/browser/node_modules missing; skipping the search measurement"
        use_search=no
    else
        die "the search measurement needs node, $chromium and \`npm ci --prefix tests/browser --ignore-scripts\`; or pass --no-search"
    fi
fi
[[ $builds == 1 || $use_search == yes ]] || die "--search-only and --no-search leave nothing to measure"

# /usr/bin/time -v gives CPU time and peak RSS; without it only wall time is measured.
gnu_time=${BENCH_TIME:-/usr/bin/time}
if [[ -x $gnu_time ]] && "$gnu_time" -v true 2>/dev/null; then
    have_time=1
else
    have_time=0
    note "note: $gnu_time (GNU time) not found; only wall time is measured (apt-get install -y time)"
fi

shm=""
if [[ $use_tmpfs == 1 ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then
        shm=/dev/shm/dossier-bench-$$
    else
        note "note: /dev/shm is not writable; skipping the tmpfs runs"
    fi
fi

cleanup() {
    if [[ $keep != 1 && -n $shm ]]; then rm -rf "$shm"; fi
}
trap cleanup EXIT
trap 'note "run.sh: failed at line $LINENO: $BASH_COMMAND"' ERR

cd "$root"
note "Building dossier and gen_corpus (release)..."
cargo build --release --quiet --bin dossier --example gen_corpus
target=${CARGO_TARGET_DIR:-$root/target}
dossier=$target/release/dossier
gen=$target/release/examples/gen_corpus
mkdir -p "$work"
work=$(cd "$work" && pwd)
log=$work/last.log
timing=$work/time.txt

# measure CMD...: runs CMD, sets m_wall (s), m_cpu (user+sys s) and m_rss (MB); output in $log.
measure() {
    local start end status=0
    start=$(date +%s%N)
    if [[ $have_time == 1 ]]; then
        "$gnu_time" -v -o "$timing" "$@" >"$log" 2>&1 || status=$?
    else
        "$@" >"$log" 2>&1 || status=$?
    fi
    end=$(date +%s%N)
    if [[ $status != 0 ]]; then
        tail -n 30 "$log" >&2
        die "failed (exit $status): $*; the files are kept under $work"
    fi
    if [[ $have_time == 1 ]]; then
        m_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$timing")
        m_cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$timing")
        m_rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$timing")
    else
        m_wall=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
        m_cpu=n/a
        m_rss=n/a
    fi
}

# median X...: the median of numbers ("n/a" if any is not a number).
median() {
    printf '%s\n' "$@" | sort -g | awk '
        !/^[0-9.]+$/ { bad = 1 } { a[NR] = $1 }
        END { if (bad || NR == 0) { print "n/a"; exit }
              if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# dossier_build CORPUS OUT: one measured build; appends to the walls/cpus/rsss/pages/written lists.
dossier_build() {
    measure "$dossier" build --root "$1" --output "$2"
    local summary
    summary=$(grep -m1 -E '^(Built|Up to date:) ' "$log") || die "no summary line from dossier build: $(tail -n 5 "$log")"
    walls+=("$m_wall"); cpus+=("$m_cpu"); rsss+=("$m_rss")
    pages+=("$(sed -E 's/.* → ([0-9]+) pages .*/\1/' <<<"$summary")")
    written+=("$(sed -E 's/.*\(([0-9]+) files written.*/\1/' <<<"$summary")")
}

rows=()
search_rows=()
# row N WHERE CASE: a table row from the collected lists and the Hugo figures in h_wall/h_rss.
row() {
    local wall cpu rss pg wr rate ratio
    wall=$(median "${walls[@]}"); cpu=$(median "${cpus[@]}"); rss=$(median "${rsss[@]}")
    pg=$(median "${pages[@]}"); wr=$(median "${written[@]}")
    rate=$(awk -v p="$pg" -v w="$wall" 'BEGIN { if (w > 0) printf "%.0f", p / w; else print "n/a" }')
    ratio=$(awk -v d="$wall" -v h="$h_wall" 'BEGIN { if (h + 0 > 0) printf "%.2f", d / h; else print "–" }')
    rows+=("| $1 | $2 | $3 | $wall | $cpu | $rss | $pg | $wr | $rate | $h_wall | $h_rss | $ratio |")
    note "  $2 $3: ${wall} s wall, ${cpu} s CPU, ${rss} MB, $pg pages, $wr written; Hugo ${h_wall} s"
}

reset_lists() { walls=(); cpus=(); rsss=(); pages=(); written=(); h_wall="–"; h_rss="–"; }

# figure_row N WHERE CASE SECONDS: a row of a case measured by its own script, by wall time only.
figure_row() {
    reset_lists
    walls=("$4"); cpus=("–"); rsss=("–"); pages=("–"); written=("–")
    row "$1" "$2" "$3"
}

targets=()
# target N WHERE FIGURE VALUE LIMIT UNIT: a row of the targets table; VALUE must be at most LIMIT.
target() {
    local verdict
    verdict=$(awk -v v="$4" -v l="$5" 'BEGIN {
        if (v !~ /^[0-9.]+$/) print "not measured";
        else if (v + 0 <= l + 0) print "met";
        else printf "missed by %.0f%%", (v / l - 1) * 100 }')
    targets+=("| $1 | $2 | $3 | $4 $6 | ≤ $5 $6 | $verdict |")
}

# The targets of issue 11 (at 10,000 briefings) and 12 (page budget at every size).
targeted() { [[ $1 == 10000 || $1 == 100000 ]]; }

# hugo_build SITE OUT: one measured Hugo build; appends to h_walls/h_rsss.
hugo_build() {
    measure hugo --quiet -s "$1" -d "$2"
    h_walls+=("$m_wall"); h_rsss+=("$m_rss")
}

# suite N WHERE CORPUS HUGO_SITE BASE: every case on one copy of the corpus, outputs under BASE.
suite() {
    local n=$1 where=$2 corpus=$3 hsite=$4 base=$5 out=$5/public hout=$5/hugo-public r
    local briefings=$corpus/content/briefings first edit actor
    find "$briefings" -name '*.md' | sort >"$base/briefings.txt"
    first=$(sed -n 1p "$base/briefings.txt")
    edit=$(sed -n "$(( (n + 1) / 2 ))p" "$base/briefings.txt")
    actor=$(sed -n -E '0,/^actors = /s/^actors = \["([^"]+)".*/\1/p' "$first")
    [[ -f $corpus/content/actors/$actor.md ]] || die "cannot find the actor file for '$actor'"

    reset_lists
    for ((r = 1; r <= runs; r++)); do rm -rf "$out" "$corpus/.dossier-cache"; dossier_build "$corpus" "$out"; done
    local html cold_wall cold_rss largest
    cold_wall=$(median "${walls[@]}"); cold_rss=$(median "${rsss[@]}")
    html=$(find "$out" -name '*.html' | wc -l)
    [[ $html == "${pages[-1]}" ]] || note "warning: $html HTML files in the output, summary says ${pages[-1]} pages"
    # The page budget: no HTML page over 300 KB.
    largest=$(find "$out" -name '*.html' -printf '%s %P\n' | sort -rn | awk 'NR == 1')
    note "  largest page: $largest"
    target "$n" "$where" "largest HTML page (${largest#* })" "$(awk -v b="${largest%% *}" 'BEGIN { printf "%.0f", b / 1024 }')" 300 KB
    if [[ $use_hugo == yes ]]; then
        h_walls=(); h_rsss=()
        for ((r = 1; r <= runs; r++)); do rm -rf "$hout"; hugo_build "$hsite" "$hout"; done
        h_wall=$(median "${h_walls[@]}"); h_rss=$(median "${h_rsss[@]}")
    fi
    row "$n" "$where" "cold build"
    if [[ $use_hugo == yes ]]; then
        # Hugo at its fastest: the same site without related pages (most of its time).
        local fast=$base/hugo-fast
        rm -rf "$fast"; cp -r "$hsite" "$fast"
        sed -i '/Related/d' "$fast/layouts/_default/single.html"
        h_walls=(); h_rsss=()
        for ((r = 1; r <= runs; r++)); do rm -rf "$base/hugo-fast-public"; hugo_build "$fast" "$base/hugo-fast-public"; done
        h_wall=$(median "${h_walls[@]}"); h_rss=$(median "${h_rsss[@]}")
        rm -rf "$fast" "$base/hugo-fast-public"
        walls=("$cold_wall"); rsss=("$cold_rss")
        row "$n" "$where" "cold build, against Hugo without related pages"
        if targeted "$n"; then
            target "$n" "$where" "cold build / fast Hugo, wall" "$(awk -v d="$cold_wall" -v h="$h_wall" 'BEGIN { printf "%.2f", d / h }')" 0.25 ""
            target "$n" "$where" "cold build / fast Hugo, peak memory" "$(awk -v d="$cold_rss" -v h="$h_rss" 'BEGIN { printf "%.2f", d / h }')" 0.20 ""
        fi
    fi
    if [[ $n == 100000 ]]; then target "$n" "$where" "cold build peak memory" "$cold_rss" 1536 MB; fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do dossier_build "$corpus" "$out"; done
    if [[ $use_hugo == yes ]]; then
        h_walls=(); h_rsss=()
        for ((r = 1; r <= runs; r++)); do hugo_build "$hsite" "$hout"; done
        h_wall=$(median "${h_walls[@]}"); h_rss=$(median "${h_rsss[@]}")
    fi
    row "$n" "$where" "no change"
    if [[ $n == 10000 ]]; then target "$n" "$where" "build, no change" "$(median "${walls[@]}")" 0.3 s; fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do
        printf '\nThe briefing was updated for benchmark run %s.\n' "$r" >>"$edit"
        dossier_build "$corpus" "$out"
    done
    row "$n" "$where" "edit one body"
    local limit=0.5
    [[ $n == 100000 ]] && limit=3
    if targeted "$n"; then
        target "$n" "$where" "build after a body edit" "$(median "${walls[@]}")" "$limit" s
        target "$n" "$where" "memory of a body edit / cold build" "$(awk -v i="$(median "${rsss[@]}")" -v c="$cold_rss" 'BEGIN { printf "%.2f", i / c }')" 1.00 ""
    fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do
        sed -i "0,/^title = .*/s//title = \"Retitled for benchmark run $r\"/" "$edit"
        dossier_build "$corpus" "$out"
    done
    row "$n" "$where" "edit one title"
    if [[ $n == 10000 ]]; then target "$n" "$where" "build after a title edit" "$(median "${walls[@]}")" 1.0 s; fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do
        sed "0,/^title = .*/s//title = \"Added briefing $r\"/" "$first" >"$briefings/bench-added-$r.md"
        dossier_build "$corpus" "$out"
    done
    row "$n" "$where" "add one briefing"
    if [[ $n == 10000 ]]; then target "$n" "$where" "build after adding a briefing" "$(median "${walls[@]}")" 1.0 s; fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do
        rm -f "$briefings/bench-added-$r.md"
        dossier_build "$corpus" "$out"
    done
    row "$n" "$where" "delete one briefing"
    if [[ $n == 10000 ]]; then target "$n" "$where" "build after deleting a briefing" "$(median "${walls[@]}")" 1.0 s; fi

    reset_lists
    for ((r = 1; r <= runs; r++)); do
        sed -i "s/^name = .*/name = \"Renamed Actor $r\"/" "$corpus/content/actors/$actor.md"
        dossier_build "$corpus" "$out"
    done
    row "$n" "$where" "rename one actor"
    if [[ $n == 10000 ]]; then target "$n" "$where" "build after renaming an actor" "$(median "${walls[@]}")" 2.0 s; fi

    # check: once from nothing, then after each one-file change.
    "$dossier" check --root "$corpus" >"$log" 2>&1 || true
    reset_lists
    local lines
    for ((r = 1; r <= runs; r++)); do
        printf '\nChecked again for benchmark run %s.\n' "$r" >>"$edit"
        measure "$dossier" check --root "$corpus"
        walls+=("$m_wall"); cpus+=("$m_cpu"); rsss+=("$m_rss"); pages+=("–"); written+=(0)
        lines=$(wc -l <"$log")
    done
    row "$n" "$where" "check after a body edit"
    if [[ $n == 10000 ]]; then
        target "$n" "$where" "check after a body edit" "$(median "${walls[@]}")" 1.0 s
        target "$n" "$where" "lines check prints" "$lines" 60 ""
    fi

    # serve: from saving a briefing to the page showing it (tmpfs only: it is the editing case).
    if [[ $where == tmpfs ]] && command -v python3 >/dev/null; then
        local latency
        latency=$(python3 "$root/benches/serve_latency.py" "$dossier" "$corpus" 18555 "$runs" 2>"$log") || latency="n/a"
        note "  serve: ${latency} s from a save to the page showing it"
        figure_row "$n" "$where" "serve: save to page shown" "$latency"
        if [[ $n == 10000 ]]; then target "$n" "$where" "serve: save to page shown" "$latency" 0.5 s; fi
    fi

    # The git hooks: a push that changes one briefing, through pre-receive and post-receive.
    if [[ $where == tmpfs ]]; then
        local push
        push=$(bash "$root/benches/push.sh" "$dossier" "$corpus" "$base/push" "$runs" 2>"$log") || push="n/a"
        note "  push: ${push} s for a one-briefing push to be published"
        figure_row "$n" "$where" "push one briefing, published" "$push"
        if [[ $n == 10000 ]]; then target "$n" "$where" "push of one briefing, published" "$push" 1.5 s; fi
        rm -rf "$base/push"
    fi

    # The filesystem floor: copying dossier's output tree to a fresh folder on the same disk.
    reset_lists
    local files
    files=$(find "$out" -type f | wc -l)
    for ((r = 1; r <= runs; r++)); do
        rm -rf "$base/floor"
        measure cp -r "$out" "$base/floor"
        walls+=("$m_wall"); cpus+=("$m_cpu"); rsss+=("$m_rss"); pages+=("$files"); written+=("$files")
    done
    rm -rf "$base/floor"
    row "$n" "$where" "cp -r output (floor)"
}

for n in "${sizes[@]}"; do
    note "== N = $n"
    dir=$work/n$n
    rm -rf "$dir"
    mkdir -p "$dir"
    hugo_flag=()
    [[ $use_hugo == yes ]] && hugo_flag=(--hugo --hugo-out "$dir/corpus-hugo")
    measure "$gen" --briefings "$n" --seed "$seed" --out "$dir/corpus" "${hugo_flag[@]}"
    note "  $(cat "$log")"
    if [[ $smoke == 1 ]]; then
        "$dossier" check --root "$dir/corpus" --quiet >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "dossier check failed on the generated corpus"; }
    fi
    if [[ -n $shm ]]; then
        mkdir -p "$shm/n$n"
        cp -r "$dir/corpus" "$shm/n$n/corpus"
        [[ $use_hugo == yes ]] && cp -r "$dir/corpus-hugo" "$shm/n$n/corpus-hugo"
    fi
    # The search first, on the corpus as generated (the suites change it).
    if [[ $use_search == yes ]]; then
        rm -rf "$dir/offline"
        "$dossier" build --root "$dir/corpus" --output "$dir/offline" --offline --quiet >"$log" 2>&1 ||
            { tail -n 30 "$log" >&2; die "the offline build failed"; }
        node benches/search.mjs "$dir/offline" --label "$n" --runs "$runs" >"$work/search.txt" 2>"$log" ||
            { tail -n 30 "$log" >&2; die "the search measurement failed"; }
        mapfile -t measured <"$work/search.txt"
        search_rows+=("${measured[@]}")
        note "  search: $(wc -l <"$work/search.txt") rows"
    fi
    if [[ $builds == 1 ]]; then
        suite "$n" disk "$dir/corpus" "$dir/corpus-hugo" "$dir"
    fi
    if [[ $builds == 1 && -n $shm ]]; then
        suite "$n" tmpfs "$shm/n$n/corpus" "$shm/n$n/corpus-hugo" "$shm/n$n"
        [[ $keep == 1 ]] || rm -rf "${shm:?}/n$n"
    fi
    [[ $keep == 1 ]] || rm -rf "$dir"
done

{
    echo "dossier $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, median of $runs run(s), $(date -u +%Y-%m-%dT%H:%MZ)"
    if [[ $builds == 1 ]]; then
        echo
        echo "| N | where | case | wall s | CPU s | RSS MB | pages | written | pages/s | Hugo wall s | Hugo RSS MB | dossier/Hugo |"
        echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${rows[@]}"
    fi
    if [[ ${#targets[@]} -gt 0 ]]; then
        echo
        echo "Targets:"
        echo
        echo "| N | where | figure | measured | target | |"
        echo "|---:|---|---|---:|---:|---|"
        printf '%s\n' "${targets[@]}"
    fi
    if [[ $use_search == yes ]]; then
        echo
        echo "Search in Chromium, offline build opened from file:// (benches/search.mjs):"
        echo
        echo "| N | query | words | results | search files | search KB | KB to first results | all KB | first results ms |"
        echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${search_rows[@]}"
    fi
} | tee "$work/results.md"
note "Results also in $work/results.md"
