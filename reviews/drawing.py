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


def draw_with_expert(seed: str, pool_ids, size: int, expert_ids) -> list[int]:
    """``draw``, then, where none of the drawn is an expert of the applicants' industry and the
    pool has one, the last drawn gives way to an expert drawn with the same seed (Qingyuan 二(四)).
    Without experts it is exactly ``draw``."""
    result = draw(seed, pool_ids, size)
    experts = sorted(set(expert_ids) & set(pool_ids))
    if not experts or not result or set(result) & set(experts):
        return result
    return [*result[:-1], random.Random(f"{seed}:industry").choice(experts)]
