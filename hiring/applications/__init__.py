"""Applications: a candidate in a position, its stage and status, and its history."""
