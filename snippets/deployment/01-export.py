"""Export a stateful model for serving, then add a reset endpoint."""

import os
import tempfile

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(3)

model = keras.Sequential(
    [
        keras.Input(batch_shape=(1, 1, 1)),  # batch 1, one time step
        keras.layers.LSTM(4, stateful=True),
        keras.layers.Dense(1),
    ]
)
lstm = model.layers[0]
x = np.ones((1, 1, 1), "float32")
fresh = [model(x).numpy() for _ in range(2)]  # steps 1, 2 from zeros
lstm.reset_state()
folder = tempfile.mkdtemp()


def same(a, b):
    return bool(np.allclose(a, b, atol=1e-6))


# --8<-- [start:export]
try:
    model.export(os.path.join(folder, "any-batch"), verbose=False)
except ValueError as e:
    # the stable part of the message (it names the loop variable first)
    message = str(e)
    start = message.index("enters the loop")
    end = message.index("after one iteration") + len("after one iteration")
    print("export, no signature: ValueError: ..." + message[start:end])

spec = tf.TensorSpec((1, 1, 1), tf.float32)  # the model's fixed batch
model.export(
    os.path.join(folder, "fixed"), input_signature=[spec], verbose=False
)
served = tf.saved_model.load(os.path.join(folder, "fixed"))
print("endpoints:", sorted(served.signatures))
first, second = served.serve(x), served.serve(x)
print("call 1 = fresh step 1:", same(first, fresh[0]))
print("call 2 = fresh step 2 (state carried):", same(second, fresh[1]))
state_shaped = [v for v in served.variables if v.shape == (1, 4)]
print("artifact variables shaped like the state:", len(state_shaped))
# --8<-- [end:export]

# --8<-- [start:saved-state]
model(x)  # one step: the state is no longer zeros
model.export(
    os.path.join(folder, "warm"), input_signature=[spec], verbose=False
)
warm = tf.saved_model.load(os.path.join(folder, "warm"))
print(
    "exported after a step, call 1 = fresh step 2:",
    same(warm.serve(x), fresh[1]),
)
lstm.reset_state()
# --8<-- [end:saved-state]

# --8<-- [start:archive]
archive = keras.export.ExportArchive()
archive.track(model)
archive.add_endpoint("step", model, input_signature=[spec])


def reset():
    lstm.reset_state()
    return tf.constant(True)


archive.add_endpoint("reset", reset, input_signature=[])
archive.write_out(os.path.join(folder, "with-reset"), verbose=False)

server = tf.saved_model.load(os.path.join(folder, "with-reset"))
print("endpoints:", sorted(server.signatures))
a, b = server.step(x), server.step(x)
server.reset()
c = server.step(x)
print("step, step: state carried:", same(b, fresh[1]))
print("reset, step = fresh step 1:", same(c, fresh[0]))
# The same through the signatures a serving system calls:
step, reset_sig = server.signatures["step"], server.signatures["reset"]
print(
    "step signature:",
    list(step.structured_input_signature[1]),
    "->",
    list(step.structured_outputs),
)
reset_sig()
y = step(args_0=tf.constant(x))["output_0"]
print("signatures: reset, step = fresh step 1:", same(y, fresh[0]))
# --8<-- [end:archive]
