"""A character-level LSTM that walks through the text, carrying its state from batch to batch."""

import importlib.resources
import math

import keras
import lstmstate
import matplotlib
import numpy as np
import tensorflow as tf

matplotlib.use("Agg")
import matplotlib.pyplot as plt

keras.utils.set_random_seed(7)
tf.config.experimental.enable_op_determinism()

# --8<-- [start:data]
# About 100 KB of Shakespeare, shipped with lstmstate. The last 10% is held out.
path = importlib.resources.files("lstmstate") / "data" / "tinyshakespeare_100k.txt"
text = path.read_text(encoding="utf-8")
chars = sorted(set(text))
char_to_id = {c: i for i, c in enumerate(chars)}
ids = np.array([char_to_id[c] for c in text], dtype="int32")
split = len(ids) * 9 // 10
train_ids, val_ids = ids[:split], ids[split:]
print(f"{len(text)} characters, {len(chars)} distinct")
print(f"{len(train_ids)} to train, {len(val_ids)} to validate")
# --8<-- [end:data]

# --8<-- [start:model]
rows, steps, epochs = 64, 50, 10


def build(batch_shape, stateful):
    return keras.Sequential(
        [
            keras.Input(batch_shape=batch_shape),
            keras.layers.Embedding(len(chars), 32),
            keras.layers.LSTM(128, return_sequences=True, stateful=stateful),
            keras.layers.Dense(len(chars)),  # scores for the next character
        ]
    )


loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
# --8<-- [end:model]

# --8<-- [start:train]
# The training text cut into 64 long columns, 50 characters per batch and row:
# row i of batch k+1 continues row i of batch k, so the carried state is the right one.
# y is x shifted by one character; both of shape (batches, 64, 50).
x, y = lstmstate.batchify_pairs(train_ids, rows, steps)
print("Batches per pass:", x.shape[0], "of", x.shape[1:], "characters")

model = build((rows, steps), stateful=True)
model.compile(loss=loss, optimizer=keras.optimizers.Adam(learning_rate=0.01))
history = model.fit(
    x.reshape(-1, steps),  # batches one after another, in order
    y.reshape(-1, steps),
    batch_size=rows,
    shuffle=False,  # shuffling would break the columns
    epochs=epochs,
    callbacks=[lstmstate.ResetStates()],  # blank state at the start of each pass
    verbose=0,
)
# Gradients stop at the start of each batch (truncated backpropagation, 50 steps);
# the state itself flows on through the whole column.
# --8<-- [end:train]

# --8<-- [start:evaluate]
n = (len(val_ids) - 1) // steps
val_x = val_ids[: n * steps].reshape(n, steps)
val_y = val_ids[1 : n * steps + 1].reshape(n, steps)

# Walk the validation text in one column, 50 characters per call, state carried throughout.
walker = build((1, steps), stateful=True)
walker.set_weights(model.get_weights())
walker.compile(loss=loss)
lstmstate.reset_states(walker)
walked = walker.evaluate(val_x, val_y, batch_size=1, verbose=0) / math.log(2)

# The same characters, but each 50-character window read from a blank state.
windows = build((None, steps), stateful=False)
windows.set_weights(model.get_weights())
scores = windows.predict(val_x, batch_size=n, verbose=0)  # (windows, 50, characters)
nats = keras.losses.sparse_categorical_crossentropy(val_y, scores, from_logits=True)
by_position = keras.ops.convert_to_numpy(nats).mean(axis=0) / math.log(2)  # 50 values

print(f"Characters processed in training: {epochs * x.size}")
print(f"Validation, one walk with carried state: {walked:.3f} bits per character")
print(f"Validation, each window from a blank state: {by_position.mean():.3f} bits per character")
first, last = by_position[:10].mean(), by_position[-10:].mean()
print(f"  its first 10 characters: {first:.3f}, its last 10: {last:.3f}")
# --8<-- [end:evaluate]

# --8<-- [start:generate]
# A batch-1, one-step, stateful copy of the trained model (same weights) writes 200
# characters, one call each. Each character is drawn from the predicted distribution,
# sharpened by a temperature of 0.7, with NumPy's generator (seeded above).
step_model = lstmstate.inference_copy(model)
lstmstate.reset_states(step_model)
prompt = "CORIOLANUS:\n"
for c in prompt:  # read the prompt: it warms up the state
    scores = step_model.predict_on_batch(np.array([[char_to_id[c]]]))
sample = prompt
for _ in range(200):
    logits = scores[0, -1].astype("float64") / 0.7
    p = np.exp(logits - logits.max())
    next_id = np.random.choice(len(chars), p=p / p.sum())
    sample += chars[next_id]
    scores = step_model.predict_on_batch(np.array([[next_id]]))
print("Sample:")
print("\n".join(line.rstrip() for line in sample.splitlines()))  # no trailing spaces
# --8<-- [end:generate]

plt.figure(figsize=(5, 3))
train_bits = np.array(history.history["loss"]) / math.log(2)
plt.plot(range(1, epochs + 1), train_bits, marker="o", label="training")
plt.axhline(walked, color="C1", linestyle="--", label="validation (walk)")
plt.xlabel("pass over the training text")
plt.ylabel("bits per character")
plt.title("Stateful LSTM, carried state")
plt.legend()
plt.tight_layout()
plt.savefig("shakespeare-stateful.png", dpi=80)
