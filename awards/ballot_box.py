"""The sealed ballot box of a secret vote: the ballots cast so far, as one AES-GCM ciphertext.

Pure functions; ``awards.services.votes`` explains why the box exists and who can read what. The key
is derived (HKDF-SHA256) from the installation's ``SECRET_KEY`` and the vote, so the database, which
holds the box, never holds what opens it; ``SECRET_KEY_FALLBACKS`` still open a box sealed before a
key rotation. A ballot is a string of one code per candidate, in the order of the candidates' ids;
in a vote for every tier (Qinzhou 第十九条) each code is followed by the tier it names ("-" for none,
else the tier's place in the vote's order of tiers). Every ballot of a vote has the same length, so
the box's size tells how many have voted and nothing else.
"""

import json
import os
import random

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .enums import BallotChoice

CODES = {BallotChoice.FOR: "F", BallotChoice.AGAINST: "A", BallotChoice.ABSTAIN: "X"}
CHOICES = {code: choice for choice, code in CODES.items()}
NONCE_BYTES = 12


class BoxUnreadable(Exception):
    """No key of this installation opens the box (a foreign or damaged box)."""


def _key(secret: str, vote_id: int) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"qualityaward ballot box", info=f"vote {vote_id}".encode()
    ).derive(secret.encode())


def _aad(vote_id: int) -> bytes:
    return f"awards.ballot_box vote {vote_id}".encode()  # a box cannot be moved to another vote


def seal(vote_id: int, ballots: list[str]) -> bytes:
    """The box holding ``ballots``, shuffled, under a fresh nonce: two seals of the same ballots differ."""
    ballots = list(ballots)
    random.SystemRandom().shuffle(ballots)
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(ballots, separators=(",", ":")).encode()
    return nonce + AESGCM(_key(settings.SECRET_KEY, vote_id)).encrypt(nonce, plain, _aad(vote_id))


def unseal(vote_id: int, box: bytes) -> list[str]:
    box = bytes(box)
    nonce, sealed = box[:NONCE_BYTES], box[NONCE_BYTES:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            plain = AESGCM(_key(secret, vote_id)).decrypt(nonce, sealed, _aad(vote_id))
        except InvalidTag:
            continue
        return json.loads(plain)
    raise BoxUnreadable(vote_id)


TIER_SLOTS = "0123456789abcdefghijklmnopqrstuvwxyz"
NO_TIER = "-"


def encode(choices: dict[int, str], tiers: dict[int, int] | None = None, tier_order=()) -> str:
    """One ballot: the code of each choice, in the order of the candidates' ids; with ``tier_order``
    (a vote for every tier) each followed by the slot of the tier it names in ``tiers``."""
    tier_order, tiers = list(tier_order), tiers or {}
    cells = []
    for candidate_id in sorted(choices):
        cell = CODES[choices[candidate_id]]
        if tier_order:
            tier_id = tiers.get(candidate_id)
            cell += NO_TIER if tier_id is None else TIER_SLOTS[tier_order.index(tier_id)]
        cells.append(cell)
    return "".join(cells)


def decode_with_tiers(ballot: str, candidate_ids, tier_order=()) -> dict[int, tuple[str, int | None]]:
    """Each candidate's choice and the tier it names (None for a vote on one tier, or no tier)."""
    tier_order = list(tier_order)
    width = 2 if tier_order else 1
    cells = [ballot[index : index + width] for index in range(0, len(ballot), width)]
    decoded = {}
    for candidate_id, cell in zip(sorted(candidate_ids), cells, strict=True):
        slot = cell[1:] if tier_order else NO_TIER
        decoded[candidate_id] = (CHOICES[cell[0]], None if slot == NO_TIER else tier_order[TIER_SLOTS.index(slot)])
    return decoded


def decode(ballot: str, candidate_ids, tier_order=()) -> dict[int, str]:
    return {
        candidate_id: choice
        for candidate_id, (choice, _tier) in decode_with_tiers(ballot, candidate_ids, tier_order).items()
    }
