"""A stateful model fed from tf.data: static batches, counts, last batch."""

import warnings

import keras
import numpy as np
import tensorflow as tf
from lstmstate import check_stateful_batches
from lstmstate.tutorial.rowprobe import (
    BatchRows,
    batch_size_complaint,
    row_probe,
)

keras.utils.set_random_seed(5)

BATCH = 4


def numbered(n):
    """n samples of one time step; sample i holds the number i."""
    x = np.arange(n, dtype="float32").reshape(n, 1, 1)
    return tf.data.Dataset.from_tensor_slices((x, x[:, 0]))


def feed(model, label, dataset, **fit_arguments):
    """One epoch of fit; prints the batches fed, or the error and where."""
    record = BatchRows()
    try:
        model.fit(
            dataset, epochs=1, verbose=0, callbacks=[record], **fit_arguments
        )
        print(f"{label}: batches {record.train}")
    except Exception as error:  # noqa: BLE001 - we print whatever Keras raises
        print(
            f"{label}: {type(error).__name__} after {len(record.train)} "
            f"batches ({batch_size_complaint(error)})"
        )


def check(model, label, dataset):
    try:
        result = f"ok, batch size {check_stateful_batches(model, dataset)}"
    except ValueError as error:
        result = f"ValueError: {str(error).split(' (element_spec')[0]}"
    print(f"  check_stateful_batches({label}): {result}")


# --8<-- [start:shuffle]
model = row_probe(BATCH)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    feed(
        model,
        "12 samples, .batch(4), fit(shuffle=True)",
        numbered(12).batch(BATCH),
        shuffle=True,
    )
for warning in caught:
    if "shuffle" in str(warning.message):
        print("  warning:", str(warning.message).split(" since ")[0])
# --8<-- [end:shuffle]

# --8<-- [start:last-batch]
print(
    "element_spec batch axis, .batch(4):",
    numbered(12).batch(BATCH).element_spec[0].shape[0],
)
feed(model, "10 samples, .batch(4)", numbered(10).batch(BATCH))
feed(model, " 9 samples, .batch(4)", numbered(9).batch(BATCH))
dropped = numbered(10).batch(BATCH, drop_remainder=True)
print(
    "element_spec batch axis, drop_remainder=True:",
    dropped.element_spec[0].shape[0],
)
print("10 samples, drop_remainder=True: len =", len(dropped))
feed(model, "10 samples, drop_remainder=True", dropped)
check(model, ".batch(4)", numbered(12).batch(BATCH))
check(model, "drop_remainder=True", dropped)
# --8<-- [end:last-batch]

# --8<-- [start:timeseries]
LENGTH = 3
model = row_probe(BATCH, LENGTH)
series = np.arange(20, dtype="float32")
# window i is series[i:i+3]; its target is series[i+3]
data, targets = series[:-1, None], series[LENGTH:]
windows = len(data) - LENGTH + 1  # sequence_stride=1, sampling_rate=1
print("windows by the formula:", windows)
batched = keras.utils.timeseries_dataset_from_array(
    data, targets, sequence_length=LENGTH, batch_size=BATCH
)
print(
    "batch_size=4: len =",
    len(batched),
    "cardinality =",
    int(batched.cardinality()),
    "batch sizes",
    [int(x.shape[0]) for x, _ in batched],
)
starts = [int(x[0, 0, 0]) for x, _ in batched]  # row 0 of each batch
print("  row 0's windows start at", starts)
print(
    "  each starts where the row's last window ended:",
    all(b - a == LENGTH for a, b in zip(starts, starts[1:])),
)
feed(model, "  fit on it", batched)
check(model, "batch_size=4", batched)
rebatched = batched.rebatch(BATCH, drop_remainder=True)
print(
    ".rebatch(4, drop_remainder=True): cardinality =",
    int(rebatched.cardinality()),
)
try:
    len(rebatched)
except TypeError as error:
    print("  len:", type(error).__name__ + ":", str(error)[:40])
whole = keras.utils.timeseries_dataset_from_array(
    data, targets, sequence_length=LENGTH, batch_size=None
).batch(BATCH, drop_remainder=True)
print(
    "batch_size=None, .batch(4, drop_remainder=True): len =",
    len(whole),
    "=",
    windows,
    "// 4",
)
feed(model, "  fit on it", whole)
check(model, "drop_remainder=True", whole)
# --8<-- [end:timeseries]
