"""The glossary is one table per language, and the Chinese pages keep to its terms."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def table_rows(page: Path) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in page.read_text(encoding="utf-8").splitlines()
            if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line)]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the header


def glossary_terms() -> list[str]:
    """The Chinese terms of the glossary (its 中文 column)."""
    return [chinese for _, chinese, _, _ in table_rows(DOCS / "glossary.zh.md")]


def forbidden_variants() -> dict[str, str]:
    """Each variant a Chinese page must not use, mapped to the glossary's term."""
    variants = {}
    for english, chinese, avoid, _ in table_rows(DOCS / "glossary.zh.md"):
        for variant in filter(None, re.split(r"[、,]", avoid)):
            variants[variant.strip()] = chinese
    return variants


def spans(word: str, line: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(re.escape(word), line)]


def variants_in(line: str, variants: dict[str, str], terms: list[str]) -> list[tuple[str, str]]:
    """(variant, term) for each variant the line uses as a whole term: an occurrence inside a
    longer glossary term (批量 in 小批量) or inside a longer variant (批量 in 批量大小) is not
    one of its own."""
    longer = [(start, end) for word in [*terms, *variants] for start, end in spans(word, line)]
    found = []
    for variant, term in variants.items():
        for start, end in spans(variant, line):
            inside = any(a <= start and end <= b and (b - a) > (end - start) for a, b in longer)
            if not inside:
                found.append((variant, term))
    return found


def chinese_texts() -> list[Path]:
    """Every Chinese text a reader sees, but the glossary (which names the variants)."""
    pages = sorted(page for page in DOCS.rglob("*.zh.md") if page.name != "glossary.zh.md")
    return [*pages, *sorted((ROOT / "results").glob("*.zh.md")), ROOT / "mkdocs.yml"]


def test_both_glossaries_list_the_same_terms():
    english = [(row[0], row[1], row[2]) for row in table_rows(DOCS / "glossary.md")]
    chinese = [(row[0], row[1], row[2]) for row in table_rows(DOCS / "glossary.zh.md")]
    assert english == chinese
    assert len(english) >= 20


def test_the_rule_finds_a_variant():
    assert forbidden_variants()["批量大小"] == "批大小"


@pytest.mark.parametrize(("english", "term", "variant"), [
    ("all-zero state", "全零状态", "空白状态"),
    ("framing (of the input)", "输入形式", "表述"),
    ("full-batch update", "全批次更新", "全量数据"),
    ("truncated backpropagation through time (TBPTT)", "截断的随时间反向传播", "截断的时间反向传播"),
    ("recorded output", "记录的输出", "录制"),
    ("wall time", "总耗时", "墙钟时间"),
    ("wall time", "总耗时", "整个脚本耗时"),
    ("generated text", "生成的文本", "生成样本"),
])
def test_each_new_row_refuses_its_variant_and_allows_its_term(english, term, variant):
    rows = {row[0]: row for row in table_rows(DOCS / "glossary.zh.md")}
    assert rows[english][1] == term
    variants, terms = forbidden_variants(), glossary_terms()
    assert variants_in(f"这一句用了{variant}。", variants, terms) == [(variant, term)]
    assert variants_in(f"这一句用的是{term}。", variants, terms) == []


@pytest.mark.parametrize("english", ["pass", "sample weight", "mini-batch (gradient descent)"])
def test_terms_without_variants_are_listed(english):
    assert english in {row[0] for row in table_rows(DOCS / "glossary.zh.md")}


def test_variants_are_whole_terms():
    variants, terms = forbidden_variants(), glossary_terms()
    assert variants_in("用小批量梯度下降训练。", variants, terms) == []
    assert variants_in("每个批量都一样。", variants, terms) == [("批量", "批次")]
    assert variants_in("把批量大小设为 1。", variants, terms) == [("批量大小", "批大小")]


def test_the_abbreviation_of_tbptt_is_given():
    rows = {row[1]: row for row in table_rows(DOCS / "glossary.zh.md")}
    assert "(TBPTT)" in rows["截断的随时间反向传播"][0]
    page = (DOCS / "tbptt.zh.md").read_text(encoding="utf-8")
    assert "TBPTT" in page


@pytest.mark.parametrize("path", chinese_texts(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_chinese_text_uses_the_glossary_terms(path):
    variants, terms = forbidden_variants(), glossary_terms()
    found = [
        f"{path.relative_to(ROOT)}:{number}: '{variant}' -> use '{term}'"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for variant, term in variants_in(line, variants, terms)
    ]
    assert not found, "\n".join(found)
