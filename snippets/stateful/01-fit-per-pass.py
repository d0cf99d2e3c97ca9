"""A stateful LSTM learns the alphabet as ONE sequence: the state carries over from batch to batch.

Batches hold one letter each (A, then B, ... then Y), in order. The layer's state is not reset
between them, so when it sees B it still remembers A. After each pass over the alphabet we
reset the state by hand: the next pass starts again from "nothing seen yet".

What changed from the book, and why the lesson is the same: the book made 300 passes with
16 units and Adam's default learning rate (0.001), one model.fit(epochs=1) call per pass.
Here the layer has 32 units and Adam starts at 0.03 and slows down along a cosine curve, so
70 passes are enough; each pass is still one fit call followed by a reset, and its 25
one-letter updates still happen in order, carrying the state along. Only the plumbing is faster: the 25 updates of a pass run
in one call into TensorFlow (steps_per_execution=25), from a tf.data.Dataset built once.
"""

import keras
import matplotlib
import numpy as np
import tensorflow as tf
from lstmstate.alphabet import ALPHABET, decode, encode, scale, windows

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the file-only backend

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

letters, next_letters = windows(1)
x = scale(letters).reshape(-1, 1, 1)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))
# fit never shuffles a Dataset, so the pairs arrive in order (the book's shuffle=False).
# drop_remainder=True makes the batch size a static 1, which a stateful layer needs.
in_order = tf.data.Dataset.from_tensor_slices((x, y)).batch(1, drop_remainder=True)

# --8<-- [start:model]
lstm = keras.layers.LSTM(32, stateful=True, unroll=True)  # 1 step: no loop, faster fits
model = keras.Sequential([
    keras.Input(batch_shape=(1, 1, 1)),  # (batch, time steps, features): the batch size is fixed
    lstm,
    keras.layers.Dense(len(ALPHABET), activation="softmax"),
])
# --8<-- [end:model]

# --8<-- [start:gone]
try:
    model.reset_states()  # Keras 2's way
except AttributeError as error:
    print(f"AttributeError: {error}")
# --8<-- [end:gone]

# --8<-- [start:train]
PASSES = 70
# 0.03 at first, 0.0015 by the last pass: fast early, steady at the end (25 updates a pass).
learning_rate = keras.optimizers.schedules.CosineDecay(0.03, decay_steps=PASSES * 25, alpha=0.05)
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate),
              steps_per_execution=25)
losses = []
for _ in range(PASSES):
    history = model.fit(in_order, epochs=1, verbose=0)  # one pass: A->B ... Y->Z, state carried
    lstm.reset_state()  # end of the sequence: forget it before the next pass
    losses += history.history["loss"]
# --8<-- [end:train]


def next_letter(letter):
    """Feed one letter (moving the state on) and return the letter the model predicts."""
    probabilities = model.predict_on_batch(scale(encode(letter)).reshape(1, 1, 1))
    return decode(probabilities.argmax(axis=1))


# --8<-- [start:evaluate]
lstm.reset_state()
predicted = "".join(next_letter(letter) for letter in ALPHABET[:-1])  # A to Y, in order
print(f"Model accuracy: {np.mean([p == t for p, t in zip(predicted, ALPHABET[1:])]):.2%}")
# --8<-- [end:evaluate]
print(f"Loss of the last pass: {losses[-1]:.4f}")

# --8<-- [start:generate]
lstm.reset_state()
letter, generated = "A", ""
for _ in range(25):
    letter = next_letter(letter)  # feed each prediction back in
    generated += letter
print(f"From A: {generated}")

lstm.reset_state()  # cold start: the state has seen nothing, as if K were the first letter
print(f"Cold start, K -> {next_letter('K')}")

lstm.reset_state()
for letter in "ABCDEFGHIJ":  # warm the state up with A..J first
    next_letter(letter)
print(f"After A..J, K -> {next_letter('K')}")
# --8<-- [end:generate]

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(range(1, len(losses) + 1), losses)
ax.set(xlabel="pass over the alphabet (fit call)", ylabel="mean loss of the pass")
fig.savefig("stateful-loop-loss.png", bbox_inches="tight")
