#!/usr/bin/env bash
# The performance benchmark of docs/performance.md: polpos and check-jsonschema side by side on
# synthetic datasets of 1k, 10k and 100k positions (examples/synth.rs), plus the shipped dataset
# and a dataset with thousands of errors. It reports medians; it asserts nothing.
#
#   benches/bench.sh                    # everything (about 20 minutes on 2 cores)
#   SIZES="1000 10000" benches/bench.sh # a quick run
#
# Needs: cargo; python3 with venv (check-jsonschema is installed into $BENCH_VENV from PyPI);
# GNU time at /usr/bin/time and hyperfine (Debian: apt-get install time hyperfine).
#
# Settings (environment): SIZES, RUNS (runs per timing, default 5), PEER_RUNS (runs of
# check-jsonschema at 100k, default 3), ERRORS (seeded errors of each kind in the error run,
# default 1000), DATASETS (other datasets to time the same way, space-separated, each DATA_DIR
# or DATA_DIR:ARCHIVE_DIR), BENCH_DIR (where datasets and results go, default /tmp/polpos-bench),
# BENCH_VENV (default target/bench-venv), CHECK_JSONSCHEMA_VERSION (default 0.39.0).
set -euo pipefail

CALLER_DIR=$PWD
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-3}
ERRORS=${ERRORS:-1000}
BENCH_DIR=${BENCH_DIR:-/tmp/polpos-bench}
BENCH_VENV=${BENCH_VENV:-target/bench-venv}
CHECK_JSONSCHEMA_VERSION=${CHECK_JSONSCHEMA_VERSION:-0.39.0}
RESULTS=$BENCH_DIR/results
SCHEMA=$PWD/schema/position.schema.json

