"""Published robustness figures are never stale: each was made from the listing as it is now."""

import json
from pathlib import Path

import pytest

from listingcheck.config import Config
from listingcheck.listings import Listing
from listingcheck.robustness import RESULTS, bounded_listings, table

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config.load(ROOT)
RESULTS_FILE = ROOT / RESULTS


def results() -> dict:
    return json.loads(RESULTS_FILE.read_text(encoding="utf-8"))


RUNS = [(listing, backend) for listing in bounded_listings(CONFIG) for backend in listing.backends]


@pytest.mark.parametrize("listing, backend", RUNS, ids=[f"{l.name(CONFIG)}-{b}" for l, b in RUNS])
def test_robustness_figures_match_the_listing_on_each_backend(listing: Listing, backend: str):
    entry = results()["listings"].get(listing.name(CONFIG), {}).get(backend)
    assert entry is not None, (
        f"no robustness figures for {listing.name(CONFIG)} on {backend}: run make robustness "
        f"LISTINGS={listing.name(CONFIG)}"
    )
    assert entry["digest"] == listing.digest, (
        f"{listing.name(CONFIG)} changed after its robustness figures on {backend} were made: run "
        f"make robustness LISTINGS={listing.name(CONFIG)}"
    )
    assert len(next(iter(entry["figures"].values()))["values"]) == len(results()["seeds"])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_published_tables_are_generated_from_the_results(language):
    published = (RESULTS_FILE.parent / f"robustness.{language}.md").read_text(encoding="utf-8")
    assert published == table(results(), language)


def test_no_listing_has_figures_without_a_listing_or_on_a_backend_it_does_not_declare():
    declared = {listing.name(CONFIG): set(listing.backends) for listing in bounded_listings(CONFIG)}
    assert set(results()["listings"]) <= set(declared)
    for name, per_backend in results()["listings"].items():
        assert set(per_backend) <= declared[name], name
