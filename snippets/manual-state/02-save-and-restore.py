"""Read, save and restore a stateful model's state."""

import keras
import numpy as np
from lstmstate import (
    carry_states,
    get_states,
    reset_states,
    set_states,
    stateful_layers,
)

keras.utils.set_random_seed(10)

inputs = keras.Input(batch_shape=(1, 2, 1))
hidden = keras.layers.LSTM(
    4, stateful=True, return_sequences=True, name="lstm"
)(inputs)
model = keras.Model(
    inputs,
    keras.layers.Dense(1)(
        keras.layers.GRU(3, stateful=True, name="gru")(hidden)
    ),
)
# JAX and PyTorch: let predict_on_batch carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)
print("stateful layers:", [layer.name for layer in stateful_layers(model)])

history = np.random.rand(3, 1, 2, 1).astype("float32")
step = np.random.rand(1, 2, 1).astype("float32")
for batch in history:
    model.predict_on_batch(batch)

# --8<-- [start:branch]
saved = get_states(model)  # a list per stateful layer: LSTM [h, c], GRU [h]
first = model.predict_on_batch(step)
set_states(model, saved)  # back to the saved point
second = model.predict_on_batch(step)
# --8<-- [end:branch]
print("state shapes:", [[s.shape for s in layer] for layer in saved])
print(
    "same step from the same saved state gives the same output:",
    bool(np.array_equal(first, second)),
)
print("layers reset:", reset_states(model))
print(
    "all states zero after reset_states:",
    all(not s.any() for layer in get_states(model) for s in layer),
)
