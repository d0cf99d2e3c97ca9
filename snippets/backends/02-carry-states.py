"""The same probe after lstmstate.carry_states, on the backend you run."""

import keras
from lstmstate import carry_states
from lstmstate.tutorial.statemoves import probe_rows

# --8<-- [start:probe]
print(f"Keras {keras.__version__}, backend: {keras.backend.backend()}")
for row, verdict in probe_rows(carry=carry_states):  # each model, once built
    print(f"{row}: {verdict}")
# --8<-- [end:probe]
