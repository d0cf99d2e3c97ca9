"""Original recipe: long memory, a stateful LSTM trained one time step at a time, ported to Keras 3.

From "Self-explanatory Examples of Stateful LSTMs": 1200 sequences of 20 steps, all zeros
except the first step, which is 1 in half of them; the label is that first step. 1000 train.
LSTM(10, stateful=True) with a batch of one step of one sequence, batch_shape (1, 1, 1);
train_on_batch on each step with the sequence's label, the state reset after each sequence;
2 epochs. The post reports training accuracy 1.0 (mean of the per-step accuracies of an epoch)
and about 7 minutes in all.

Changed from the post, and nothing else: `keras.Input(batch_shape=(1, 1, 1))`,
`layer.reset_state()`, `keras.utils.set_random_seed(7)` (instead of an unseeded NumPy), and
the accuracy printed once, for the last epoch, as "Model accuracy". The post also walked the
200 validation sequences after each epoch (test_on_batch, then predict_on_batch); that is
evaluation, not training, and is left out.
BENCH_FRACTION (default 1) scales the number of training sequences of each epoch, for timing
over a declared fraction.
"""

import os

import keras
import numpy as np

FRACTION = float(os.environ.get("BENCH_FRACTION", "1"))

keras.utils.set_random_seed(7)
N, N_TRAIN, MAX_LEN = 1200, 1000, 20
SEQUENCES = max(1, round(N_TRAIN * FRACTION))
X = np.zeros((N, MAX_LEN))
X[np.random.choice(N, size=N // 2, replace=False), 0] = 1  # the long-term memory
Y = X[:, 0]
X = X.reshape(X.shape + (1,))
Y = Y.reshape(Y.shape + (1,))
X_train, Y_train = X[:N_TRAIN], Y[:N_TRAIN]

lstm = keras.layers.LSTM(10, stateful=True)
model = keras.Sequential([
    keras.Input(batch_shape=(1, 1, 1)),
    lstm,
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

for epoch in range(2):
    accuracies = []
    for i in range(SEQUENCES):
        y_true = Y_train[i]
        for j in range(MAX_LEN):
            loss, accuracy = model.train_on_batch(X_train[i][j].reshape(1, 1, 1), np.array([y_true]))
            accuracies.append(accuracy)
        lstm.reset_state()

print(f"Model accuracy: {np.mean(accuracies) * 100:.2f}%")
