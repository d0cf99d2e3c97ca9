"""validation_split and validation_data with a stateful model."""

import re

import keras
import numpy as np
from lstmstate import check_stateful_batches
from lstmstate.tutorial.rowprobe import (
    BatchRows,
    batch_size_complaint,
    row_probe,
)

keras.utils.set_random_seed(5)

BATCH = 4
# The probe of the first listing: its state after a batch lists the samples
# the batch held, row by row; BatchRows records them.
model = row_probe(BATCH)


def numbered(n, first=0):
    """n samples of one time step; each holds its own number."""
    x = np.arange(first, first + n, dtype="float32").reshape(n, 1, 1)
    return x, x[:, 0]


# --8<-- [start:cases]
cases = [
    ("20 samples, validation_split=0.2", 20, {"validation_split": 0.2}),
    ("21 samples, validation_split=0.2", 21, {"validation_split": 0.2}),
    ("22 samples, validation_split=0.25", 22, {"validation_split": 0.25}),
    ("20 samples, validation_split=0.25", 20, {"validation_split": 0.25}),
    # validation samples numbered from 100
    ("16 samples, validation_data of 8", 16, {"validation_data": 8}),
    ("16 samples, validation_data of 5", 16, {"validation_data": 5}),
]
for label, n, validation in cases:
    x, y = numbered(n)
    if "validation_data" in validation:
        validation = {
            "validation_data": numbered(validation["validation_data"], 100)
        }
    print(label)
    try:
        print(
            "  check_stateful_batches: ok, batch size",
            check_stateful_batches(
                model, x, y, batch_size=BATCH, **validation
            ),
        )
    except ValueError as error:
        print(
            "  check_stateful_batches: ValueError:",
            re.split(r": (a stateful|the last batch)", str(error))[0],
        )
    record = BatchRows()
    try:
        model.fit(
            x,
            y,
            batch_size=BATCH,
            shuffle=False,
            epochs=1,
            verbose=0,
            callbacks=[record],
            **validation,
        )
        print(
            f"  fit: trained on {len(record.train)} batches, validated on"
            f" {record.validate}"
        )
        print("  state at the epoch's end:", record.at_epoch_end)
    except Exception as error:  # noqa: BLE001 - we print whatever Keras raises
        print(
            f"  fit: {type(error).__name__} after {len(record.train)} training"
            f" and {len(record.validate)} validation batches"
            f" ({batch_size_complaint(error)})"
        )
# --8<-- [end:cases]
