"""A character model that walks the text, carrying its state."""

import math

import keras
import lstmstate
import numpy as np
from lstmstate.tutorial import figures, shakespeare

keras.utils.set_random_seed(7)

# --8<-- [start:data]
# About 100 KB of Shakespeare, shipped with lstmstate, as character ids.
# The last 10% is held out; `chars` maps ids to characters and back.
train_ids, val_ids, chars = shakespeare.load(validation_fraction=0.1)
print(
    f"Characters: {len(train_ids)} to train, {len(val_ids)} to validate, "
    f"{len(chars)} distinct"
)
# --8<-- [end:data]

# --8<-- [start:model]
rows, steps, epochs = 128, 25, 5
model = keras.Sequential(
    [
        keras.Input(batch_shape=(rows, steps)),
        keras.layers.Embedding(len(chars), 32),
        keras.layers.LSTM(96, return_sequences=True, stateful=True),
        # scores (logits) for the next character
        keras.layers.Dense(len(chars)),
    ]
)
# JAX and PyTorch: let fit, evaluate and predict carry the state as on
# TensorFlow, where this changes nothing
lstmstate.carry_states(model)
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
)
# --8<-- [end:model]

# --8<-- [start:train]
# The training text cut into 128 long columns, 25 characters per batch and row:
# row i of batch k+1 continues row i of batch k, so the carried state is the
# right one.
# y is x shifted by one character; both of shape (batches, 128, 25).
x, y = lstmstate.batchify_pairs(train_ids, rows, steps)
print("Batches per pass:", x.shape[0], "of", x.shape[1:], "characters")
history = model.fit(
    x.reshape(-1, steps),  # batches one after another, in order
    y.reshape(-1, steps),
    batch_size=rows,
    shuffle=False,  # shuffling would break the columns
    epochs=epochs,
    # blank state at the start of each pass
    callbacks=[lstmstate.ResetStates()],
    verbose=0,
)
# Gradients stop at the start of each batch (truncated backpropagation, 25
# steps);
# the state itself flows on through the whole column.
# --8<-- [end:train]

# --8<-- [start:evaluate]
# The validation text read two ways by the same weights (see
# lstmstate.bits_by_position):
# as one walk, 25 characters per call, the state carried throughout; and in
# windows of 25 characters, each from a blank state.
walked = lstmstate.bits_by_position(
    model, val_ids, steps, carry_state=True, from_logits=True
).mean()
by_position = lstmstate.bits_by_position(
    model, val_ids, steps, carry_state=False, from_logits=True
)
windowed = by_position.mean()
print(f"Characters processed in training: {epochs * x.size}")
print(
    f"Validation, one walk with carried state: {walked:.3f} bits per character"
)
print(
    f"Validation, each window from a blank state: {windowed:.3f} bits per "
    "character"
)
first, last = by_position[:10].mean(), by_position[-10:].mean()
print(f"  its first 10 characters: {first:.3f}, its last 10: {last:.3f}")
print(f"Carrying the state saves {windowed - walked:.3f} bits per character")
# --8<-- [end:evaluate]

# --8<-- [start:generate]
# A batch-1, one-step, stateful copy of the trained model (same weights) reads
# the prompt,
# then writes 200 characters, one call each. Each is drawn from the predicted
# distribution
# sharpened by a temperature of 0.7, with NumPy's generator (seeded above).
prompt = "CORIOLANUS:\n"
step_model = lstmstate.inference_copy(model)
sample = lstmstate.generate(
    step_model, chars.encode(prompt)[None, :], 200, temperature=0.7
)
text = prompt + chars.decode(sample[0])
print("Sample:")
# no trailing spaces
print("\n".join(line.rstrip() for line in text.splitlines()))
# --8<-- [end:generate]

train_bits = np.array(history.history["loss"]) / math.log(2)
figures.save_curves(
    "shakespeare-stateful.png",
    {"training": train_bits},
    levels={"validation (walk)": walked},
    title="Stateful LSTM, carried state",
    xlabel="pass over the training text",
    ylabel="bits per character",
)
