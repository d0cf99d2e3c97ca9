"""Which samples fit(shuffle=...) puts in each batch, and in which row."""

import inspect

import keras
import numpy as np
from lstmstate.tutorial.rowprobe import BatchRows, row_probe

keras.utils.set_random_seed(5)

# --8<-- [start:probe]
BATCH = 4
# A probe, not a model to train: one stateful unit whose state after a batch
# is that batch's input. Sample i holds the number i, so the state read after
# each batch (BatchRows) lists the samples the batch held, row by row.
model = row_probe(BATCH)
# --8<-- [end:probe]


# --8<-- [start:shuffle]
x = np.arange(12, dtype="float32").reshape(12, 1, 1)  # sample i holds i
y = x[:, 0]
# Laid out for a stateful model: row i of batch k+1 continues row i of
# batch k, so the batches must come exactly as cut: [0..3], [4..7], [8..11].
as_laid_out = np.arange(12).reshape(-1, BATCH).tolist()
default = inspect.signature(keras.Model.fit).parameters["shuffle"].default
print("fit's default: shuffle =", default)
for shuffle in (True, "batch", False):
    record = BatchRows()
    model.fit(
        x,
        y,
        batch_size=BATCH,
        shuffle=shuffle,
        epochs=1,
        verbose=0,
        callbacks=[record],
    )
    same_sets = [sorted(rows) for rows in record.train] == as_laid_out
    print(f"shuffle={shuffle!r}: batches {record.train}")
    print(f"  each batch holds its own 4 samples: {same_sets}")
    print(f"  every row continues its stream: {record.train == as_laid_out}")
# --8<-- [end:shuffle]
