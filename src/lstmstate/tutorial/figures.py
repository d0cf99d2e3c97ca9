"""The small line charts that the chapters' listings save next to their output.

A figure is not the lesson of a listing, so the plotting lives here and a listing says only
what to draw. Needs matplotlib (``pip install matplotlib``), imported on first use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["save_curves"]


def save_curves(
    path: str,
    curves: Mapping[str, Sequence[float]],
    *,
    title: str,
    ylabel: str,
    xlabel: str = "epoch",
    ylim: tuple[float, float] | None = None,
    levels: Mapping[str, float] | None = None,
) -> None:
    """Draw one line per curve against 1, 2, 3, ... and save the chart as a PNG.

    Args:
        path: Where to write the PNG (80 dpi, 5 x 3 inches).
        curves: Label to values, one value per epoch or pass. With a single curve whose
            label is empty, no legend is drawn.
        title: The chart's title.
        ylabel: The y axis's label.
        xlabel: The x axis's label (the x values are 1, 2, ..., whole numbers).
        ylim: The y axis's range; ``None`` lets matplotlib choose.
        levels: Label to value, each drawn as a dashed horizontal line (a final figure to
            compare the curves with).

    Raises:
        ValueError: if ``curves`` is empty or holds an empty curve.
    """
    if not curves or any(len(values) == 0 for values in curves.values()):
        raise ValueError("save_curves needs at least one curve, each with at least one value")
    levels = levels or {}
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5, 3))
    longest = 0
    for label, values in curves.items():
        xs = range(1, len(values) + 1)
        axes.plot(xs, list(values), marker="o", label=label or None)
        longest = max(longest, len(values))
    for n, (label, value) in enumerate(levels.items(), start=len(curves)):
        axes.axhline(value, color=f"C{n}", linestyle="--", label=label)
    if longest <= 12:
        axes.set_xticks(range(1, longest + 1))
    if ylim is not None:
        axes.set_ylim(*ylim)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    if len(curves) + len(levels) > 1:
        axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
