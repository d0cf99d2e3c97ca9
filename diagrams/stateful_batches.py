"""State between batches: carried row to row by a stateful layer, zeros for a stateless one.

Top, ``stateful=True``: the state (h, c) that row i of ``batches[k]`` ends with is where row i
of ``batches[k+1]`` starts, so row i of consecutive batches must be consecutive pieces of the
same sequence. Bottom, ``stateful=False``: every row of every batch starts from zeros and
the state it ends with is dropped.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .style import INK, MONO, MUTED, ROWS, arrow, canvas

NAME = "stateful-batches"
ROWS_PER_BATCH, STEPS = 3, 4
CELL_W, CELL_H, ROW_GAP = 1.0, 0.72, 0.42
BLOCKS = ((4.3, "batches[k]"), (12.9, "batches[k+1]"))  # left edge, label
PANEL_H = 5.6


def row_y(top: float, row: int) -> float:
    """Bottom of row ``row`` in a panel whose first row's top is at ``top``."""
    return top - (row + 1) * CELL_H - row * ROW_GAP


def draw_block(axes, left: float, top: float, label: str) -> None:
    width = STEPS * CELL_W
    axes.text(left + width / 2, top + 0.45, label, ha="center", va="bottom", fontsize=13, color=INK, **MONO)
    for row in range(ROWS_PER_BATCH):
        y = row_y(top, row)
        for step in range(STEPS):
            axes.add_patch(Rectangle((left + step * CELL_W, y), CELL_W, CELL_H,
                                     facecolor=ROWS[row], alpha=0.35, edgecolor="none"))
            axes.add_patch(Rectangle((left + step * CELL_W, y), CELL_W, CELL_H,
                                     facecolor="none", edgecolor=ROWS[row], lw=1.2))
        arrow(axes, (left + 0.12, y + CELL_H / 2), (left + width - 0.12, y + CELL_H / 2),
              color=ROWS[row], width=1.0, style="->")


def draw() -> Figure:
    figure, axes = canvas(19.6, 2 * PANEL_H + 0.4)
    width = STEPS * CELL_W
    for panel, stateful in enumerate((True, False)):
        top = 2 * PANEL_H - panel * PANEL_H - 1.75
        axes.text(0.4, top + 1.15, f"stateful={stateful}", ha="left", va="bottom", fontsize=15,
                  color=INK, weight="bold", **MONO)
        for row in range(ROWS_PER_BATCH):
            axes.text(1.55, row_y(top, row) + CELL_H / 2, f"$i = {row}$", ha="center", va="center",
                      fontsize=13, color=ROWS[row])
        for left, label in BLOCKS:
            draw_block(axes, left, top, label)
        first, second = BLOCKS[0][0], BLOCKS[1][0]
        for row in range(ROWS_PER_BATCH):
            y = row_y(top, row) + CELL_H / 2
            color = ROWS[row]
            if stateful:
                # from the batch before, to row i of the next batch, to the batch after
                axes.text(first - 1.05, y, "$\\cdots$", ha="center", va="center", fontsize=14, color=MUTED)
                arrow(axes, (first - 0.7, y), (first - 0.04, y), color=color, width=1.8)
                arrow(axes, (first + width + 0.04, y), (second - 0.04, y), color=color, width=1.8)
                arrow(axes, (second + width + 0.04, y), (second + width + 0.7, y), color=color, width=1.8)
                axes.text(second + width + 1.05, y, "$\\cdots$", ha="center", va="center", fontsize=14, color=MUTED)
            else:
                for left in (first, second):
                    axes.text(left - 0.95, y, "$0$", ha="center", va="center", fontsize=14, color=INK)
                    arrow(axes, (left - 0.7, y), (left - 0.04, y), color=INK, width=1.4)
                    end = left + width + 0.04
                    arrow(axes, (end, y), (end + 0.55, y), color=MUTED, width=1.2, style="-", linestyle=(0, (2, 2)))
                    axes.text(end + 0.78, y, "$\\times$", ha="center", va="center", fontsize=14, color=MUTED)
        if stateful:
            middle = (first + width + second) / 2
            axes.text(middle, top + 0.45, "$(h_i, c_i)$", ha="center", va="bottom", fontsize=13, color=INK)
        else:
            axes.text(5.6, top + 1.18, "$0$ :  $h = 0,\\ c = 0$", ha="left", va="bottom", fontsize=13, color=INK)
    return figure
