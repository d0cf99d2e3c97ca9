"""`python -m listingcheck record [SCRIPT ...]`: re-run listings and rewrite their recorded output.

A recorded output is written only after a run that exited cleanly within its time limit,
wrote the files it declares, and kept the absolute bounds of its .toml (the claims a page
makes). Files a listing writes (its pictures) are copied to docs/assets/listings/<chapter>/.
Beside the output goes its provenance (date; Python, Keras and backend versions).

Each listing gets one line of report: ``unchanged``, ``changed`` (with the diff against the
output it replaces) or ``REFUSED`` (with the reason; nothing is written).
"""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
import shutil
import sys
from pathlib import Path

from .config import Config
from .expectations import bound_problems, unified_diff
from .listings import DEFAULT_BACKEND, Listing, Provenance, run_listing

# The distributions that provide each Keras backend, in the order they are looked for.
BACKEND_DISTRIBUTIONS = {"tensorflow": ("tensorflow", "tensorflow-cpu"), "jax": ("jax",), "torch": ("torch",)}


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


def current_provenance() -> Provenance:
    backend = os.environ.get("KERAS_BACKEND", DEFAULT_BACKEND)
    return Provenance(
        date=datetime.date.today().isoformat(),
        python=platform.python_version(),
        keras=installed_version(("keras",)),
        backend=backend,
        backend_version=installed_version(BACKEND_DISTRIBUTIONS.get(backend, (backend,))),
    )


def record(listing: Listing, config: Config) -> tuple[str, str]:
    """Record one listing; returns (verdict, details): unchanged, changed or REFUSED."""
    name = listing.name(config)
    run, expectations, failure = run_listing(listing, config)
    if failure is not None or run is None:
        return "REFUSED", failure or f"{name} did not run"
    broken = bound_problems(run.stdout, expectations)
    if broken:
        return "REFUSED", f"{name} broke the bounds of its .toml:\n" + "\n".join(broken)
    before = listing.recorded.read_text(encoding="utf-8") if listing.recorded.exists() else ""
    listing.recorded.write_text(run.stdout, encoding="utf-8")
    listing.write_provenance(current_provenance())
    if expectations.artifacts:
        target = artifact_folder(listing, config)
        target.mkdir(parents=True, exist_ok=True)
        for artifact in expectations.artifacts:
            shutil.copyfile(listing.work_dir(config) / artifact, target / artifact)
    if before == run.stdout:
        return "unchanged", f"{run.seconds:.1f} s"
    return "changed", f"{run.seconds:.1f} s\n" + unified_diff(before, run.stdout, name)


def main(argv: list[str]) -> int:
    config = Config.load(Path.cwd())
    listings = [Listing(Path(arg).resolve()) for arg in argv] or all_listings(config)
    refused = 0
    for listing in listings:
        verdict, details = record(listing, config)
        refused += verdict == "REFUSED"
        print(f"{verdict:9} {listing.name(config)}: {details}", file=sys.stderr if verdict == "REFUSED" else sys.stdout)
    counts = f"{len(listings)} listing(s), {refused} refused"
    print(counts)
    return 1 if refused else 0
