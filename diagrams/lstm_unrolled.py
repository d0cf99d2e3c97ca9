"""An LSTM unrolled over the time steps of one call: h and c go from each step to the next.

The same cell (the same weights) reads x_1 ... x_T in order; at each step it takes the
hidden state h and the cell state c the previous step left, and hands on new ones. The
first step starts from h_0 = c_0 = 0 (a stateless layer, or a stateful one after a reset);
what the last step leaves, h_T and c_T, is what a stateful layer keeps for the next call.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .style import CELL, INK, MUTED, arrow, canvas

NAME = "lstm-unrolled"
H_COLOR = "#0072B2"  # hidden state h: also the output
C_COLOR = "#D55E00"  # cell state c: internal memory

STEPS = ("1", "2", "3", "T")
BOX_W, BOX_H = 2.6, 2.4
BOX_Y = 3.3
H_Y, C_Y = BOX_Y + 1.65, BOX_Y + 0.75  # where h and c enter and leave a box


def draw() -> Figure:
    figure, axes = canvas(22.2, 9.4)
    centers = [5.2, 9.6, 14.0, 18.8]
    for index, (t, x) in enumerate(zip(STEPS, centers)):
        left, right = x - BOX_W / 2, x + BOX_W / 2
        axes.add_patch(FancyBboxPatch((left, BOX_Y), BOX_W, BOX_H, boxstyle="round,pad=0.05,rounding_size=0.25",
                                      facecolor=CELL, edgecolor=INK, lw=1.4))
        axes.text(x, BOX_Y + BOX_H / 2, "LSTM", ha="center", va="center", fontsize=14, color=INK)
        # input below, output above
        axes.text(x, 0.9, f"$x_{{{t}}}$", ha="center", va="center", fontsize=17, color=INK)
        arrow(axes, (x, 1.45), (x, BOX_Y - 0.05))
        arrow(axes, (x, BOX_Y + BOX_H + 0.05), (x, 7.6), color=H_COLOR)
        axes.text(x, 8.25, f"$h_{{{t}}}$", ha="center", va="center", fontsize=17, color=H_COLOR)
        # h and c from the previous step (or the initial zeros) into this one
        if index == 0:
            start = 1.9
            axes.text(start - 0.15, H_Y, "$h_0 = 0$", ha="right", va="center", fontsize=15, color=H_COLOR)
            axes.text(start - 0.15, C_Y, "$c_0 = 0$", ha="right", va="center", fontsize=15, color=C_COLOR)
        else:
            start = centers[index - 1] + BOX_W / 2 + 0.05
        gap_label = None if index == 0 else STEPS[index - 1]
        if t == "T":  # steps 4 ... T-1 are not drawn
            middle = (start + left) / 2
            axes.text(middle, (H_Y + C_Y) / 2, "$\\cdots$", ha="center", va="center", fontsize=20, color=MUTED)
            for y, color in ((H_Y, H_COLOR), (C_Y, C_COLOR)):
                axes.plot([start, middle - 0.55], [y, y], color=color, lw=1.8)
                arrow(axes, (middle + 0.55, y), (left - 0.05, y), color=color, width=1.8)
            gap_label = None
        else:
            arrow(axes, (start, H_Y), (left - 0.05, H_Y), color=H_COLOR, width=1.8)
            arrow(axes, (start, C_Y), (left - 0.05, C_Y), color=C_COLOR, width=1.8)
        if gap_label is not None:
            middle = (start + left) / 2
            axes.text(middle, H_Y + 0.45, f"$h_{{{gap_label}}}$", ha="center", va="center", fontsize=15, color=H_COLOR)
            axes.text(middle, C_Y - 0.5, f"$c_{{{gap_label}}}$", ha="center", va="center", fontsize=15, color=C_COLOR)
    # what the last step leaves: the state after the call
    end = centers[-1] + BOX_W / 2 + 0.05
    arrow(axes, (end, H_Y), (end + 1.0, H_Y), color=H_COLOR, width=1.8)
    arrow(axes, (end, C_Y), (end + 1.0, C_Y), color=C_COLOR, width=1.8)
    axes.text(end + 0.5, H_Y + 0.45, "$h_T$", ha="center", va="center", fontsize=15, color=H_COLOR)
    axes.text(end + 0.5, C_Y - 0.5, "$c_T$", ha="center", va="center", fontsize=15, color=C_COLOR)
    return figure
