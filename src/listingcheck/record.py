"""`python -m listingcheck record [SCRIPT ...]`: re-run listings and rewrite their recorded output.

A recorded output is written only after a run that exited cleanly within its time limit,
wrote the files it declares, and kept the absolute bounds of its .toml (the claims a page
makes). Files a listing writes (its pictures) are copied to docs/assets/listings/<chapter>/.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .config import Config
from .expectations import bound_problems
from .listings import Listing, run_listing


def all_listings(config: Config) -> list[Listing]:
    return [Listing(path) for path in sorted(config.snippets.rglob("*.py"))]


def artifact_folder(listing: Listing, config: Config) -> Path:
    chapter = listing.script.resolve().parent.relative_to(config.snippets.resolve())
    return config.docs / "assets" / "listings" / chapter


def record(listing: Listing, config: Config) -> str | None:
    """Record one listing; returns why it was not recorded, or None when it was."""
    run, expectations, failure = run_listing(listing, config)
    if failure is not None or run is None:
        return failure
    broken = bound_problems(run.stdout, expectations)
    if broken:
        return f"{listing.name(config)} broke the bounds of its .toml:\n" + "\n".join(broken)
    listing.recorded.write_text(run.stdout, encoding="utf-8")
    if expectations.artifacts:
        target = artifact_folder(listing, config)
        target.mkdir(parents=True, exist_ok=True)
        for name in expectations.artifacts:
            shutil.copyfile(listing.work_dir(config) / name, target / name)
    print(f"recorded {listing.name(config)} ({run.seconds:.1f} s)")
    return None


def main(argv: list[str]) -> int:
    config = Config.load(Path.cwd())
    listings = [Listing(Path(arg)) for arg in argv] or all_listings(config)
    failures = [message for listing in listings if (message := record(listing, config))]
    for message in failures:
        print(f"NOT RECORDED: {message}", file=sys.stderr)
    return 1 if failures else 0
