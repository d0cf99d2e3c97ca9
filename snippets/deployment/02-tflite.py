"""A stateful model in TFLite: what keeps the state, what resets it."""

import importlib.util
import os
import tempfile
import warnings

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(3)

model = keras.Sequential(
    [
        keras.Input(batch_shape=(1, 1, 1)),
        keras.layers.LSTM(4, stateful=True),
        keras.layers.Dense(1),
    ]
)
lstm = model.layers[0]
x = np.ones((1, 1, 1), "float32")
fresh = [model(x).numpy() for _ in range(3)]  # steps 1-3 from zeros
lstm.reset_state()
folder = tempfile.mkdtemp()
spec = tf.TensorSpec((1, 1, 1), tf.float32)


def same(a, b):
    return bool(np.allclose(a, b, atol=1e-5))


# --8<-- [start:litert]
path = os.path.join(folder, "model.tflite")
try:
    model.export(path, format="litert", verbose=False)
except ValueError as e:  # the same error as model.export: a stable part
    message = str(e)
    start = message.index("enters the loop")
    end = message.index("after one iteration") + len("after one iteration")
    print("litert, no signature: ValueError: ..." + message[start:end])
model.export(path, format="litert", input_signature=[spec], verbose=False)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    interpreter = tf.lite.Interpreter(model_path=path)
installed = importlib.util.find_spec("ai_edge_litert") is not None
print("ai_edge_litert installed:", installed)
print(
    "tf.lite.Interpreter says it is deprecated:",
    any("deprecated" in str(w.message) for w in caught),
)
interpreter.allocate_tensors()
x_index = interpreter.get_input_details()[0]["index"]
y_index = interpreter.get_output_details()[0]["index"]


def invoke(interpreter):
    interpreter.set_tensor(x_index, x)
    interpreter.invoke()
    return interpreter.get_tensor(y_index)


print("invoke 1 = fresh step 1:", same(invoke(interpreter), fresh[0]))
print(
    "invoke 2 = fresh step 2 (state carried):",
    same(invoke(interpreter), fresh[1]),
)
interpreter.reset_all_variables()
print(
    "after reset_all_variables(): invoke = fresh step 3 (carried on):",
    same(invoke(interpreter), fresh[2]),
)
interpreter.allocate_tensors()
print(
    "after allocate_tensors(): invoke = fresh step 1 (reset):",
    same(invoke(interpreter), fresh[0]),
)
again = tf.lite.Interpreter(model_path=path)
again.allocate_tensors()
print(
    "new Interpreter: invoke = fresh step 1 (reset):",
    same(invoke(again), fresh[0]),
)
# --8<-- [end:litert]

# --8<-- [start:reset]
# The SavedModel with step and reset endpoints (previous listing)
archive = keras.export.ExportArchive()
archive.track(model)
archive.add_endpoint("step", model, input_signature=[spec])


def reset_state():
    lstm.reset_state()
    return tf.constant(True)


archive.add_endpoint("reset", reset_state, input_signature=[])
archive.write_out(os.path.join(folder, "with-reset"), verbose=False)

converter = tf.lite.TFLiteConverter.from_saved_model(
    os.path.join(folder, "with-reset"), signature_keys=["step", "reset"]
)
interpreter = tf.lite.Interpreter(model_content=converter.convert())
print("signatures:", sorted(interpreter.get_signature_list()))
step = interpreter.get_signature_runner("step")
reset = interpreter.get_signature_runner("reset")
a, b = step(args_0=x)["output_0"], step(args_0=x)["output_0"]
reset()
c = step(args_0=x)["output_0"]
print("step, step: state carried:", same(b, fresh[1]))
print("reset, step = fresh step 1:", same(c, fresh[0]))
# --8<-- [end:reset]
