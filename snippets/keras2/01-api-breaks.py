"""Each Keras 2 call the tutorial made that Keras 3 rejects, and the fix."""

import re
import warnings

import keras
import lstmstate
import numpy as np

keras.utils.set_random_seed(7)

# A stateful model and one sample, for the lines that need a model.
model = keras.Sequential(
    [keras.Input(batch_shape=(1, 1, 1)), keras.layers.LSTM(4, stateful=True)]
)
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
lstmstate.carry_states(model)
model.compile(loss="mse")
x, y = np.ones((1, 1, 1)), np.zeros((1, 4))

# --8<-- [start:cases]
# (Keras 2 line, Keras 3 line, an expression showing that the Keras 3 line
# worked)
CASES = [
    (
        "from keras.utils import np_utils",
        "from keras.utils import to_categorical",
        "to_categorical([1], num_classes=3).tolist()",
    ),
    (
        "from keras.layers.embeddings import Embedding",
        "from keras.layers import Embedding",
        "Embedding(27, 4, mask_zero=True)(np.array([[0, 5]])).shape",
    ),
    (
        "keras.layers.LSTM(16, batch_input_shape=(1, 1, 1), stateful=True)",
        "lstm_model = keras.Sequential([keras.Input(batch_shape=(1, 1, 1)),"
        " keras.layers.LSTM(16, stateful=True)])",
        "lstm_model.output_shape",
    ),
    (
        "model.fit(x, y, nb_epoch=2, batch_size=1, verbose=0)",
        "history = model.fit(x, y, epochs=2, batch_size=1, verbose=0)",
        "len(history.history['loss'])",
    ),
    (
        "model.reset_states()",
        "model.layers[0].reset_state()",
        # fit left it non-zero
        "[float(np.abs(state).sum()) for state in model.layers[0].states]",
    ),
]
# --8<-- [end:cases]


def first_line(error):
    """'Type: first line of the message', without the install path an
    ImportError names.
    """
    message = re.sub(r" \(/[^)]*\)", "", str(error).splitlines()[0])
    return f"{type(error).__name__}: {message}"


for old, new, check in CASES:
    print(f"Keras 2: {old}")
    try:
        exec(old)
        print("  -> no error")
    # printing whatever Keras 3 raises is the point
    except Exception as error:  # noqa: BLE001
        print(f"  -> {first_line(error)}")
    exec(new)
    print(f"Keras 3: {new}")
    print(f"  -> {check} = {eval(check)}")

# --8<-- [start:still-there]
# Still there in Keras 3: the old import path of pad_sequences (the same
# function) ...
from keras.preprocessing.sequence import pad_sequences  # noqa: E402

print(
    "keras.preprocessing.sequence.pad_sequences is keras.utils.pad_sequences:",
    pad_sequences is keras.utils.pad_sequences,
)
# ... and input_shape= on the first layer, which works but warns.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    keras.Sequential([keras.layers.LSTM(32, input_shape=(1, 1))])
for warning in caught:
    print(
        f"LSTM(32, input_shape=(1, 1)) -> {warning.category.__name__}: "
        f"{warning.message}"
    )
# --8<-- [end:still-there]
