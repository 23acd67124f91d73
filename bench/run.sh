#!/usr/bin/env bash
# bench/run.sh [SHAPE...]: measures `authlint analyze --format json` against
# jq listing the URLs of the same file (`jq -r '.log.entries[].request.url'`)
# on the HAR shapes of issue 10, with GNU time (wall time, peak RSS), and
# prints a ready-to-paste Markdown table (docs/benchmarks.md records one).
#
# Shapes (default: all): text (500 MB of JSON bodies), mixed (500 MB: 40%
# small JSON calls rolling the session cookie, 60% base64 images), binary
# (500 MB of base64 bodies), small-50k and small-500k (entries of ~1.7 KB,
# every response re-issuing the session cookie). The HARs are generated once
# by bench/genhar and cached under bench/out/ (gitignored). authlint runs
# with the machine's cores (it decodes on one and runs the rules on the
# other); set GOMAXPROCS=1 to measure one core. Needs GNU time
# (/usr/bin/time) and jq (apt-get install -y jq).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(text mixed binary small-50k small-500k)

har_of() { # shape -> path, generated when missing
	local s=$1 f="$out/$1.har"
	if [ ! -f "$f" ] || [ ! -f "$f.entries" ]; then
		case $s in
		text | mixed | binary) go run ./bench/genhar -shape "$s" -size $((500 << 20)) -o "$f" >&2 ;;
		small-*k) n=${s#small-}; go run ./bench/genhar -shape small -entries $((${n%k} * 1000)) -o "$f" >&2 ;;
		*) echo "unknown shape $s" >&2; exit 2 ;;
		esac
	fi
	echo "$f"
}
go build -o "$out/authlint" ./cmd/authlint

# measure NAME HAR COMMAND...: one table row. Throughput and entries/s are
# per second of wall time.
measure() {
	local name=$1 har=$2; shift 2
	local tf bytes entries secs user sys kb
	tf=$(mktemp)
	bytes=$(stat -c %s "$har")
	entries=$(cat "$har.entries")
	cat "$har" > /dev/null # page cache
	/usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" > /dev/null || true
	read -r secs user sys kb < <(tail -n1 "$tf") # the last line: a failing command adds one before it
	rm -f "$tf"
	awk -v n="$name" -v f="$(basename "$har" .har)" -v s="$secs" -v u="$user" -v y="$sys" -v kb="$kb" -v b="$bytes" -v e="$entries" 'BEGIN {
		if (s <= 0) s = 0.005
		printf "| %s | %s | %.0f MB | %d | %.2f s | %.2f s | %.0f MB/s | %.0f | %.1f MiB |\n", f, n, b/1e6, e, s, u + y, b/1e6/s, e/s, kb/1024 }'
}

echo "| HAR | command | size | entries | wall time | CPU (user+sys) | throughput | entries/s | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
for s in "${shapes[@]}"; do
	har=$(har_of "$s")
	measure "authlint analyze" "$har" "$out/authlint" analyze --format json --fail-on none "$har"
	if command -v jq > /dev/null; then
		measure "jq URLs" "$har" jq -r '.log.entries[].request.url' "$har"
	else
		echo "| $(basename "$har" .har) | jq | not installed (apt-get install -y jq) | | | | | | |"
	fi
done
echo
echo "$(nproc) cores, $(go version | cut -d' ' -f3), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
