"""The cost of one generation step, called four ways."""

import time

import keras
import numpy as np
from lstmstate import carry_states, reset_states

keras.utils.set_random_seed(5)

backend = keras.backend.backend()
model = keras.Sequential(
    [
        keras.Input(batch_shape=(1, 1, 8)),  # batch 1, one time step
        keras.layers.LSTM(32, stateful=True),
        keras.layers.Dense(8),
    ]
)
carry_states(model)  # JAX, PyTorch: predict* carry the state too
x = np.ones((1, 1, 8), "float32")


# --8<-- [start:hand-written]
def hand_written_step():
    """One step compiled by the backend's own tool (PyTorch: no autograd)."""
    if backend == "tensorflow":
        import tensorflow as tf

        return "tf.function(model)", tf.function(model)
    if backend == "jax":
        import jax

        @jax.jit
        def pure_step(trainable, non_trainable, x):
            return model.stateless_call(trainable, non_trainable, x)

        def step(x):
            y, state = pure_step(
                [v.value for v in model.trainable_variables],
                [v.value for v in model.non_trainable_variables],
                x,
            )
            # the new state (carry_states lists it here) back in the layer
            for variable, value in zip(model.non_trainable_variables, state):
                variable.assign(value)
            return y

        return "jax.jit(model.stateless_call)", step
    import torch

    def step(x):
        with torch.no_grad():
            return model(x)

    return "model(x) under torch.no_grad()", step


# --8<-- [end:hand-written]


name, hand_written = hand_written_step()
ways = {
    "predict": lambda x: model.predict(x, verbose=0),
    "predict_on_batch": model.predict_on_batch,
    "model(x)": model,
    "hand-written step": hand_written,
}


def outputs(step, n=3):
    reset_states(model)
    return [keras.ops.convert_to_numpy(step(x)) for _ in range(n)]


def seconds_per_step(step, budget=0.2):
    step(x)  # the first call compiles
    n, start = 0, time.perf_counter()
    while n < 5 or time.perf_counter() - start < budget:
        keras.ops.convert_to_numpy(step(x))  # as a generation loop does
        n += 1
    return (time.perf_counter() - start) / n


reference = outputs(model)
print("hand-written step here:", name)
for way, step in ways.items():
    if way == "model(x)":
        continue
    same = all(
        np.allclose(a, b, atol=1e-5) for a, b in zip(outputs(step), reference)
    )
    print(f"{way}: same 3 steps as model(x): {same}")

seconds = {way: seconds_per_step(step) for way, step in ways.items()}
print("time per step, relative to predict_on_batch:")
for way in ["predict", "model(x)", "hand-written step"]:
    ratio = seconds[way] / seconds["predict_on_batch"]
    print(
        f"  {way}: {ratio:.0f}x" if ratio >= 10 else f"  {way}: {ratio:.1f}x"
    )
