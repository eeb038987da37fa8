#!/usr/bin/env bash
# Times whole builds of every book with the release binary: EPUB only, PDF only, both.
# Figures are medians of RUNS runs (default 7); the ratio column compares each build with the
# EPUB-only build of the same book in the same run, as the machine's speed varies.
#   bash benches/build-books.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-7}
cargo build --release --quiet
bin=target/release/pamphlet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median_ms() { # command...
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

printf '%-28s %8s %8s %8s %10s %10s\n' book epub_ms pdf_ms all_ms pdf/epub all/epub
for dir in books/*/; do
    name=$(basename "$dir")
    epub=$(median_ms "$bin" build "$dir" --format epub --out "$out")
    pdf=$(median_ms "$bin" build "$dir" --format pdf --out "$out")
    all=$(median_ms "$bin" build "$dir" --format all --out "$out")
    pages=$(python3 -c "import sys,re;d=open(sys.argv[1],'rb').read();print(len(re.findall(rb'/Type /Page\b',d)))" "$out/$name.pdf")
    awk -v n="$name" -v e="$epub" -v p="$pdf" -v a="$all" -v pg="$pages" \
        'BEGIN { printf "%-28s %8d %8d %8d %10.2f %10.2f   (%s pages)\n", n, e, p, a, p / (e + 0.001), a / (e + 0.001), pg }'
done
