"""The book's alphabet string with an extra G: what it does to the data."""

from string import (
    ascii_uppercase as ALPHABET,
)  # "ABC...XYZ", the correct alphabet

# --8<-- [start:typo]
book_alphabet = "ABCDEFGHGIJKLMNOPQRSTUVWXYZ"  # as printed: "...FGHGIJ..."
print(
    f"{len(book_alphabet)} characters, {len(set(book_alphabet))} different "
    "letters"
)

# A dict built from enumerate() keeps the LAST index of a repeated key: G gets
# 8, after H's 7.
char_to_int = {char: index for index, char in enumerate(book_alphabet)}
print(
    f"G -> {char_to_int['G']}, H -> {char_to_int['H']}, Z -> "
    f"{char_to_int['Z']}"
)

# The book's windows: three letters in, the following letter out.
pairs = [
    (book_alphabet[i : i + 3], book_alphabet[i + 3])
    for i in range(len(book_alphabet) - 3)
]
wrong = [
    f"{window} -> {after}"
    for window, after in pairs
    if window + after not in ALPHABET
]
print(
    f"{len(pairs)} training pairs, {len(wrong)} of them teach a wrong "
    "sequence:"
)
for pair in wrong:
    print("  " + pair)
# --8<-- [end:typo]

# The book reports 86.96% = 20 of 23 windows, and prints 23 windows with no GHG
# among them.
# With 24 windows, no count can give 86.96%: the printed run used the correct
# alphabet.
print(f"20/23 = {20 / 23:.2%}; 20/24 = {20 / 24:.2%}; 21/24 = {21 / 24:.2%}")
