#!/usr/bin/env bash
# benches/push.sh DOSSIER CORPUS WORK [RUNS]: the time from `git push` of a one-briefing change
# to its publication, through the pre-receive and post-receive hooks of a bare repository made
# with git's defaults. Prints the median wall time in seconds.
set -Eeuo pipefail
dossier=$1 corpus=$2 work=$3 runs=${4:-3}
rm -rf "$work"; mkdir -p "$work"
git init --quiet --bare "$work/served.git"
"$dossier" hook install pre-receive --repo "$work/served.git" >/dev/null
"$dossier" hook install post-receive --repo "$work/served.git" --publish "$work/www" >/dev/null
git clone --quiet "$work/served.git" "$work/clone" 2>/dev/null
cp -r "$corpus/content" "$corpus/config.toml" "$work/clone/"
cd "$work/clone"
git add -A >/dev/null
git -c user.name=Bench -c user.email=bench@example.org commit --quiet -m "The archive"
git push --quiet origin HEAD:main 2>/dev/null
edit=$(find content/briefings -name '*.md' | sort | sed -n "$(( $(find content/briefings -name '*.md' | wc -l) / 2 ))p")
times=()
for ((r = 1; r <= runs; r++)); do
    printf '\nPushed again for benchmark run %s.\n' "$r" >>"$edit"
    git -c user.name=Bench -c user.email=bench@example.org commit --quiet -am "Run $r"
    start=$(date +%s%N)
    git push --quiet origin HEAD:main 2>/dev/null
    end=$(date +%s%N)
    grep -q "Pushed again for benchmark run $r" -r "$work/www/briefings" || { echo "the push was not published" >&2; exit 1; }
    times+=("$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')")
done
printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
