"""Train on whole sequences, generate one step at a time."""

import keras
import numpy as np
from lstmstate import generate, inference_copy
from lstmstate.tutorial.alphabet import ALPHABET, decode, encode, scale

keras.utils.set_random_seed(11)

# Training data: every stretch of 8 letters of the alphabet, with the next
# letter at each step.
codes = np.arange(len(ALPHABET))
starts = range(len(ALPHABET) - 8)
x = scale(np.stack([codes[s : s + 8] for s in starts]))[..., None]
y = np.stack([codes[s + 1 : s + 9] for s in starts])

model = keras.Sequential(
    [
        keras.Input(shape=(8, 1)),
        # 8 steps: unrolled is faster
        keras.layers.LSTM(32, return_sequences=True, unroll=True),
        keras.layers.Dense(len(ALPHABET), activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.01),
    loss="sparse_categorical_crossentropy",
    # PyTorch: one update per call (Keras allows no more there)
    steps_per_execution=1 if keras.backend.backend() == "torch" else 50,
)
model.fit(
    np.concatenate([x] * 400),  # 400 full-batch updates
    np.concatenate([y] * 400),
    batch_size=len(x),
    shuffle=False,
    verbose=0,
)
correct = model.predict(x, verbose=0).argmax(-1) == y
print(
    "Training accuracy at step 1 (one letter seen): "
    f"{correct[:, 0].mean():.2%}"
)
print(f"Training accuracy at steps 2-8: {correct[:, 1:].mean():.2%}")

# --8<-- [start:generate]
# batch size 1, one time step per call, stateful
step_model = inference_copy(model)
print("step model input:", step_model.input_shape)
prompt = scale(encode("CDE")).reshape(1, 3, 1)
ids = generate(
    step_model, prompt, n_steps=10, encode=lambda ids: scale(ids).reshape(1, 1)
)
print("CDE ->", decode(ids[0]))
# --8<-- [end:generate]
