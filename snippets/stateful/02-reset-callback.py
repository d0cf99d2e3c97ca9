"""The same stateful training in one fit call, reset by a callback."""

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


# --8<-- [start:callback]
class ResetEveryPass(keras.callbacks.Callback):
    """Zero a stateful layer's state when an epoch (a pass over the sequence)
    begins.
    """

    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    def on_epoch_begin(self, epoch, logs=None):
        # At the start rather than the end: the first pass starts clean too,
        # whatever the model did before fit was called.
        self.layer.reset_state()


# --8<-- [end:callback]


letters, next_letters = windows(1)
x = scale(letters).reshape(-1, 1, 1)
y = keras.utils.to_categorical(next_letters, len(ALPHABET))

# Functional form; keras.Input(shape=..., batch_size=1) is the other way to fix
# the batch size.
inputs = keras.Input(shape=(1, 1), batch_size=1)
state_layer = keras.layers.LSTM(48, stateful=True, unroll=True)
outputs = keras.layers.Dense(len(ALPHABET), activation="softmax")(
    state_layer(inputs)
)
model = keras.Model(inputs, outputs)
# JAX and PyTorch: let fit and predict carry the state as on
# TensorFlow, where this changes nothing
carry_states(model)

# --8<-- [start:train]
PASSES = 70
# Same schedule as the explicit loop: it counts updates, not fit calls.
decay = keras.optimizers.schedules.CosineDecay(
    0.03, decay_steps=PASSES * 25, alpha=0.05
)
model.compile(
    optimizer=keras.optimizers.Adam(decay),
    loss="categorical_crossentropy",
    # a pass per call (PyTorch: one update per call, all Keras allows)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 25,
)
# Create Adam's variables before fit: on TensorFlow, fit would otherwise trace
# its training step twice, once to create them and once to run it.
model.optimizer.build(model.trainable_variables)
history = model.fit(
    # the alphabet 70 times over, read as 70 epochs of 25 steps: with
    # steps_per_epoch, one data iterator serves every epoch
    np.tile(x, (PASSES, 1, 1)),
    np.tile(y, (PASSES, 1)),
    batch_size=1,  # one letter per batch, in order
    steps_per_epoch=len(x),
    shuffle=False,
    epochs=PASSES,
    callbacks=[ResetEveryPass(state_layer)],
    verbose=0,
)
# --8<-- [end:train]
print(f"Loss of the last pass: {history.history['loss'][-1]:.4f}")

# predict runs the 25 batches in order, carrying the state, like a pass of
# training.
state_layer.reset_state()
predicted = model.predict(x, batch_size=1, verbose=0).argmax(axis=1)
print(f"Model accuracy: {np.mean(predicted == next_letters):.2%}")

state_layer.reset_state()
code, text = encode("A")[0], ""
while len(text) < 25:  # each predicted letter becomes the next input
    code = int(model.predict_on_batch(scale([code]).reshape(1, 1, 1)).argmax())
    text += decode([code])
print(f"From A: {text}")

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(history.history["loss"], color="tab:green")
ax.set_xlabel("epoch = pass over the alphabet")
ax.set_ylabel("loss (mean over the pass)")
fig.savefig("stateful-callback-loss.png", bbox_inches="tight")
