"""How ``lstmstate.batchify`` lays a long stream out: the cells show its actual output.

Top: the stream, numbered 0 ... 23. It is cut into ``batch_size`` contiguous columns
(i = 0, 1, 2), and each batch takes the next ``steps`` items of every column, so row i of
``batches[k+1]`` continues row i of ``batches[k]``. The colour of a number is the row it
lands in; the strong shade is ``batches[0]``, the light one ``batches[1]``. The numbers in the
two grids are read from ``batchify``'s return value, not typed in.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lstmstate import batchify

from .style import INK, MONO, MUTED, ROWS, arrow, canvas

NAME = "batch-layout"
STREAM = np.arange(24)
BATCH_SIZE, STEPS = 3, 4  # as in the chapter's listing
SHADES = (0.55, 0.18)  # fill strength of batches[0], batches[1], ...
CELL = 0.8


def layout() -> np.ndarray:
    """``batchify``'s output for the stream, as numbers: shape (n_batches, batch_size, steps)."""
    batches = np.asarray(batchify(STREAM, batch_size=BATCH_SIZE, steps=STEPS))
    assert batches.shape[1:3] == (BATCH_SIZE, STEPS), batches.shape
    return batches.reshape(batches.shape[:3])  # items here are single numbers


def cell(axes, x: float, y: float, value: int | None, color: str, shade: float, size: float = CELL) -> None:
    axes.add_patch(Rectangle((x, y), size, size, facecolor=color, alpha=shade, edgecolor="none"))
    axes.add_patch(Rectangle((x, y), size, size, facecolor="none", edgecolor=color, lw=1.0))
    if value is not None:
        axes.text(x + size / 2, y + size / 2, str(value), ha="center", va="center", fontsize=11, color=INK)


def draw() -> Figure:
    batches = layout()
    n_batches = batches.shape[0]
    # Where each item of the stream went: (batch k, row i), read from the output.
    place = {int(batches[k, i, t]): (k, i) for k in range(n_batches) for i in range(BATCH_SIZE) for t in range(STEPS)}
    gap, grid_w = 3.2, STEPS * CELL
    width = len(STREAM) * CELL + 2.4
    figure, axes = canvas(width, 8.1)

    # the stream, each item coloured by the row it lands in
    left, top = 1.2, 5.75
    axes.text(left, 7.35, "stream = np.arange(24)", ha="left", va="bottom", fontsize=13, color=INK, **MONO)
    for position, item in enumerate(STREAM):
        k, i = place.get(int(item), (None, None))
        color, shade = (ROWS[i], SHADES[k % len(SHADES)]) if k is not None else (MUTED, 0.1)
        cell(axes, left + position * CELL, top, int(item), color, shade)
    for i in range(BATCH_SIZE):  # the column of the stream that row i reads
        items = batches[:, i, :].ravel()
        x0, x1 = left + int(items.min()) * CELL, left + (int(items.max()) + 1) * CELL
        bracket = top + CELL + 0.18
        axes.plot([x0 + 0.05, x0 + 0.05, x1 - 0.05, x1 - 0.05], [bracket - 0.1, bracket, bracket, bracket - 0.1],
                  color=ROWS[i], lw=1.4)
        axes.text((x0 + x1) / 2, bracket + 0.08, f"$i = {i}$", ha="center", va="bottom", fontsize=12, color=ROWS[i])

    # the call, and its output batch by batch
    axes.text(left, 4.95, f"batches = batchify(stream, batch_size={BATCH_SIZE}, steps={STEPS})"
              f"   # shape {tuple(int(n) for n in batches.shape)}",
              ha="left", va="center", fontsize=12, color=INK, **MONO)
    grid_top = 4.0
    first = (width - (n_batches * grid_w + (n_batches - 1) * gap)) / 2
    for k in range(n_batches):
        x = first + k * (grid_w + gap)
        axes.text(x + grid_w / 2, grid_top + 0.2, f"batches[{k}]", ha="center", va="bottom", fontsize=12,
                  color=INK, **MONO)
        for i in range(BATCH_SIZE):
            y = grid_top - (i + 1) * CELL - i * 0.12
            for t in range(STEPS):
                cell(axes, x + t * CELL, y, int(batches[k, i, t]), ROWS[i], SHADES[k % len(SHADES)])
            if k == 0:
                axes.text(x - 0.4, y + CELL / 2, f"$i = {i}$", ha="right", va="center", fontsize=12, color=ROWS[i])
            if k + 1 < n_batches:  # row i of the next batch continues this row
                arrow(axes, (x + grid_w + 0.15, y + CELL / 2), (x + grid_w + gap - 0.15, y + CELL / 2),
                      color=ROWS[i], width=1.4)
        bottom = grid_top - BATCH_SIZE * CELL - (BATCH_SIZE - 1) * 0.12
        axes.annotate("", xy=(x + grid_w, bottom - 0.3), xytext=(x, bottom - 0.3),
                      arrowprops={"arrowstyle": "|-|", "color": MUTED, "lw": 1.0, "mutation_scale": 4,
                                  "shrinkA": 0, "shrinkB": 0})
        axes.text(x + grid_w / 2, bottom - 0.5, f"steps = {STEPS}", ha="center", va="top", fontsize=11,
                  color=MUTED, **MONO)
        if k == n_batches - 1:  # batch_size rows, side by side
            axes.annotate("", xy=(x + grid_w + 0.35, grid_top), xytext=(x + grid_w + 0.35, bottom),
                          arrowprops={"arrowstyle": "|-|", "color": MUTED, "lw": 1.0, "mutation_scale": 4,
                                      "shrinkA": 0, "shrinkB": 0})
            axes.text(x + grid_w + 0.6, (grid_top + bottom) / 2, f"batch_size = {BATCH_SIZE}", ha="left",
                      va="center", fontsize=11, color=MUTED, **MONO)
    return figure
