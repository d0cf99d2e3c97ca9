"""The Chinese notes' prediction loop prints a leftover variable."""

alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The data preparation loop, as in the notes: seq_out is the target of the
# current pair.
for i in range(len(alphabet) - 1):
    seq_in, seq_out = alphabet[i], alphabet[i + 1]

# After the loop, seq_out still holds the last target. A prediction loop that
# prints it
# instead of its own result prints Z for every letter, whatever the model
# predicted.
# --8<-- [start:loop]
for seq_in in "ABC":
    result = "?"  # whatever the model predicts; the notes never print it
    print(seq_in, "->", seq_out)
# --8<-- [end:loop]
