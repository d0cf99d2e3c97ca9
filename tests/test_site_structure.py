"""Repository-wide rules: every listing is shown in both languages and has its recorded output."""

import functools
from pathlib import Path

import pytest

from listingcheck.config import Config
from listingcheck.pagemodel import language_of, load_page

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Config.load(ROOT)
LISTINGS = sorted(CONFIG.snippets.rglob("*.py"))


@functools.cache  # one scan of the pages serves every parametrized listing
def included_by_language() -> dict[str, set[Path]]:
    shown: dict[str, set[Path]] = {"en": set(), "zh": set()}
    for page in CONFIG.docs.rglob("*.md"):
        for directive in load_page(page).listings:
            shown[language_of(page)].add((CONFIG.base / directive.script).resolve())
    return shown


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_listing_is_on_an_english_and_a_chinese_page(listing):
    shown = included_by_language()
    missing = [language for language, files in shown.items() if listing.resolve() not in files]
    assert not missing, f"{listing.relative_to(ROOT)} is not shown by any page in: {missing}"


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_listing_has_a_recorded_output(listing):
    assert listing.with_suffix(".out").exists(), f"run: make record LISTINGS={listing.relative_to(ROOT)}"


def test_there_are_listings():
    assert len(LISTINGS) >= 3
