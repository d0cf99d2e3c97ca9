"""`python -m listingcheck robustness`: do the claims of trained listings hold beyond one seed?

Every listing whose .toml bounds a number (min/max: a claim a page makes) is re-run with
other seeds, on each backend it declares (or those given with ``--backend``):
``keras.utils.set_random_seed`` is made to use the given seed whatever the listing passes.
The figures, their min/median/max and any seed that broke a bound go to
results/robustness.json, per listing and backend, with a digest of each listing, so a test can
tell when the figures are stale; tables for the pages are generated from that file.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

from .backends import BACKENDS, display_name
from .config import Config
from .expectations import Expectations, bound_problems, rule_matches
from .figures import ROBUSTNESS_RESULTS
from .listings import Listing, run_listing
from .record import all_listings

SEEDS = (1, 2, 3, 4, 5)
RESULTS = Path(ROBUSTNESS_RESULTS)  # pages read it too: {{ min listing:value }}
SEED_PRELUDE = """
import keras
_set_seed = keras.utils.set_random_seed
keras.utils.set_random_seed = lambda _seed: _set_seed({seed})
"""


def bounded_listings(config: Config) -> list[Listing]:
    """Listings with at least one min/max bound: their claims rest on training."""
    return [
        listing for listing in all_listings(config)
        if any(check.min is not None or check.max is not None
               for rule in listing.expectations(config).rules for check in rule.checks)
    ]


def bounded_figures(output: str, expectations: Expectations) -> dict[str, tuple[float, str]]:
    """Each bounded number of an output, keyed by its line and name, with its bound in words."""
    figures = {}
    for number, rule, match in rule_matches(output, expectations):
        for check in rule.checks:
            if check.min is not None or check.max is not None:
                bound = " and ".join(
                    part for part in (f">= {check.min:g}" if check.min is not None else "",
                                      f"<= {check.max:g}" if check.max is not None else "") if part)
                figures[f"{check.name} (line {number})"] = (float(match[check.name]), bound)
    return figures


def measure(listing: Listing, config: Config, seeds: tuple[int, ...], backend: str) -> dict:
    values: dict[str, list[float]] = {}
    bounds: dict[str, str] = {}
    failures = []
    for seed in seeds:
        run, expectations, failure = run_listing(listing, config, SEED_PRELUDE.format(seed=seed), backend=backend)
        if failure is not None or run is None:
            failures.append(f"seed {seed}: {failure.splitlines()[0] if failure else 'no run'}")
            continue
        failures += [f"seed {seed}: {problem}" for problem in bound_problems(run.stdout, expectations)]
        for key, (value, bound) in bounded_figures(run.stdout, expectations).items():
            values.setdefault(key, []).append(value)
            bounds[key] = bound
        print(f"  seed {seed}: {run.seconds:.1f} s", file=sys.stderr)
    return {
        "digest": listing.digest,
        "figures": {
            key: {"bound": bounds[key], "values": found, "min": min(found),
                  "median": statistics.median(found), "max": max(found)}
            for key, found in values.items()
        },
        "failures": failures,
    }


FIGURE_KEY = re.compile(r"(?P<name>\S+) \(line (?P<line>\d+)\)")


def figure_in(key: str, language: str) -> str:
    """``accuracy (line 3)`` in the table's language; in Chinese the name as code, then ``（第 3 行）``."""
    match = FIGURE_KEY.fullmatch(key)
    if language == "en" or match is None:
        return key
    return f"`{match['name']}`（第 {match['line']} 行）"


def bound_in(bound: str, language: str) -> str:
    """``>= 60 and <= 96`` in the table's language: ``≥ 60 且 ≤ 96`` in Chinese."""
    if language == "en":
        return bound
    return bound.replace(">=", "≥").replace("<=", "≤").replace(" and ", " 且 ")


BROKEN_BOUND = re.compile(r"seed (?P<seed>\d+): line (?P<line>\d+): (?P<name>\S+) = (?P<value>\S+) "
                          r"is (?P<side>below its minimum|above its maximum) (?P<bound>\S+)")
FAILED_RUN = re.compile(r"seed (?P<seed>\d+): (?P<why>.*)")


def failure_in(failure: str, language: str) -> str:
    """One seed's failure in the table's language; in Chinese, a run's own message is shown as code."""
    if language == "en":
        return failure
    if match := BROKEN_BOUND.fullmatch(failure):
        side = "低于下限" if match["side"].startswith("below") else "高于上限"
        return (f"种子 {match['seed']}：第 {match['line']} 行的 `{match['name']}` 为 {match['value']}，"
                f"{side} {match['bound']}")
    if match := FAILED_RUN.fullmatch(failure):
        return f"种子 {match['seed']}：`{match['why'].replace('`', chr(39))}`"
    return f"`{failure}`"


def failures_in(failures: list[str], language: str) -> str:
    shown = [failure_in(failure, language).replace("|", "\\|") for failure in failures]
    if language == "en":
        return "; ".join(shown) or "none"
    return "；".join(shown) or "无"


def table(results: dict, language: str) -> str:
    header = {
        "en": "| listing | backend | figure | claim | min | median | max | seeds that broke the claim |",
        "zh": "| 代码清单 | 后端 | 数值 | 结论 | 最小 | 中位数 | 最大 | 未满足结论的种子 |",
    }[language]
    rows = [header, "|---|---|---|---|---|---|---|---|"]
    for name, per_backend in results["listings"].items():
        for backend, entry in per_backend.items():
            broken = failures_in(entry["failures"], language)
            for key, figure in entry["figures"].items():
                rows.append(f"| `{name}` | {display_name(backend)} | {figure_in(key, language)} | "
                            f"{bound_in(figure['bound'], language)} | {figure['min']:g} | "
                            f"{figure['median']:g} | {figure['max']:g} | {broken} |")
    return "\n".join(rows) + "\n"


def write_tables(results: dict, root: Path) -> None:
    for language in ("en", "zh"):
        (root / RESULTS.parent / f"robustness.{language}.md").write_text(table(results, language), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m listingcheck robustness")
    parser.add_argument("--backend", action="append", choices=BACKENDS,
                        help="run on this backend only (repeatable); default: each backend the listing declares")
    parser.add_argument("scripts", nargs="*", type=Path, help="listings to measure; default: every bounded listing")
    args = parser.parse_args(argv)
    config = Config.load(Path.cwd())
    listings = [Listing(path) for path in args.scripts] or bounded_listings(config)
    path = config.root / RESULTS
    results = json.loads(path.read_text()) if path.exists() else {"seeds": list(SEEDS), "listings": {}}
    for listing in listings:
        for backend in [b for b in listing.backends if args.backend is None or b in args.backend]:
            print(f"{listing.name(config)} [{backend}]", file=sys.stderr)
            entry = results["listings"].setdefault(listing.name(config), {})
            entry[backend] = measure(listing, config, SEEDS, backend)
            # page order: TensorFlow first
            results["listings"][listing.name(config)] = {b: entry[b] for b in BACKENDS if b in entry}
    results["listings"] = dict(sorted(results["listings"].items()))
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_tables(results, config.root)
    broken = {f"{name} [{backend}]": entry["failures"]
              for name, per_backend in results["listings"].items()
              for backend, entry in per_backend.items() if entry["failures"]}
    for name, failures in broken.items():
        print(f"CLAIM BROKEN on some seed: {name}: {failures}", file=sys.stderr)
    return 1 if broken else 0
