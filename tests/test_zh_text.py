"""The Chinese text keeps full-width punctuation and the site's spacing (zhlint.py, run by
`make check`), and the generated Chinese parts (tables, notebooks) are written in Chinese."""

import re
import subprocess
from pathlib import Path

import pytest

import zhlint
from bench.run import WORDS as BENCH_WORDS
from listingcheck.notebooks import DOWNLOAD_TEXT, OPEN_TEXT, PREAMBLE
from listingcheck.robustness import table as robustness_table

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def configured():
    zhlint.configure()


def found(text: str, path: str = "page.zh.md") -> list[tuple[int, int, str]]:
    return [(finding.line, finding.col, finding.message) for finding in zhlint.lint_text(text, path)]


# --- the repository -------------------------------------------------------------------------


def test_the_chinese_text_is_clean():
    findings = zhlint.lint(zhlint.default_files())
    assert not findings, "\n".join(map(str, findings))


def test_the_lint_reads_every_kind_of_chinese_text():
    files = {path.relative_to(ROOT).as_posix() for path in zhlint.default_files()}
    pages = {path.relative_to(ROOT).as_posix() for path in (ROOT / "docs").glob("*.zh.md")}
    assert pages and pages <= files
    assert {"mkdocs.yml", "results/bench.zh.md", "results/robustness.zh.md", "bench/run.py",
            "src/listingcheck/notebooks.py", "src/listingcheck/robustness.py",
            "src/listingcheck/directive.py"} <= files


def test_make_check_runs_the_lint():
    plan = subprocess.run(["make", "-n", "check", "READY=", "BIN=bin"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    assert "bin/python -m zhlint" in plan.splitlines()


def test_the_lint_exits_non_zero_naming_file_and_line(tmp_path, capsys):
    page = tmp_path / "page.zh.md"
    page.write_text("# 标题\n\n第一行没有问题。\n第二行(有问题)。\n", encoding="utf-8")
    assert zhlint.main([str(page)]) == 1
    printed = capsys.readouterr().out
    assert f"{page}:4:4: half-width '('" in printed
    assert f"{page}:4:8: half-width ')'" in printed


# --- AutoCorrect, configured by .autocorrectrc -----------------------------------------------


def test_autocorrect_flags_a_half_width_comma_between_chinese():
    assert found("中文,测试\n") == [
        (1, 1, "AutoCorrect: '中文,测试' -> '中文，测试'"),
        (1, 3, "half-width ',' in Chinese prose ('中文,测试'): write '，'"),
    ]


@pytest.mark.parametrize("text", ["用Keras 3 训练", "用 Keras 3训练", "这是32 个单元"])
def test_autocorrect_wants_a_space_between_chinese_and_latin_or_digits(text):
    assert [message for _, _, message in found(text + "\n") if message.startswith("AutoCorrect")]


@pytest.mark.parametrize("text", ["中文， 测试", "状态 “好” 的", "见下 （第 2 行）"])
def test_autocorrect_wants_no_space_beside_a_full_width_mark(text):
    assert [message for _, _, message in found(text + "\n") if message.startswith("AutoCorrect")]


@pytest.mark.parametrize("text", [
    "批大小（batch size）为 1，所以 `fit` 的 32 个单元",  # full-width brackets, no space around them
    "准确率为 {{ one-letter/02-trained-well:accuracy }}%，共 12,500 次更新。",
    "## 为什么？ { #q1 }",  # the space before `{ #id }` is attr_list syntax, not prose
    "见[状态什么时候保留，什么时候重置](state-lifecycle.md#predict)。",
    "```python\nprint('a,b')  # 中文,注释\n```",  # never inside code
    "| stateful (layer) | 有状态 | 在批次之间保留状态（`stateful=True`） |\n|---|---|---|\n| a | b | c |",
])
def test_the_site_conventions_pass(text):
    assert found(text + "\n") == []


# --- half-width marks AutoCorrect leaves -----------------------------------------------------


@pytest.mark.parametrize(("text", "mark", "col"), [
    ("状态(`h`)的最大值", "(", 3),  # AutoCorrect never converts brackets
    ("状态（`h`)的最大值", ")", 7),
    ("中文;中文", ";", 3),  # nor semicolons
    ("用 `fit`,而不是", ",", 8),  # nor a mark right after inline code
    ("原教程归因于上下文:LSTM 每次只看一个字母", ":", 10),  # nor one before a Latin word
    ("见[上一章](alphabet.md)?", "?", 20),  # nor one after a link
    ("## 会发生什么,该怎么办? { #q6 }", "?", 14),
    ("| a | 原版(书中) |\n|---|---|", "(", 9),
    ('!!! note "来自训练的数字(检查)"\n    正文。', "(", 18),
    ('=== "有状态(默认)"\n\n    正文。', "(", 9),
])
def test_a_half_width_mark_in_chinese_prose_is_found(text, mark, col):
    lines = [(line, column) for line, column, message in found(text + "\n")
             if message.startswith(f"half-width {mark!r}")]
    assert lines and lines[0][1] == col, found(text + "\n")


def test_the_line_is_the_line_of_the_mark_in_a_wrapped_paragraph():
    text = "第一行用 Keras\n3 写成，第二行也没有问题，用到 `fit`\n第三行(有)。\n"
    assert [(line, col) for line, col, _ in found(text)] == [(3, 4), (3, 6)]


@pytest.mark.parametrize(("text", "line"), [
    ("第一句。\n第二句。", 1),
    ("逗号之后，\n接着写。", 1),
    ("- 列表项的第一行，\n  第二行。", 1),
    ("引号“之后\n”接着写。", 1),
    ("见下。\n[下一章](a.md)接着写。", 1),  # what the reader sees: the link's text
    ("见下。\n**重点**。", 1),
])
def test_a_line_break_between_two_chinese_characters_is_found(text, line):
    before = text.split("\n")[0].rstrip()[-1]
    findings = found(text + "\n")
    assert len(findings) == 1 and findings[0][0] == line, findings
    assert findings[0][2].startswith(f"line break between {before!r} and "), findings


@pytest.mark.parametrize("text", ["它是一个 LSTM\n层。", "用 `fit`\n训练。", "共 25\n对样本。", "第一段。\n\n第二段。",
                                  "```text\n中文。\n中文。\n```"])
def test_a_line_break_next_to_latin_digits_or_code_is_fine(text):
    assert found(text + "\n") == []


@pytest.mark.parametrize("text", [
    "a `f(x, y)` 中文",  # code
    "| stateful (layer) | 有状态 |\n|---|---|",  # an English cell next to a Chinese one
    "This English paragraph (with brackets; and marks) has no Chinese.",
    "共 12,500 次更新，比例 3:1。",  # between digits
    "见 <https://example.org/a?b=1>。",
])
def test_half_width_outside_chinese_prose_is_left_alone(text):
    assert [message for _, _, message in found(text + "\n") if message.startswith("half-width")] == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("结论不变：**需要的是训练。**后面的章节", True),
    ("结论不变：**需要的是训练**。后面的章节", False),
    ("报告的准确率是 **84%**（书中）", False),
])
def test_bold_that_commonmark_cannot_close_is_found(text, flagged):
    assert any("'**' left as text" in message for _, _, message in found(text + "\n")) == flagged


