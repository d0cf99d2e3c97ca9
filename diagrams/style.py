"""What every diagram shares: a fixed style and a deterministic SVG writer.

Text is drawn as paths in DejaVu Sans, the font that ships inside matplotlib, so the files
look the same everywhere and need no font on the reader's side; the labels are symbols and
code (``h_t``, ``stateful=True``, ``batches[k]``), the same for the English and Chinese pages.
Re-running gives byte-identical files: fixed ``svg.hashsalt`` and ``svg.id``, no date, no
creator line with a version in it, and matplotlib's built-in defaults (no matplotlibrc).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

RC = {
    "svg.hashsalt": "lstmstate-diagrams",
    "svg.id": "diagram",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 12,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "path.simplify": False,
}
# Okabe-Ito colours: told apart by colour-blind readers too. One per row of a batch.
ROWS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
INK = "#222222"
MUTED = "#888888"
CELL = "#DCE6F2"  # the LSTM box
MONO = {"family": "DejaVu Sans Mono"}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """matplotlib's built-in defaults plus RC, whatever the machine's matplotlibrc says."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(RC)
        yield


def canvas(width: float, height: float, scale: float = 0.5) -> tuple[Figure, plt.Axes]:
    """A figure whose one axes spans it, in data units (1 unit = ``scale`` inches), no frame."""
    figure = plt.figure(figsize=(width * scale, height * scale))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(0, height)
    axes.set_axis_off()
    return figure, axes


def arrow(axes: plt.Axes, start: tuple[float, float], end: tuple[float, float], color: str = INK,
          width: float = 1.4, style: str = "-|>", **options) -> None:
    axes.annotate("", xy=end, xytext=start,
                  arrowprops={"arrowstyle": style, "color": color, "lw": width,
                              "shrinkA": 0, "shrinkB": 0, "mutation_scale": 14, **options})


def save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return path
