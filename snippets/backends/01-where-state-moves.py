"""Where Keras moves a stateful LSTM's state, on the backend you run."""

import keras
from lstmstate.tutorial.statemoves import probe_rows

# --8<-- [start:probe]
print(f"Keras {keras.__version__}, backend: {keras.backend.backend()}")
for row, verdict in probe_rows():  # Keras alone
    print(f"{row}: {verdict}")
# --8<-- [end:probe]
