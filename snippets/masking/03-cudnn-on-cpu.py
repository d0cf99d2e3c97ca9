"""Where the cuDNN mask check sits, and what reaches it on a CPU."""

import importlib

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(9)

# The module, not the function of the same name that the package exports.
tf_rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")
PAD = -1.0

# --8<-- [start:layers]
x = np.random.default_rng(2).random((3, 5, 1)).astype("float32")
pre = x.copy()
pre[:, :2] = PAD  # two padded steps in front of each row
post = x.copy()
post[:, 3:] = PAD  # two padded steps behind
all_padding = post.copy()
all_padding[2] = PAD  # the last row is nothing but padding
y = np.zeros((3, 4), dtype="float32")
print("GPU visible to TensorFlow:", tf_rnn._is_gpu_available())


def attempt(run):
    try:
        run()
        return "ok"
    except ValueError as e:
        if "use_cudnn=True was specified" in str(e):
            return "ValueError (use_cudnn=True was specified, ...)"
        return type(e).__name__
    except tf.errors.InvalidArgumentError as e:
        return "InvalidArgumentError" + (
            " (right-padded)" if "right-padded" in str(e) else ""
        )


for use_cudnn in (True, "auto"):
    inputs = keras.Input(shape=(5, 1))
    layer = keras.layers.LSTM(4, use_cudnn=use_cudnn)
    model = keras.Model(inputs, layer(keras.layers.Masking(PAD)(inputs)))
    model.compile(optimizer="sgd", loss="mse")
    for name, data in [
        ("pre-padded", pre),
        ("post-padded", post),
        ("all-padding row", all_padding),
    ]:
        results = {
            "call": attempt(lambda: model(data)),
            "predict": attempt(lambda: model.predict(data, verbose=0)),
            "evaluate": attempt(lambda: model.evaluate(data, y, verbose=0)),
            "fit": attempt(lambda: model.fit(data, y, verbose=0)),
        }
        if len(set(results.values())) == 1:
            summary = "call, predict, evaluate, fit: " + results["call"]
        else:
            summary = ", ".join(f"{k}: {v}" for k, v in results.items())
        print(f"use_cudnn={use_cudnn!r}, {name}: {summary}")

# Without a Masking layer there is no mask at all.
unmasked = keras.Sequential(
    [keras.Input(shape=(5, 1)), keras.layers.LSTM(4, use_cudnn=True)]
)
print("use_cudnn=True, no mask, call:", attempt(lambda: unmasked(x)))
# --8<-- [end:layers]

# --8<-- [start:assert]
# The check itself, called directly (on a GPU, _cudnn_lstm calls it).
masks = {
    name: tf.constant(data[..., 0] != PAD)
    for name, data in [
        ("pre-padded", pre),
        ("post-padded", post),
        ("all-padding row", all_padding),
    ]
}
for name, mask in masks.items():
    print(f"check, {name}:", attempt(lambda: tf_rnn._assert_valid_mask(mask)))


# The shape of tf_rnn.lstm(): a failed check becomes NotImplementedError,
# which LSTM.inner_loop answers with the generic kernel.
def choose_kernel(mask):
    try:
        tf_rnn._assert_valid_mask(mask)
        return "cuDNN"
    except tf.errors.InvalidArgumentError:
        return "generic"


compiled = tf.function(lambda mask: tf.constant(choose_kernel(mask)))
for name, mask in masks.items():
    print(f"eager, {name}: chooses", choose_kernel(mask))

    def in_graph(mask=mask):
        print(f"tf.function, {name}: chooses", compiled(mask).numpy().decode())

    result = attempt(in_graph)
    if result != "ok":
        print(f"tf.function, {name}: {result} when the graph runs")
# --8<-- [end:assert]
