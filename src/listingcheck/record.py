"""`python -m listingcheck record [SCRIPT ...]`: re-run listings and rewrite their recorded output.

A recorded output is written only after a run that exited cleanly within its time limit,
wrote the files it declares, and kept the absolute bounds of its .toml (the claims a page
makes). Files a listing writes (its pictures) are copied to docs/assets/listings/<chapter>/.
Beside the output goes its provenance (date; Python, Keras and backend versions).

Each listing gets one line of report: ``unchanged``, ``changed`` (with the diff against the
output it replaces) or ``REFUSED`` (with the reason; nothing is written).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import platform
import shutil
import sys
from pathlib import Path

from .config import Config
from .expectations import ExpectationError, bound_problems, unified_diff
from .backends import BACKENDS, TABLE
from .listings import DEFAULT_BACKEND, Listing, Provenance, run_listing

def all_listings(config: Config) -> list[Listing]:
    return [Listing(path) for path in sorted(config.snippets.rglob("*.py"))]


def artifact_folder(listing: Listing, config: Config) -> Path:
    chapter = listing.script.resolve().parent.relative_to(config.snippets.resolve())
    return config.docs / "assets" / "listings" / chapter


def installed_version(distributions: tuple[str, ...]) -> str:
    for name in distributions:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "not installed"


def current_provenance(backend: str = DEFAULT_BACKEND) -> Provenance:
    return Provenance(
        date=datetime.date.today().isoformat(),
        python=platform.python_version(),
        keras=installed_version(("keras",)),
        backend=backend,
        backend_version=installed_version(TABLE[backend].distributions if backend in TABLE else (backend,)),
    )


def record(listing: Listing, config: Config, backend: str = DEFAULT_BACKEND) -> tuple[str, str]:
    """Record one listing on one backend; returns (verdict, details): unchanged, changed or REFUSED.

    The pictures a listing writes are taken from its TensorFlow run (the site shows one).
    """
    name = f"{listing.name(config)} [{backend}]"
    run, expectations, failure = run_listing(listing, config, backend=backend)
    if failure is not None or run is None:
        return "REFUSED", failure or f"{name} did not run"
    broken = bound_problems(run.stdout, expectations)
    if broken:
        return "REFUSED", f"{name} broke the bounds of its .toml:\n" + "\n".join(broken)
    recorded = listing.recorded_for(backend)
    before = recorded.read_text(encoding="utf-8") if recorded.exists() else ""
    recorded.write_text(run.stdout, encoding="utf-8")
    listing.write_provenance(current_provenance(backend))
    if expectations.artifacts and backend == expectations.backends[0]:
        target = artifact_folder(listing, config)
        target.mkdir(parents=True, exist_ok=True)
        for artifact in expectations.artifacts:
            shutil.copyfile(listing.work_dir(config, backend) / artifact, target / artifact)
    if before == run.stdout:
        return "unchanged", f"{run.seconds:.1f} s"
    return "changed", f"{run.seconds:.1f} s\n" + unified_diff(before, run.stdout, name)


def main(argv: list[str]) -> int:
    """``record [--backend NAME ...] [SCRIPT ...]``: every declared backend unless named."""
    parser = argparse.ArgumentParser(prog="python -m listingcheck record")
    parser.add_argument("--backend", action="append", choices=BACKENDS, default=[],
                        help="record on this backend only (repeatable); default: every declared backend")
    parser.add_argument("scripts", nargs="*", help="listings to record; default: all")
    arguments = parser.parse_args(argv)
    chosen = arguments.backend
    config = Config.load(Path.cwd())
    listings = [Listing(Path(arg).resolve()) for arg in arguments.scripts] or all_listings(config)
    refused = runs = 0
    for listing in listings:
        try:
            declared = listing.backends
        except ExpectationError as error:
            print(f"REFUSED   {listing.name(config)}: {error}", file=sys.stderr)
            refused += 1
            continue
        for backend in [b for b in declared if not chosen or b in chosen]:
            verdict, details = record(listing, config, backend)
            runs += 1
            refused += verdict == "REFUSED"
            where = sys.stderr if verdict == "REFUSED" else sys.stdout
            print(f"{verdict:9} {listing.name(config)} [{backend}]: {details}", file=where, flush=True)
    print(f"{len(listings)} listing(s), {runs} run(s), {refused} refused")
    return 1 if refused else 0
