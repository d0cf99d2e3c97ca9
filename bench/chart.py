"""The Performance page's chart: each row's training-time ratio against its goal, per language.

Drawn by matplotlib as SVG with its text kept as text (``svg.fonttype = "none"``), so the browser
sets the Chinese labels in the page's own fonts and nothing is downloaded. The file is the same
for the same results on every machine: matplotlib lays the text out with the font it bundles
(DejaVu Sans, whatever fonts the machine has), the font list the browser reads is written in
afterwards, the metadata has no date, and ids are fixed (``svg.hashsalt``). Margins are fixed and
wide, because a reader's Chinese font is wider than the layout font's placeholder glyphs.
"""

from __future__ import annotations

import io
import math
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the file-only backend

WORDS = {
    "en": {"xlabel": "training time: original ÷ ours (log scale); red mark: the row's goal",
           "ratio": "{ratio:,.1f}×", "title": "How much faster our listings train"},
    "zh": {"xlabel": "训练时间：原始做法 ÷ 本站（对数坐标）；红线：该行的目标",
           "ratio": "{ratio:,.1f}×", "title": "本站代码清单的训练快了多少倍"},
}
LAYOUT_FONT = "DejaVu Sans"  # bundled with matplotlib: the same metrics on every machine
# What the browser uses: Latin text in the page's font, Chinese in the reader's CJK font.
DISPLAY_FONTS = "Roboto, 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif"
BAR, GOAL_MARK = "#3f51b5", "#e53935"


def ratio_chart(results: dict, language: str, goal_of) -> str:
    """The chart as SVG text; ``goal_of(results, row)`` gives a row's goal (bench.run.row_goal).

    Rows without a training ratio (a side did not run) are drawn without a bar.
    """
    words = WORDS[language]
    rows = results["rows"]
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lstmstate-bench",
                         "font.family": LAYOUT_FONT, "font.size": 10}), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing")  # CJK: laid out as placeholders
        height = 0.5 * len(rows) + 1.2
        figure, axes = plt.subplots(figsize=(7.5, height))
        figure.subplots_adjust(left=0.3, right=0.97, top=1 - 0.45 / height, bottom=0.6 / height)
        positions = list(range(len(rows)))[::-1]  # the first row on top, as in the table
        ratios = [row["summary"]["training_ratio"] for row in rows]
        largest = max([r for r in ratios if r] + [goal_of(results, row) for row in rows])
        for position, row, ratio in zip(positions, rows, ratios):
            goal = goal_of(results, row)
            if ratio:
                axes.barh(position, ratio, color=BAR, height=0.6)
                axes.text(max(ratio, goal) * 1.12, position, words["ratio"].format(ratio=ratio), va="center")
            axes.plot([goal, goal], [position - 0.4, position + 0.4], color=GOAL_MARK, linewidth=2)
        axes.set_xscale("log")
        axes.set_xlim(1, 10 ** math.ceil(math.log10(largest * 3)))
        axes.set_yticks(positions, [short_title(row["title"][language]) for row in rows])
        axes.set_xlabel(words["xlabel"], loc="left")  # grows rightwards, into the free space
        axes.set_title(words["title"], loc="left")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    return buffer.getvalue().replace(f"font-family: '{LAYOUT_FONT}'", f"font-family: {DISPLAY_FONTS}")


def short_title(title: str) -> str:
    """A row's title up to its parenthesis or colon: "Naive one-letter model (500 epochs, ...)" ->
    "Naive one-letter model", "Long memory: stateful, ..." -> "Long memory"."""
    for mark in (" (", "（", ":", "："):
        title = title.split(mark)[0]
    return title
