"""`python -m bench.build_time`: how long `mkdocs build --strict` takes, cold and warm.

Cold: mkdocs-jupyter's cache (build/mkdocs-jupyter/) emptied first, as on a fresh clone; warm:
the same build again. Issue 18 set the goal: under 15 s with the notebook pages. Writes
results/build-time.json; run by `make bench` (a speed target lives here, not in a timed test).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 15.0


def timed_build(site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        shutil.rmtree(ROOT / "build" / "mkdocs-jupyter", ignore_errors=True)
        cold = timed_build(Path(folder) / "site")
        warm = timed_build(Path(folder) / "site")
    results = {"cold_s": round(cold, 1), "warm_s": round(warm, 1), "goal_s": GOAL_S}
    (ROOT / "results" / "build-time.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for name, seconds in (("cold", cold), ("warm", warm)):
        verdict = "within" if seconds < GOAL_S else "ABOVE"
        print(f"mkdocs build --strict, {name}: {seconds:.1f} s ({verdict} the {GOAL_S:g} s goal)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
