"""The random draw of a review group, as a pure function anyone can recompute from the record."""

import random
import secrets


def new_seed() -> str:
    return secrets.token_hex(16)


def draw(seed: str, pool_ids, size: int) -> list[int]:
    """The ``size`` ids drawn from ``pool_ids`` with ``seed``: the same seed and pool give the same draw.

    The pool is sorted first, so the order in which it was read does not matter.
    """
    return random.Random(seed).sample(sorted(pool_ids), size)