def test_yaml_values_with_chinese_are_checked():
    text = "nav_translations:\n  One letter in, one letter out: 一个字母进(一),一个字母出\n  Home: Home, page\n"
    assert [(line, col) for line, col, message in found(text, "mkdocs.yml") if "half-width" in message] == [
        (2, 39), (2, 41), (2, 42)]


def test_python_strings_with_chinese_are_checked():
    text = ('WORDS = {"zh": "目标:快 {goal:g} 倍",\n'
            '         "doc": "``a (b)`` in English: ``中文``",\n'
            '         "en": "Goal: (fast)"}\n')
    assert [(line, col) for line, col, message in found(text, "words.py") if "half-width" in message] == [(1, 19)]


# --- generated Chinese text ------------------------------------------------------------------


def latin_outside_code(text: str) -> list[str]:
    """Latin words in Markdown text, leaving out code spans, format fields and the names the pages
    keep in English."""
    text = re.sub(r"(`+).*?\1|\{[^{}]*\}", " ", text)  # code spans, format fields
    return [word for word in re.findall(r"[A-Za-z]+", text)
            if word not in {"TensorFlow", "Keras", "Python", "CPU", "AMD", "EPYC", "fit", "notebook", "Jupyter",
                            "lstmstate", "JAX", "PyTorch"}]


def test_the_chinese_robustness_table_is_chinese():
    results = {"listings": {"snippets/a.py": {"jax": {
        "figures": {"accuracy (line 3)": {"bound": ">= 60 and <= 96", "min": 70, "median": 80, "max": 90}},
        "failures": ["seed 2: line 3: accuracy = 50 is below its minimum 60", "seed 4: timed out | killed"]}}}}
    text = robustness_table(results, "zh")
    assert "| `snippets/a.py` | JAX | `accuracy`（第 3 行） | ≥ 60 且 ≤ 96 |" in text
    assert "种子 2：第 3 行的 `accuracy` 为 50，低于下限 60；种子 4：`timed out \\| killed`" in text
    assert latin_outside_code(text) == []
    assert "accuracy (line 3) | >= 60 and <= 96" in robustness_table(results, "en")


def test_the_chinese_bench_words_are_chinese():
    assert latin_outside_code(" ".join(BENCH_WORDS["zh"].values())) == []
    assert BENCH_WORDS["zh"]["seconds"].format(value="2.5") == "2.5 秒"


def test_the_chinese_notebook_text_is_chinese():
    # The notebook's first cell: prose only (its code cells are shell and Python).
    prose = [text for key, text in PREAMBLE["zh"].items() if not key.endswith("_code")]
    assert latin_outside_code(" ".join(prose) + OPEN_TEXT["zh"] + DOWNLOAD_TEXT["zh"]) == []
    for text in (*prose, OPEN_TEXT["zh"], DOWNLOAD_TEXT["zh"]):
        assert zhlint.lint_text(repr(text), "note.py") == []


def test_a_markdown_link_target_in_a_python_string_is_not_prose():
    linked = 'TEXT = "[下载本 notebook]({href})。"\n'
    assert zhlint.lint_text(linked, "note.py") == []
    bare = 'TEXT = "下载本 notebook (链接)。"\n'
    assert [f.message for f in zhlint.lint_text(bare, "note.py")]  # a bracket in prose is still caught
