"""Each partition's MkDocs process on a finished stage, `--jobs` at a time, as `vanban build` runs them
(`partition.run_partitions`), with each process's own peak memory (VmHWM, which it records with its partial site):
the per-partition figures of a stage that `bench.run` built, measured again without building it again.

    python -m bench.partitions STAGE --out DIR [--jobs 2]     # prints and writes DIR.json
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

from generator import partition

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="folder of the partial sites (emptied first)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    count = partition.stage_count(args.stage)  # the count and cuts the build used (kept in the stage)
    shutil.rmtree(args.out, ignore_errors=True)
    started = time.perf_counter()
    _, runs = partition.run_partitions(ROOT / "mkdocs.yml", args.stage, count, args.out, args.jobs)
    seconds = [r.seconds for r in runs]
    peaks = [r.maxrss_mb for r in runs]
    result = {
        "stage": str(args.stage), "partitions": count, "wall_s": round(time.perf_counter() - started, 1),
        "seconds": {"mean": round(statistics.mean(seconds), 2), "median": statistics.median(seconds), "max": max(seconds), "min": min(seconds)},
        "peak_mb": {"mean": round(statistics.mean(peaks)), "median": statistics.median(peaks), "max": max(peaks), "min": min(peaks)},
        "runs": [{"partition": r.partition, "seconds": r.seconds, "peak_mb": r.maxrss_mb} for r in runs],
    }
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, ensure_ascii=False))
    args.out.with_name(args.out.name + ".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
