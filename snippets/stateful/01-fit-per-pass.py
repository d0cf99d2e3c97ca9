"""A stateful LSTM learns the alphabet as one sequence."""

import keras
import matplotlib
import numpy as np
from lstmstate import carry_states
from lstmstate.tutorial.alphabet import (
    ALPHABET,
    decode,
    encode,
    scale,
    windows,
)

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

keras.utils.set_random_seed(7)

letters, next_letters = windows(1)
x = scale(letters).reshape(-1, 1, 1)
y = keras.utils.to_categorical(next_letters, num_classes=len(ALPHABET))

# --8<-- [start:model]
# 1 step: no loop, faster fits
lstm = keras.layers.LSTM(48, stateful=True, unroll=True)
model = keras.Sequential(
    [
        # (batch, time steps, features): the batch size is fixed
        keras.Input(batch_shape=(1, 1, 1)),
        lstm,
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
# JAX and PyTorch: let fit and predict carry the state as on TensorFlow,
# where this changes nothing
carry_states(model)
# --8<-- [end:model]

# --8<-- [start:gone]
try:
    model.reset_states()  # Keras 2's way
except AttributeError as error:
    print(f"AttributeError: {error}")
# --8<-- [end:gone]

# --8<-- [start:train]
PASSES = 70
# 0.03 at first, 0.0015 by the last pass: fast early, steady at the end (25
# updates a pass).
learning_rate = keras.optimizers.schedules.CosineDecay(
    0.03, decay_steps=PASSES * 25, alpha=0.05
)
model.compile(
    loss="categorical_crossentropy",
    optimizer=keras.optimizers.Adam(learning_rate),
    # a pass per call (PyTorch: one update per call, all Keras allows)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 25,
)
losses = []
for _ in range(PASSES):
    # one pass: A->B ... Y->Z, state carried
    history = model.fit(x, y, batch_size=1, shuffle=False, verbose=0)
    lstm.reset_state()  # end of the sequence: forget it before the next pass
    losses += history.history["loss"]
# --8<-- [end:train]


def next_letter(letter):
    """Feed one letter (moving the state on) and return the letter the model
    predicts.
    """
    probabilities = model.predict_on_batch(
        scale(encode(letter)).reshape(1, 1, 1)
    )
    return decode(probabilities.argmax(axis=1))


# --8<-- [start:evaluate]
lstm.reset_state()
# A to Y, in order
predicted = "".join(next_letter(letter) for letter in ALPHABET[:-1])
print(
    "Model accuracy: "
    f"{np.mean([p == t for p, t in zip(predicted, ALPHABET[1:])]):.2%}"
)
# --8<-- [end:evaluate]
print(f"Loss of the last pass: {losses[-1]:.4f}")

# --8<-- [start:generate]
lstm.reset_state()
letter, generated = "A", ""
for _ in range(25):
    letter = next_letter(letter)  # feed each prediction back in
    generated += letter
print(f"From A: {generated}")

# cold start: the state has seen nothing, as if K were the first letter
lstm.reset_state()
print(f"Cold start, K -> {next_letter('K')}")

lstm.reset_state()
for letter in "ABCDEFGHIJ":  # warm the state up with A..J first
    next_letter(letter)
print(f"After A..J, K -> {next_letter('K')}")
# --8<-- [end:generate]

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(range(1, len(losses) + 1), losses)
ax.set(
    xlabel="pass over the alphabet (fit call)", ylabel="mean loss of the pass"
)
fig.savefig("stateful-loop-loss.png", bbox_inches="tight")
