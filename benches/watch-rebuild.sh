#!/usr/bin/env bash
# Times `pamphlet watch` on a copy of a book: the rebuild after one piece is edited (that
# piece typeset, the others taken from the cache), for each piece, against the full rebuild
# after every piece is edited (all typeset), all timed by the watcher itself in one process,
# EPUB and PDF written each time. Each edit appends a sentence (a comment would not change
# the piece). Prints medians of RUNS runs (default 7) and the ratios; `pamphlet build`'s wall
# time (process start and font loading included) is given for reference.
#   bash benches/watch-rebuild.sh [RUNS] [BOOK_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-7}
book=${2:-books/organising-among-workers}
cargo build --release --quiet
bin=$PWD/target/release/pamphlet
work=$(mktemp -d)
log=$work/watch.log
watcher=
cleanup() {
    if [[ -n $watcher ]]; then kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cp -r "$book" "$work/book"
rm -rf "$work/book/out"
pieces=()
while IFS= read -r piece; do pieces+=("$work/book/$piece"); done < <(
    python3 -c 'import sys, tomllib; print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["pieces"]))' "$work/book/book.toml")

"$bin" watch "$work/book" --out "$work/out" >"$log" 2>/dev/null &
watcher=$!

builds() { grep -c '^built in ' "$log" || true; }
# Waits for build number $1 and prints its time in ms.
wait_build() {
    for _ in $(seq 600); do
        if (($(builds) >= $1)); then
            grep '^built in ' "$log" | sed -n "${1}p" | sed 's/^built in \([0-9]*\) ms.*/\1/'
            return
        fi
        sleep 0.1
    done
    echo "no build $1 within a minute:" >&2; cat "$log" >&2; exit 1
}
median() { sort -n | sed -n "$(((runs + 1) / 2))p"; }

n=1
wait_build $n >/dev/null
# Edits every piece in "$@" RUNS times, each time waiting for the rebuild; sets `result` to
# the median (no subshell: the count of builds, n, must carry on).
edit_runs() {
    local times=() i
    for i in $(seq "$runs"); do
        for p in "$@"; do printf '\nEdited, run %s.\n' "$i" >>"$p"; done
        n=$((n + 1))
        times+=("$(wait_build $n)")
        if (($# == 1)) && ! grep '^built in ' "$log" | sed -n "${n}p" |
            grep -q "typeset $(basename "$1"), reused $((${#pieces[@]} - 1)) piece"; then
            echo "rebuild $n typeset more than the edited piece:" >&2; cat "$log" >&2; exit 1
        fi
    done
    result=$(printf '%s\n' "${times[@]}" | median)
}

echo "book: $book (${#pieces[@]} pieces), medians of $runs runs, EPUB and PDF written each time"
edit_runs "${pieces[@]}"
all=$result
printf '%-40s %6s ms\n' "every piece edited (full rebuild)" "$all"
for p in "${pieces[@]}"; do
    edit_runs "$p"
    one=$result
    printf '%-40s %6s ms   %5s of the full rebuild (%s bytes)\n' "$(basename "$p") edited" "$one" \
        "$(awk -v o="$one" -v a="$all" 'BEGIN { printf "%.2f", o / a }')" "$(wc -c <"$p")"
done

build_ms=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" build "$book" --out "$work/out-build" >/dev/null 2>&1
    build_ms+=($((($(date +%s%N) - start) / 1000000)))
done
printf '%-40s %6s ms\n' "pamphlet build (new process)" "$(printf '%s\n' "${build_ms[@]}" | median)"