missing=()
[[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1 || missing+=("GNU time at /usr/bin/time (apt-get install time)")
command -v hyperfine >/dev/null || missing+=("hyperfine (apt-get install hyperfine)")
command -v python3 >/dev/null || missing+=("python3 with venv (apt-get install python3-venv)")
if ((${#missing[@]})); then
    printf 'bench.sh needs: %s\n' "${missing[@]}" >&2
    exit 2
fi

cargo build --release --quiet --bin polpos --example synth
TARGET=${CARGO_TARGET_DIR:-target}
POLPOS=$(realpath "$TARGET/release/polpos")
SYNTH=$(realpath "$TARGET/release/examples/synth")
if [[ ! -x $BENCH_VENV/bin/check-jsonschema ]]; then
    python3 -m venv "$BENCH_VENV"
    "$BENCH_VENV/bin/pip" install --quiet "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
fi
PEER=$(realpath "$BENCH_VENV/bin/check-jsonschema")
mkdir -p "$RESULTS"

# A dataset of N positions (and E seeded errors of each kind), generated once and kept.
dataset() {
    local dir=$BENCH_DIR/synth-$1-e${2:-0}
    [[ -d $dir/data ]] || "$SYNTH" --positions "$1" --errors "${2:-0}" --out "$dir" >&2
    echo "$dir"
}

# hyperfine with its medians in $RESULTS/NAME.json. Exit code 1 (a dataset with errors) is fine.
timed() {
    local name=$1 runs=$2 warmup=$3
    shift 3
    hyperfine --style basic --warmup "$warmup" --runs "$runs" --ignore-failure --export-json "$RESULTS/$name.json" "$@"
}

# Peak resident memory (KiB): the median of three runs under GNU time.
peak_memory() {
    for _ in 1 2 3; do
        { /usr/bin/time -f %M "$@" 2>&1 >/dev/null || true; } | tail -1
    done | sort -n | sed -n 2p
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "polpos $("$POLPOS" --version | cut -d' ' -f2), check-jsonschema $("$PEER" --version | awk '{print $NF}'), $(hyperfine --version)"

# Times one dataset every way and files the medians under KEY; LABEL names its row.
measure() {
    local key=$1 label=$2 data=$3 archive=$4
    local verify=() positions
    [[ -n $archive ]] && verify=(--archive "$archive")
    positions=$(find "$data/positions" -name '*.yaml' | wc -l)
    # check-jsonschema takes minutes at 100k: fewer runs, and polpos warms the file cache for both.
    local peer_runs=$RUNS warmup=1
    if ((positions >= 100000)); then
        peer_runs=$PEER_RUNS warmup=0
        "$POLPOS" validate "$data" "${verify[@]}" >/dev/null || true
    fi
    echo "== $label: $positions position files, $(du -sh --apparent-size "$data" | cut -f1) of YAML${archive:+, archive $archive}"
    printf '%s\t%s\n' "$key" "$label" >>"$RESULTS/rows.tsv"
    # The peer validates every position file against the same schema, schema only. The file
    # list is too long for one command line at 100k, so xargs splits it into a few batches:
    # the whole pipeline is timed, as a user would run it.
    timed "side-by-side-$key" "$peer_runs" "$warmup" \
        -n polpos "$POLPOS validate $data ${verify[*]}" \
        -n check-jsonschema "find $data/positions -name '*.yaml' -print0 | xargs -0 $PEER --schemafile $SCHEMA"
    timed "threads-$key" "$RUNS" 1 \
        -n "1 thread" "$POLPOS validate -j 1 $data ${verify[*]}" \
        -n "2 threads" "$POLPOS validate -j 2 $data ${verify[*]}"
    timed "export-$key" "$RUNS" 1 \
        -n "export positions" "$POLPOS export csv --table positions $data -o $BENCH_DIR/positions.csv" \
        -n "export citations" "$POLPOS export csv --table citations $data -o $BENCH_DIR/citations.csv"
    peak_memory "$POLPOS" validate "$data" "${verify[@]}" >"$RESULTS/memory-$key.txt"
}

rm -f "$RESULTS/rows.tsv"
for n in $SIZES; do
    dir=$(dataset "$n")
    measure "$n" "$n positions" "$dir/data" "$dir/archive"
done
# Datasets from elsewhere, each DATA_DIR[:ARCHIVE_DIR], timed the same way.
i=0
for dataset in ${DATASETS:-}; do
    i=$((i + 1))
    data=$(cd "$CALLER_DIR" && realpath "${dataset%%:*}") archive=""
    [[ $dataset == *:* ]] && archive=$(cd "$CALLER_DIR" && realpath "${dataset#*:}")
    measure "dataset-$i" "$dataset" "$data" "$archive"
done

shipped=(-n "shipped data/" "$POLPOS validate data")
[[ -d ../shared/sources ]] && shipped+=(-n "shipped data/ --archive" "$POLPOS validate data --archive ../shared/sources")
timed shipped 20 3 "${shipped[@]}"

n=${SIZES##* }
dir=$(dataset "$n" "$ERRORS")
data=$dir/data archive=$dir/archive
timed "errors-$n" "$RUNS" 1 \
    -n "human" "$POLPOS validate $data --archive $archive --color never" \
    -n "json" "$POLPOS validate $data --archive $archive --format json" \
    -n "sarif" "$POLPOS validate $data --archive $archive --format sarif"
for threads in 1 2; do
    "$POLPOS" validate -j "$threads" "$data" --archive "$archive" --color never >"$BENCH_DIR/errors-j$threads.txt" || true
done
"$POLPOS" validate "$data" --archive "$archive" --color never >"$BENCH_DIR/errors-again.txt" || true
if cmp -s "$BENCH_DIR/errors-j1.txt" "$BENCH_DIR/errors-j2.txt" && cmp -s "$BENCH_DIR/errors-j2.txt" "$BENCH_DIR/errors-again.txt"; then
    echo "errors at $n: $(tail -1 "$BENCH_DIR/errors-j1.txt"); the report is byte-identical with -j 1, -j 2 and on a rerun" >"$RESULTS/determinism.txt"
else
    echo "errors at $n: the reports DIFFER between -j 1, -j 2 or a rerun (see $BENCH_DIR/errors-*.txt)" >"$RESULTS/determinism.txt"
fi

python3 - "$RESULTS" "$SIZES" <<'EOF'
import json, sys, pathlib
results, sizes = pathlib.Path(sys.argv[1]), [int(n) for n in sys.argv[2].split()]
def medians(name):
    return {r["command"]: r["median"] for r in json.loads((results / f"{name}.json").read_text())["results"]}
print("\n| dataset | polpos validate | check-jsonschema | ratio | -j 1 | -j 2 | 2 threads vs 1 | peak RSS | export positions | export citations |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
full = {}
for row in (results / "rows.tsv").read_text().splitlines():
    key, label = row.split("\t")
    side, threads, export = medians(f"side-by-side-{key}"), medians(f"threads-{key}"), medians(f"export-{key}")
    memory = int((results / f"memory-{key}.txt").read_text()) / 1024
    full[key] = side["polpos"]
    print(f"| {label} | {side['polpos']:.3f} s | {side['check-jsonschema']:.2f} s | {side['check-jsonschema'] / side['polpos']:.0f}× "
          f"| {threads['1 thread']:.3f} s | {threads['2 threads']:.3f} s | {threads['1 thread'] / threads['2 threads']:.2f}× | {memory:.0f} MiB "
          f"| {export['export positions']:.3f} s | {export['export citations']:.3f} s |")
for small, large in zip(sizes, sizes[1:]):
    print(f"\ngrowth {small:,} → {large:,} positions ({large // small}× the data): {full[str(large)] / full[str(small)]:.1f}× the time")
for name, times in [("shipped dataset", medians("shipped")), (f"{sizes[-1]:,} positions with seeded errors", medians(f"errors-{sizes[-1]}"))]:
    print(f"\n{name}: " + ", ".join(f"{command} {median * 1000:.0f} ms" for command, median in times.items()))
print("\n" + (results / "determinism.txt").read_text().strip())
EOF
