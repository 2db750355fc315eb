"""Learners' secrets: resume phrases (a few common words and two digits, easy to write down),
one-time codes (for a roster or a reset), and their salted scrypt hashes.

Only the hash is stored. A phrase is compared after tidying (any case, any separators), so
"River apple  STONE 42" matches "river-apple-stone-42", and "k7qp4mxz" matches "K7QP-4MXZ".
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

WORDS = tuple(
    """
    acorn amber anchor apple arrow aspen autumn bamboo banjo barley basket beacon berry birch
    blanket bloom border bottle branch breeze brick bridge brook bubble bucket button cabin
    cactus camel candle canoe canyon carpet carrot castle cedar cello chalk cherry chess
    cider circle cliff clock cloud clover coast cobalt comet copper coral cotton cradle
    crane crayon cricket crystal cup daisy dawn delta desert diamond dolphin dragon drum
    eagle echo elbow ember engine fable falcon feather fern fiddle field fig flame flute
    forest fossil fountain fox frost garden garnet ginger glacier globe grape gravel
    guitar hammer harbor harp hazel heron hill honey horizon island ivory jacket jade
    jasmine jelly jungle kettle kite ladder lagoon lantern lava lemon lily linen lizard
    lotus magnet mango maple marble meadow melon meteor mint mirror moon moss mountain
    needle nest noodle oak oasis ocean olive onion orange orbit orchid otter owl paddle
    palm panda paper parrot pasta peach pearl pebble pepper piano pillow pine planet plum
    pocket pond poppy potato prism pumpkin puzzle quartz quill rabbit radio rain raven
    reef ribbon river robin rocket rose ruby saddle sage salmon sand satin scarf seal
    shadow shell silver sky sled slate snow socks spark spice sponge spring spruce
    squirrel star stone storm sugar summit sun swan table teapot thunder tiger timber
    tomato topaz torch tower trail tulip tunnel turtle umbrella valley velvet violet
    volcano wagon walnut water wave whale willow window winter wolf wool yarn zebra
    """.split()
)
PHRASE_WORDS = 3  # with two digits: about 30 bits; with the sign-in rate limit, far beyond guessing
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def new_phrase() -> str:
    """A new resume phrase such as ``river-apple-stone-42``."""
    words = [secrets.choice(WORDS) for _ in range(PHRASE_WORDS)]
    return "-".join([*words, f"{secrets.randbelow(100):02d}"])


def new_code() -> str:
    """A new one-time code such as ``K7QP-4MXZ``."""
    text = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{text[:4]}-{text[4:]}"


def tidy_secret(typed: str) -> str:
    """A typed phrase or code in the one form that is hashed: lower-case letters and digits only."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(typed)).casefold())


def hash_secret(typed: str) -> str:
    """The salted scrypt hash of a phrase or code (``scrypt$n$r$p$salt$hash``)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(tidy_secret(typed).encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def secret_matches(typed: str, stored: str | None) -> bool:
    """True when `typed` is the phrase or code `stored` hashes. With nothing stored, the same work is
    done against a dummy hash, so the time taken does not tell whether the learner exists."""
    if not stored:
        hash_secret(typed)
        return False
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != "scrypt":
            return False
        again = hashlib.scrypt(
            tidy_secret(typed).encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), maxmem=2**26
        )
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)
