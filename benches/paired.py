#!/usr/bin/env python3
"""Runs commands in turn (A B C A B C ...) and reports each one's medians, with the spread.

    paired.py OUT.json RUNS NAME=COMMAND [NAME=COMMAND ...]

Each run is timed from outside, as a whole process: wall seconds, user and system seconds, and
the peak resident memory of the process (the kernel's own accounting, from wait4). Running the
commands in turn, rather than all runs of one and then the next, keeps their ratios meaningful
when the machine's speed drifts. One warm-up round is not counted. Exit codes 0 and 1 both count
as a run (a dataset with findings exits 1); any other code stops with an error. PAIRED_WARMUP=0
skips the warm-up, for commands that take minutes.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"paired.py: `{command}` exited with {code}")
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}


def main():
    out, runs, pairs = sys.argv[1], int(sys.argv[2]), [arg.split("=", 1) for arg in sys.argv[3:]]
    if os.environ.get("PAIRED_WARMUP", "1") != "0":
        for _, command in pairs:
            run(command)
    samples = {name: [] for name, _ in pairs}
    for _ in range(runs):
        for name, command in pairs:
            samples[name].append(run(command))
    summary = {}
    for name, command in pairs:
        figures = {}
        for key in ("wall", "user", "sys", "peak_mib"):
            values = sorted(sample[key] for sample in samples[name])
            figures[key] = {"median": statistics.median(values), "min": values[0], "max": values[-1]}
        summary[name] = {"command": command, **figures}
        wall = figures["wall"]
        print(f"  {name:<24} wall {wall['median']:.3f} s ({wall['min']:.3f}–{wall['max']:.3f}), "
              f"cpu {figures['user']['median'] + figures['sys']['median']:.2f} s, peak {figures['peak_mib']['median']:.0f} MiB")
    with open(out, "w") as file:
        json.dump(summary, file, indent=1)


if __name__ == "__main__":
    main()
