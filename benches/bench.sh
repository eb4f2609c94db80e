#!/usr/bin/env bash
# The performance benchmark of docs/performance.md: polpos against the floors (reading the files,
# and parsing them with saphyr-parser or libyaml-safer and keeping nothing: examples/floor.rs)
# and against check-jsonschema, on synthetic datasets of 1k, 10k and 100k positions
# (examples/synth.rs), plus the shipped dataset and a dataset with thousands of errors. Every
# ratio comes from one run, the commands taking turns (benches/paired.py). It reports medians;
# it asserts nothing.
#
#   benches/bench.sh                    # everything (about 20 minutes on 2 cores)
#   SIZES="1000 10000" benches/bench.sh # a quick run
#
# Needs: cargo; python3 with venv (check-jsonschema is installed into $BENCH_VENV from PyPI);
# hyperfine (Debian: apt-get install hyperfine).
#
# Settings (environment): SIZES, RUNS (runs per timing, default 5), PEER_RUNS (runs of
# check-jsonschema at 100k, default 3), ERRORS (seeded errors of each kind in the error run,
# default a hundredth of the largest size: 1000 at 100k), DATASETS (other datasets to time the
# same way, space-separated, each DATA_DIR or DATA_DIR:ARCHIVE_DIR), BENCH_DIR (where datasets
# and results go, default /tmp/polpos-bench), BENCH_VENV (default target/bench-venv),
# CHECK_JSONSCHEMA_VERSION (default 0.39.0).
set -euo pipefail

