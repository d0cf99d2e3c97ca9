"""Original recipe: the whole data set as one batch (the book's chapter 27.5), ported to Keras 3.

The naive model with 16 LSTM units, fed all 25 pairs as one ordered batch
(batch_size=len(data), shuffle=False) for 5000 epochs, Adam at its default learning rate.
The book reports "Model Accuracy: 100.00%".

Changed from the book, and nothing else: `keras.utils.to_categorical`, a leading `keras.Input`,
`keras.utils.set_random_seed(7)`, verbose=0, and no demonstration printout after the accuracy.
BENCH_FRACTION (default 1) scales the number of epochs, for timing over a declared fraction.
"""

import os

import keras
import numpy as np

FRACTION = float(os.environ.get("BENCH_FRACTION", "1"))
EPOCHS = max(1, round(5000 * FRACTION))

keras.utils.set_random_seed(7)
alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
index = {letter: i for i, letter in enumerate(alphabet)}
inputs = [[index[letter]] for letter in alphabet[:-1]]
targets = [index[letter] for letter in alphabet[1:]]
x = np.reshape(inputs, (len(inputs), 1, 1)) / float(len(alphabet))
y = keras.utils.to_categorical(targets)

model = keras.Sequential([
    keras.Input(shape=(1, 1)),
    keras.layers.LSTM(16),
    keras.layers.Dense(y.shape[1], activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x, y, epochs=EPOCHS, batch_size=len(inputs), shuffle=False, verbose=0)

scores = model.evaluate(x, y, verbose=0)
print(f"Model accuracy: {scores[1] * 100:.2f}%")
