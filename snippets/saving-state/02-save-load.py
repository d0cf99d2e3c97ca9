"""Which files keep a stateful model's state, and how to keep it."""

import zipfile

import keras
import numpy as np
from lstmstate import carry_states, get_states, set_states, stateful_layers

keras.utils.set_random_seed(22)


def build():
    inputs = keras.Input(batch_shape=(2, 3, 1))
    hidden = keras.layers.LSTM(
        4, stateful=True, return_sequences=True, name="lstm"
    )(inputs)
    hidden = keras.layers.GRU(3, stateful=True, name="gru")(hidden)
    return keras.Model(inputs, keras.layers.Dense(1, name="head")(hidden))


def is_zero(model):
    return all(not a.any() for layer in get_states(model) for a in layer)


# --8<-- [start:lists]
model = build()
state_ids = {id(v) for layer in stateful_layers(model) for v in layer.states}
for stage in ("as built", "after carry_states"):
    for attr in ("weights", "non_trainable_weights", "variables"):
        found = state_ids & {id(v) for v in getattr(model, attr)}
        print(f"{stage}: states in model.{attr}: {len(found)} of 3")
    carry_states(model)
# --8<-- [end:lists]

# --8<-- [start:files]
x = np.random.rand(4, 2, 3, 1).astype("float32")
for batch in x[:3]:
    model.predict_on_batch(batch)
print("state before saving is zero:", is_zero(model))
model.save("model.keras")
model.save_weights("model.weights.h5")
with zipfile.ZipFile("model.keras") as archive:
    print("model.keras holds:", sorted(archive.namelist()))

loaded = carry_states(keras.models.load_model("model.keras"))
print("state after load_model is zero:", is_zero(loaded))
rebuilt = carry_states(build())
rebuilt.load_weights("model.weights.h5")
print("state after load_weights is zero:", is_zero(rebuilt))
# --8<-- [end:files]

# --8<-- [start:keep]
# Keep the state beside the model: one array per state variable
np.savez(
    "states.npz",
    **{
        f"{layer.name}/{i}": array
        for layer, arrays in zip(stateful_layers(model), get_states(model))
        for i, array in enumerate(arrays)
    },
)
with np.load("states.npz") as saved:
    print("states.npz holds:", sorted(saved.files))
    set_states(
        loaded,
        [
            [saved[f"{layer.name}/{i}"] for i in range(len(layer.states))]
            for layer in stateful_layers(loaded)
        ],
    )
print("state after set_states is zero:", is_zero(loaded))
expected = model.predict_on_batch(x[3])
print(
    "loaded model continues like the original:",
    bool(np.allclose(loaded.predict_on_batch(x[3]), expected, atol=1e-6)),
)
print(
    "model without its state continues like the original:",
    bool(np.allclose(rebuilt.predict_on_batch(x[3]), expected, atol=1e-6)),
)
# --8<-- [end:keep]
