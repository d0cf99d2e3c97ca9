"""Original recipe: variable-length input (the book's chapter 27.7), ported to Keras 3.

1000 random substrings of 1 to 5 letters of the alphabet, each labelled with the letter that
follows it, pre-padded with zeros to 5 time steps; LSTM(32), Adam at its default learning
rate, 500 epochs at batch size 1. The book reports "Model Accuracy: 98.90%".

Changed from the book, and nothing else: `keras.utils.pad_sequences` (the canonical name of
keras.preprocessing.sequence.pad_sequences), `keras.utils.to_categorical`, a leading
`keras.Input`, `keras.utils.set_random_seed(7)`, verbose=0, no printout of the substrings,
and no demonstration printout after the accuracy.
BENCH_FRACTION (default 1) scales the number of epochs, for timing over a declared fraction.
"""

import os

import keras
import numpy as np

FRACTION = float(os.environ.get("BENCH_FRACTION", "1"))
EPOCHS = max(1, round(500 * FRACTION))

keras.utils.set_random_seed(7)
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
index = {letter: i for i, letter in enumerate(alphabet)}
num_inputs, max_len = 1000, 5
inputs, targets = [], []
for _ in range(num_inputs):
    start = np.random.randint(len(alphabet) - 2)
    end = np.random.randint(start, min(start + max_len, len(alphabet) - 1))
    inputs.append([index[letter] for letter in alphabet[start : end + 1]])
    targets.append(index[alphabet[end + 1]])
x = keras.utils.pad_sequences(inputs, maxlen=max_len, dtype="float32")  # zeros in front
x = np.reshape(x, (len(inputs), max_len, 1)) / float(len(alphabet))
y = keras.utils.to_categorical(targets)

model = keras.Sequential([
    keras.Input(shape=(max_len, 1)),
    keras.layers.LSTM(32),
    keras.layers.Dense(y.shape[1], activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y, epochs=EPOCHS, batch_size=1, verbose=0)

scores = model.evaluate(x, y, verbose=0)
print(f"Model accuracy: {scores[1] * 100:.2f}%")
