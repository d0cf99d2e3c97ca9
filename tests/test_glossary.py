"""The glossary is one table per language, and the Chinese pages keep to its terms."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def table_rows(page: Path) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in page.read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line)]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the header


def forbidden_variants() -> dict[str, str]:
    """Each variant a Chinese page must not use, mapped to the glossary's term."""
    variants = {}
    for english, chinese, avoid, _ in table_rows(DOCS / "glossary.zh.md"):
        for variant in filter(None, re.split(r"[、,]", avoid)):
            variants[variant.strip()] = chinese
    return variants


def test_both_glossaries_list_the_same_terms():
    english = [(row[0], row[1], row[2]) for row in table_rows(DOCS / "glossary.md")]
    chinese = [(row[0], row[1], row[2]) for row in table_rows(DOCS / "glossary.zh.md")]
    assert english == chinese
    assert len(english) >= 20


def test_the_rule_finds_a_variant():
    assert forbidden_variants()["批量大小"] == "批大小"


@pytest.mark.parametrize("page", sorted(p for p in DOCS.rglob("*.zh.md") if p.name != "glossary.zh.md"),
                         ids=lambda p: p.name)
def test_chinese_page_uses_the_glossary_terms(page):
    text = page.read_text(encoding="utf-8")
    found = [
        f"{page.name}:{number}: '{variant}' -> use '{term}'"
        for number, line in enumerate(text.splitlines(), 1)
        for variant, term in forbidden_variants().items()
        if variant in line
    ]
    assert not found, "\n".join(found)
