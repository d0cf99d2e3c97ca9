"""The same character model, stateless, on shuffled windows."""

import math

import keras
import lstmstate
import numpy as np
from lstmstate.tutorial import figures, shakespeare

keras.utils.set_random_seed(7)

# --8<-- [start:data]
# The same text, split and model size as the stateful listing.
train_ids, val_ids, chars = shakespeare.load(validation_fraction=0.1)
print(
    f"Characters: {len(train_ids)} to train, {len(val_ids)} to validate, "
    f"{len(chars)} distinct"
)
# --8<-- [end:data]

# --8<-- [start:model]
# 128 windows of 25 characters per batch, 5 passes
rows, steps, epochs = 128, 25, 5
model = keras.Sequential(
    [
        keras.Input(shape=(steps,)),  # any batch size
        keras.layers.Embedding(len(chars), 32),
        keras.layers.LSTM(96, return_sequences=True),  # stateless
        # scores (logits) for the next character
        keras.layers.Dense(len(chars)),
    ]
)
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
)
# --8<-- [end:model]

# --8<-- [start:train]
# The training text cut into windows of 25 characters (the target: each next
# character).
# Each window starts from a blank state, so the windows can be shuffled freely.
# whole batches, as in the stateful run
n_train = (len(train_ids) - 1) // (rows * steps) * rows
x = train_ids[: n_train * steps].reshape(n_train, steps)
y = train_ids[1 : n_train * steps + 1].reshape(n_train, steps)
print("Batches per pass:", n_train // rows, "of", (rows, steps), "characters")
history = model.fit(
    x, y, batch_size=rows, shuffle=True, epochs=epochs, verbose=0
)
# --8<-- [end:train]

# --8<-- [start:evaluate]
# The validation text read in windows of 25 characters from a blank state, as
# in training;
# then the same weights walk through it, the state carried from call to call.
by_position = lstmstate.bits_by_position(
    model, val_ids, steps, carry_state=False, from_logits=True
)
windowed = by_position.mean()
walked = lstmstate.bits_by_position(
    model, val_ids, steps, carry_state=True, from_logits=True
).mean()
print(f"Characters processed in training: {epochs * x.size}")
print(
    f"Validation, each window from a blank state: {windowed:.3f} bits per "
    "character"
)
first, last = by_position[:10].mean(), by_position[-10:].mean()
print(f"  its first 10 characters: {first:.3f}, its last 10: {last:.3f}")
print(
    f"Validation, one walk with carried state: {walked:.3f} bits per character"
)
print(f"Carrying the state saves {windowed - walked:.3f} bits per character")
# --8<-- [end:evaluate]

train_bits = np.array(history.history["loss"]) / math.log(2)
figures.save_curves(
    "shakespeare-stateless.png",
    {"training": train_bits},
    levels={"validation (windows)": windowed},
    title="Stateless LSTM, shuffled windows",
    xlabel="pass over the training text",
    ylabel="bits per character",
)
