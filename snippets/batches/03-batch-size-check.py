"""A stateful model has a fixed batch size: check the data first."""

import keras
import numpy as np
from lstmstate import carry_states, check_stateful_batches

keras.utils.set_random_seed(9)

inputs = keras.Input(batch_shape=(4, 3, 1))
model = keras.Model(
    inputs, keras.layers.Dense(1)(keras.layers.LSTM(4, stateful=True)(inputs))
)
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)
model.compile(optimizer="adam", loss="mse")
# 10 samples: not a multiple of 4
x = np.random.rand(10, 3, 1).astype("float32")
y = np.random.rand(10, 1).astype("float32")

# What Keras says when the data does not fit the batch size (only the error's
# type here:
# its message is a long TensorFlow trace that says nothing about batch sizes).
for label, batch_size, n in [
    ("default batch_size (32)", None, 8),
    ("partial last batch", 4, 10),
]:
    try:
        model.fit(
            x[:n], y[:n], batch_size=batch_size, shuffle=False, verbose=0
        )
        print(f"{label}: no error")
    except Exception as error:  # noqa: BLE001 - we print whatever Keras raises
        print(f"{label}: Keras raises {type(error).__name__}")

# Worse, on TensorFlow and JAX: a last batch of exactly one sample raises
# nothing. It is broadcast against all 4 state rows, and predict returns rows
# that no sample asked for. (PyTorch refuses it.)
try:
    rows = len(model.predict(x[:9], batch_size=4, verbose=0))
    print("predict on 9 samples returns", rows, "rows")
except ValueError as error:
    print("predict on 9 samples: Keras raises", type(error).__name__)

# --8<-- [start:check]
for batch_size, n in [(None, 8), (4, 10), (4, 9), (4, 8)]:
    try:
        print(
            "ok, use batch_size =",
            check_stateful_batches(model, n, batch_size=batch_size),
        )
    except ValueError as error:
        print("ValueError:", error)
# --8<-- [end:check]
