"""Runs of 1 to 5 letters, zero-padded in front to 5 steps."""

import keras
import matplotlib
import numpy as np
from lstmstate.tutorial.alphabet import ALPHABET, decode, scale

matplotlib.use("Agg")
# imported after choosing the file-only backend
import matplotlib.pyplot as plt  # noqa: E402

# seeds NumPy's global generator too, used for the data
keras.utils.set_random_seed(7)

# --8<-- [start:data]
MAX_LEN, SAMPLES = 5, 1000
starts = np.random.randint(0, len(ALPHABET) - 2, size=SAMPLES)
ends = np.array(
    [np.random.randint(s, min(s + MAX_LEN, len(ALPHABET) - 1)) for s in starts]
)
# letter indices
runs = [list(range(start, end + 1)) for start, end in zip(starts, ends)]
targets = ends + 1  # the letter after each run

# zeros in front: shape (1000, 5)
padded = keras.utils.pad_sequences(runs, maxlen=MAX_LEN)
# --8<-- [end:data]
for run, row in list(zip(runs, padded))[:3]:
    print(
        f"{decode(run):>5} -> padded {row.tolist()} -> {decode([run[-1] + 1])}"
    )

# --8<-- [start:distinct]
# 1000 draws, but far fewer different runs. Training on each different run
# once, weighted
# by how often it was drawn, gives exactly the loss of a full batch of all 1000
# samples,
# for a ninth of the arithmetic.
distinct, counts = np.unique(padded, axis=0, return_counts=True)
# average weight 1
weights = (counts * len(distinct) / SAMPLES).astype("float32")
print(f"{SAMPLES} samples, {len(distinct)} different runs")
# --8<-- [end:distinct]
x_distinct = scale(distinct)[..., np.newaxis]  # (runs, 5 steps, 1 feature)
y_distinct = keras.utils.to_categorical(distinct[:, -1] + 1, len(ALPHABET))

model = keras.Sequential(
    [
        keras.Input(shape=(MAX_LEN, 1)),
        # 5 steps: unrolled is faster than a loop
        keras.layers.LSTM(32, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
# --8<-- [start:train]
# A high learning rate, lowered along a cosine over the 2000 updates, to settle
# at the end.
schedule = keras.optimizers.schedules.CosineDecay(
    0.1, decay_steps=2000, alpha=0.02
)
model.compile(
    loss="categorical_crossentropy",
    optimizer=keras.optimizers.Adam(schedule),
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 250,
)
history = model.fit(
    np.concatenate([x_distinct] * 250),  # an epoch: 250 full-batch updates
    np.concatenate([y_distinct] * 250),
    sample_weight=np.concatenate([weights] * 250),
    batch_size=len(x_distinct),
    epochs=8,
    shuffle=False,
    verbose=0,
)
# --8<-- [end:train]

# Scored as the book did: on the 1000 training samples.
predicted = model.predict_on_batch(scale(padded)[..., np.newaxis]).argmax(
    axis=1
)
print(f"Model accuracy: {(predicted == targets).mean():.2%}")
wrong = sorted(
    {
        decode(run)
        for run, guess in zip(runs, predicted)
        if guess != run[-1] + 1
    }
)
print(f"Runs still wrong: {wrong}")

fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
ax.plot(np.arange(1, 9) * 250, history.history["loss"], "d-")
ax.set(
    xlabel="full-batch updates",
    ylabel="weighted loss",
    title="Padded runs of 1-5 letters",
)
fig.savefig("variable-length-loss.png", bbox_inches="tight")
