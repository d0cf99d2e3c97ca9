"""The same character-level LSTM, stateless, trained on shuffled windows of 50 characters."""

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
# The training text cut into windows of 50 characters (the target: each next character).
# Each window starts from a blank state, so the windows can be shuffled freely.
n_train = (len(train_ids) - 1) // (rows * steps) * rows  # whole batches, as in the stateful run
x = train_ids[: n_train * steps].reshape(n_train, steps)
y = train_ids[1 : n_train * steps + 1].reshape(n_train, steps)
print("Batches per pass:", n_train // rows, "of", (rows, steps), "characters")

model = build((None, steps), stateful=False)
model.compile(loss=loss, optimizer=keras.optimizers.Adam(learning_rate=0.01))
history = model.fit(x, y, batch_size=rows, shuffle=True, epochs=epochs, verbose=0)
# --8<-- [end:train]

# --8<-- [start:evaluate]
n = (len(val_ids) - 1) // steps
val_x = val_ids[: n * steps].reshape(n, steps)
val_y = val_ids[1 : n * steps + 1].reshape(n, steps)

# Each 50-character window of the validation text read from a blank state, as in training.
scores = model.predict(val_x, batch_size=n, verbose=0)  # (windows, 50, characters)
nats = keras.losses.sparse_categorical_crossentropy(val_y, scores, from_logits=True)
by_position = keras.ops.convert_to_numpy(nats).mean(axis=0) / math.log(2)  # 50 values
windowed = by_position.mean()

# The same characters walked in one column with the state carried (a stateful copy).
walker = build((1, steps), stateful=True)
walker.set_weights(model.get_weights())
walker.compile(loss=loss)
lstmstate.reset_states(walker)
walked = walker.evaluate(val_x, val_y, batch_size=1, verbose=0) / math.log(2)

print(f"Characters processed in training: {epochs * x.size}")
print(f"Validation, each window from a blank state: {windowed:.3f} bits per character")
first, last = by_position[:10].mean(), by_position[-10:].mean()
print(f"  its first 10 characters: {first:.3f}, its last 10: {last:.3f}")
print(f"Validation, one walk with carried state: {walked:.3f} bits per character")
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
plt.axhline(windowed, color="C1", linestyle="--", label="validation (windows)")
plt.xlabel("pass over the training text")
plt.ylabel("bits per character")
plt.title("Stateless LSTM, shuffled windows")
plt.legend()
plt.tight_layout()
plt.savefig("shakespeare-stateless.png", dpi=80)
