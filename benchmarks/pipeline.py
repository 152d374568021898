"""Time the whole `plnetwork analyze` pipeline on synthetic districts of growing size.

Each size runs in a fresh subprocess so that peak memory (ru_maxrss) belongs to that size alone.
Prints seconds per step and the peak resident memory. Usage:

    .venv/bin/python benchmarks/pipeline.py [--sizes 1000 10000 50000] [--format edgelist]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _keep_relations(export: Path, relations: list[str]) -> None:
    """Keep only these relations' rows of an edge-list export (and the rows of respondents naming nobody)."""
    import pandas as pd

    ties = pd.read_csv(export, dtype=str, keep_default_na=False)
    ties[ties["relation"].isin(relations) | (ties["nominee_id"] == "")].to_csv(export, index=False)


def run_one(staff: int, fmt: str, relations: list[str] | None = None) -> dict:
    from plnetwork.dataset import load
    from plnetwork.demo import write_demo
    from plnetwork.outputs import write_analysis

    steps = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write_demo(tmp, staff=staff, schools=max(2, staff // 200), seed=1, waves=1, formats=(fmt,))
        steps["generate (not counted)"] = time.perf_counter() - start
        export = next(p for key, p in _flatten(paths) if fmt in key and "1" in key)
        roster = next(p for key, p in _flatten(paths) if "roster" in key)
        if relations:
            _keep_relations(Path(export), relations)
        t0 = time.perf_counter()
        data = load([export], roster=roster)
        t1 = time.perf_counter()
        analysis = data.analyze()
        t2 = time.perf_counter()
        write_analysis(data, analysis, Path(tmp) / "out")
        t3 = time.perf_counter()
        steps.update({"read+resolve+graph": t1 - t0, "measures": t2 - t1, "write outputs": t3 - t2,
                      "end to end": t3 - t0})
        sampled = analysis.summary.get("parameters", {}).get("betweenness", {}).get("sampled")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"staff": staff, "nominations": len(data.nominations), "steps": steps, "peak_mb": peak_mb,
            "betweenness_sampled": sampled}


def _flatten(paths, prefix=""):
    if isinstance(paths, dict):
        for key, value in paths.items():
            yield from _flatten(value, f"{prefix}{key}/")
    elif isinstance(paths, (list, tuple)):
        for index, value in enumerate(paths):
            yield from _flatten(value, f"{prefix}{index + 1}/")
    else:
        yield prefix + Path(paths).name, paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--format", default="edgelist")
    parser.add_argument("--relations", nargs="+", help="edge lists only: keep these relations (e.g. `advice`, "
                        "about five nominations each, as a one-question survey)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.format, args.relations)))
        return
    print(f"plnetwork analyze pipeline, {args.format} exports"
          f"{', relations ' + ' '.join(args.relations) if args.relations else ''}, python {sys.version.split()[0]}")
    for staff in args.sizes:
        extra = ["--relations", *args.relations] if args.relations else []
        out = subprocess.run([sys.executable, __file__, "--one", str(staff), "--format", args.format, *extra],
                             capture_output=True, text=True, check=False)
        if out.returncode:
            print(f"{staff:>7} staff: FAILED\n{out.stderr[-2000:]}")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        steps = "  ".join(f"{k} {v:.2f}s" for k, v in result["steps"].items())
        print(f"{staff:>7} staff, {result['nominations']:>7} nominations: {steps}  peak {result['peak_mb']:.0f} MB"
              f"  betweenness sampled: {result['betweenness_sampled']}")


if __name__ == "__main__":
    main()
