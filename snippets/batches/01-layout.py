"""Lay a stream out so that each row continues in the next batch."""

import numpy as np
from lstmstate import batchify, unbatchify

# --8<-- [start:layout]
# a stream of 24 time steps, numbered so that the layout is visible
stream = np.arange(24)
# 3 rows side by side, 4 steps per call
batches = batchify(stream, batch_size=3, steps=4)
# --8<-- [end:layout]
print("shape (batches, rows, steps):", batches.shape)
for k, batch in enumerate(batches):
    print(
        f"batch {k}:",
        " | ".join(" ".join(f"{t:2d}" for t in row) for row in batch),
    )

continues = all(
    batches[k + 1, i, 0] == batches[k, i, -1] + 1
    for k in range(len(batches) - 1)
    for i in range(3)
)
print("row i of batch 1 starts where row i of batch 0 stopped:", continues)
print(
    "unbatchify gives the stream back:",
    bool(np.array_equal(unbatchify(batches), stream)),
)

# The tempting layout, cutting the stream into consecutive pieces, puts them in
# the wrong rows.
wrong = stream.reshape(2, 3, 4)
print(
    "consecutive pieces, batch 0, row 0:",
    wrong[0, 0],
    " batch 1, row 0:",
    wrong[1, 0],
)
