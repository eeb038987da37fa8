#!/usr/bin/env bash
# Times `pamphlet watch` on a copy of a book: the rebuild after one piece is edited (that
# piece typeset, the others taken from the cache), for each piece, against the full rebuild
# after every piece is edited (all typeset), all timed by the watcher itself in one process,
# EPUB and PDF written each time. Each edit appends a sentence (a comment would not change
# the piece). Prints medians of RUNS pairs (default 7) and of their ratios; `pamphlet
# build`'s wall time (process start and font loading included) is given for reference.
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
# Edits the pieces given, waits for the rebuild and sets `ms` to its time; with one piece,
# checks that only it was typeset. (No subshell: the count of builds, n, must carry on.)
edit() {
    local piece
    for piece in "$@"; do printf '\nEdited, run %s.\n' "$n" >>"$piece"; done
    n=$((n + 1))
    ms=$(wait_build $n)
    if (($# == 1)) && ! grep '^built in ' "$log" | sed -n "${n}p" |
        grep -q "typeset $(basename "$1"), reused $((${#pieces[@]} - 1)) piece"; then
        echo "rebuild $n typeset more than the edited piece:" >&2; cat "$log" >&2; exit 1
    fi
}

echo "book: $book (${#pieces[@]} pieces), medians of $runs runs, EPUB and PDF written each time"
echo "(each one-piece rebuild follows a full one, and their ratio is taken per pair: the"
echo " machine's load changes both alike)"
printf '%-32s %9s %9s %7s\n' "piece edited" "piece ms" "full ms" ratio
for p in "${pieces[@]}"; do
    one_ms=() all_ms=() ratios=()
    for _ in $(seq "$runs"); do
        edit "${pieces[@]}"
        all_ms+=("$ms")
        edit "$p"
        one_ms+=("$ms")
        ratios+=("$(awk -v o="$ms" -v a="${all_ms[-1]}" 'BEGIN { printf "%.3f", o / a }')")
    done
    printf '%-32s %9s %9s %7s\n' "$(basename "$p")" \
        "$(printf '%s\n' "${one_ms[@]}" | median)" \
        "$(printf '%s\n' "${all_ms[@]}" | median)" \
        "$(printf '%s\n' "${ratios[@]}" | median)"
done

build_ms=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" build "$book" --out "$work/out-build" >/dev/null 2>&1
    build_ms+=($((($(date +%s%N) - start) / 1000000)))
done
printf '%-32s %9s\n' "pamphlet build (new process)" "$(printf '%s\n' "${build_ms[@]}" | median)"
