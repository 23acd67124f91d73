#!/usr/bin/env bash
# bench/run.sh [SIZE_MB] [-text]: builds a large HAR (default 1024 MB, mostly
# base64 binary bodies; with -text, JSON bodies) and measures `authlint analyze` (one core: GOMAXPROCS=1 and pinned
# with taskset) against `jq '.log.entries|length'` on the same file: wall time,
# throughput and peak RSS (GNU time). Results go to stdout as a Markdown
# table; docs/benchmarks.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
kind=${2:-}
out=bench/out
mkdir -p "$out"
har="$out/big-${size_mb}mb${kind}.har"
if [ ! -f "$har" ]; then
	go run ./bench/genhar -size $((size_mb << 20)) $kind -o "$har"
fi
go build -o "$out/authlint" ./cmd/authlint
bytes=$(stat -c %s "$har")
cat "$har" > /dev/null # page cache, as in the reference measurements

measure() { # name, command...
	local name=$1; shift
	local tf; tf=$(mktemp)
	/usr/bin/time -f '%e %M' -o "$tf" "$@" > /dev/null || true
	read -r secs kb < "$tf"; rm -f "$tf"
	awk -v n="$name" -v s="$secs" -v kb="$kb" -v b="$bytes" 'BEGIN { printf "| %s | %.2f s | %.0f MB/s | %.1f MiB |\n", n, s, b/1e6/s, kb/1024 }'
}
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
echo "HAR: $har ($((bytes >> 20)) MiB)"
echo
echo "| command | wall time | throughput | peak RSS |"
echo "|---|---|---|---|"
measure "authlint analyze --format json" env GOMAXPROCS=1 $pin "$out/authlint" analyze --format json --fail-on none "$har"
if command -v jq >/dev/null; then
	measure "jq '.log.entries|length'" $pin jq '.log.entries|length' "$har"
else
	echo "| jq | not installed (apt-get install jq) | | |"
fi