CALLER_DIR=$PWD
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-3}
# One position in a hundred can take each kind of error: 1,000 of each at 100k.
ERRORS=${ERRORS:-$((${SIZES##* } / 100))}
BENCH_DIR=${BENCH_DIR:-/tmp/polpos-bench}
BENCH_VENV=${BENCH_VENV:-target/bench-venv}
CHECK_JSONSCHEMA_VERSION=${CHECK_JSONSCHEMA_VERSION:-0.39.0}
RESULTS=$BENCH_DIR/results
SCHEMA=$PWD/schema/position.schema.json

missing=()
command -v hyperfine >/dev/null || missing+=("hyperfine (apt-get install hyperfine)")
command -v python3 >/dev/null || missing+=("python3 with venv (apt-get install python3-venv)")
if ((${#missing[@]})); then
    printf 'bench.sh needs: %s\n' "${missing[@]}" >&2
    exit 2
fi

cargo build --release --quiet --bin polpos --example synth --example floor
TARGET=${CARGO_TARGET_DIR:-target}
POLPOS=$(realpath "$TARGET/release/polpos")
SYNTH=$(realpath "$TARGET/release/examples/synth")
FLOOR=$(realpath "$TARGET/release/examples/floor")
PAIRED=$(realpath benches/paired.py)
if [[ ! -x $BENCH_VENV/bin/check-jsonschema ]]; then
    python3 -m venv "$BENCH_VENV"
    "$BENCH_VENV/bin/pip" install --quiet "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
fi
PEER=$(realpath "$BENCH_VENV/bin/check-jsonschema")
mkdir -p "$RESULTS"

# A dataset of N positions (and E seeded errors of each kind), generated once and kept.
dataset() {
    local dir=$BENCH_DIR/synth-$1-e${2:-0}
    # A command substitution ignores set -e: a failed generation must say so itself.
    [[ -d $dir/data ]] || "$SYNTH" --positions "$1" --errors "${2:-0}" --out "$dir" >&2 || return
    echo "$dir"
}

# hyperfine with its medians in $RESULTS/NAME.json. Exit code 1 (a dataset with errors) is fine.
timed() {
    local name=$1 runs=$2 warmup=$3
    shift 3
    hyperfine --style basic --warmup "$warmup" --runs "$runs" --ignore-failure --export-json "$RESULTS/$name.json" "$@"
}

# Commands taking turns, their medians in $RESULTS/NAME.json: paired NAME RUNS LABEL=COMMAND...
paired() {
    local name=$1 runs=$2
    shift 2
    echo "-- $name (in turn, $runs runs each)"
    python3 "$PAIRED" "$RESULTS/$name.json" "$runs" "$@"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "polpos $("$POLPOS" --version | cut -d' ' -f2), check-jsonschema $("$PEER" --version | awk '{print $NF}'), $(hyperfine --version)"

# Times one dataset every way and files the medians under KEY; LABEL names its row.
measure() {
    local key=$1 label=$2 data=$3 archive=$4
    # --isolated: a polpos.toml where the benchmark runs must not change what is measured.
    local verify=(--isolated) positions
    [[ -n $archive ]] && verify+=(--archive "$archive")
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
    # In turn, like the floors: the two sides' speeds drift apart between separate runs.
    PAIRED_WARMUP=$warmup paired "side-by-side-$key" "$peer_runs" \
        "polpos=$POLPOS validate $data ${verify[*]}" \
        "check-jsonschema=sh -c 'find $data/positions -name \"*.yaml\" -print0 | xargs -0 $PEER --schemafile $SCHEMA'"
    # The floors and polpos on the same files and threads; then one thread against two, in
    # turn, so the machine's drift between the two runs does not enter the ratio.
    paired "floors-$key" "$RUNS" \
        "read=$FLOOR read $data -j 2" \
        "saphyr-parser=$FLOOR saphyr $data -j 2" \
        "libyaml-safer=$FLOOR libyaml $data -j 2" \
        "polpos=$POLPOS validate -j 2 $data ${verify[*]}"
    paired "threads-$key" "$RUNS" \
        "libyaml-safer -j 1=$FLOOR libyaml $data -j 1" \
        "polpos -j 1=$POLPOS validate -j 1 $data ${verify[*]}" \
        "polpos -j 2=$POLPOS validate -j 2 $data ${verify[*]}"
    timed "export-$key" "$RUNS" 1 \
        -n "export positions" "$POLPOS export csv --isolated --table positions $data -o $BENCH_DIR/positions.csv" \
        -n "export citations" "$POLPOS export csv --isolated --table citations $data -o $BENCH_DIR/citations.csv"
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

shipped=(-n "shipped data/" "$POLPOS validate --isolated data")
[[ -d ../shared/sources ]] && shipped+=(-n "shipped data/ --archive" "$POLPOS validate --isolated data --archive ../shared/sources")
timed shipped 20 3 "${shipped[@]}"

n=${SIZES##* }
clean=$(dataset "$n")
dir=$(dataset "$n" "$ERRORS")
data=$dir/data archive=$dir/archive
# The seeded errors against the same number of positions without them, in turn.
paired "errors-$n" "$RUNS" \
    "clean=$POLPOS validate --isolated $clean/data --archive $clean/archive --color never" \
    "human=$POLPOS validate --isolated $data --archive $archive --color never" \
    "json=$POLPOS validate --isolated $data --archive $archive --format json" \
    "sarif=$POLPOS validate --isolated $data --archive $archive --format sarif"
for threads in 1 2; do
    "$POLPOS" validate --isolated -j "$threads" "$data" --archive "$archive" --color never >"$BENCH_DIR/errors-j$threads.txt" || true
done
"$POLPOS" validate --isolated "$data" --archive "$archive" --color never >"$BENCH_DIR/errors-again.txt" || true
if cmp -s "$BENCH_DIR/errors-j1.txt" "$BENCH_DIR/errors-j2.txt" && cmp -s "$BENCH_DIR/errors-j2.txt" "$BENCH_DIR/errors-again.txt"; then
    echo "errors at $n: $(tail -1 "$BENCH_DIR/errors-j1.txt"); the report is byte-identical with -j 1, -j 2 and on a rerun" >"$RESULTS/determinism.txt"
else
    echo "errors at $n: the reports DIFFER between -j 1, -j 2 or a rerun (see $BENCH_DIR/errors-*.txt)" >"$RESULTS/determinism.txt"
fi

python3 - "$RESULTS" "$SIZES" <<'EOF'
import json, sys, pathlib
results, sizes = pathlib.Path(sys.argv[1]), [int(n) for n in sys.argv[2].split()]
def load(name):
    return json.loads((results / f"{name}.json").read_text())
def medians(name):
    return {r["command"]: r["median"] for r in load(name)["results"]}
def wall(figures):
    return figures["wall"]["median"]
print("\n| dataset | read | saphyr-parser | libyaml-safer | polpos (spread) | ÷ libyaml-safer | ÷ saphyr-parser | peak | polpos -j 1 | 2 threads vs 1 | check-jsonschema | polpos faster |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
full, peak = {}, {}
for row in (results / "rows.tsv").read_text().splitlines():
    key, label = row.split("\t")
    floors, threads, side = load(f"floors-{key}"), load(f"threads-{key}"), load(f"side-by-side-{key}")
    polpos = floors["polpos"]
    full[key], peak[key] = wall(polpos), polpos["peak_mib"]["median"]
    spread = f"{polpos['wall']['min']:.2f}–{polpos['wall']['max']:.2f}"
    print(f"| {label} | {wall(floors['read']):.3f} s | {wall(floors['saphyr-parser']):.3f} s | {wall(floors['libyaml-safer']):.3f} s "
          f"| {wall(polpos):.3f} s ({spread}) | {wall(polpos) / wall(floors['libyaml-safer']):.2f}× | {wall(polpos) / wall(floors['saphyr-parser']):.2f}× "
          f"| {peak[key]:.0f} MiB | {wall(threads['polpos -j 1']):.3f} s | {wall(threads['polpos -j 1']) / wall(threads['polpos -j 2']):.2f}× "
          f"| {wall(side['check-jsonschema']):.2f} s | {wall(side['check-jsonschema']) / wall(side['polpos']):.0f}× |")
for small, large in zip(sizes, sizes[1:]):
    print(f"\ngrowth {small:,} → {large:,} positions ({large // small}× the data): {full[str(large)] / full[str(small)]:.1f}× the time, "
          f"{peak[str(large)] / peak[str(small)]:.1f}× the peak memory")
print("\nexport csv: " + "; ".join(f"{n:,}: " + ", ".join(f"{c} {t:.3f} s" for c, t in medians(f"export-{n}").items()) for n in sizes))
print("\nshipped dataset: " + ", ".join(f"{command} {median * 1000:.0f} ms" for command, median in medians("shipped").items()))
errors = load(f"errors-{sizes[-1]}")
print(f"\n{sizes[-1]:,} positions with seeded errors: " + ", ".join(
    f"{name} {wall(figures):.3f} s ({wall(figures) / wall(errors['clean']):.2f}× clean)" for name, figures in errors.items() if name != "clean")
    + f"; clean {wall(errors['clean']):.3f} s")
print("\n" + (results / "determinism.txt").read_text().strip())
EOF
