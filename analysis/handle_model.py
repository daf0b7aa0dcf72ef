"""How surprising a handle is, in bits: the weight of "same handle on two sites" as evidence of one person.

Perito, Castelluccia, Kaafar and Manils ("How Unique and Traceable are Usernames?", PETS 2011) score a
username by its probability under a character Markov chain: -log2 P(username) bits. A handle far rarer
than one in the number of people online is very likely one person's wherever it appears; "john" is not.

We have no corpus of real usernames to ship, so the letters are scored by a character 4-gram model
(Witten-Bell smoothing) trained on what people build handles from: English words and personal names.
The shipped model, analysis/data/handle_model.json, is made by `python -m analysis.handle_model`
from two packages (see TRAINING_BASIS; the `train` extra installs them). Runs of digits and separators are
scored by the stated rules in `_digit_bits` and SEPARATOR_BITS, not learned.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "handle_model.json"
ORDER = 3  # characters of context: a 4-gram model
START, END = "^", "$"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
VOCAB = len(LETTERS) + 1  # letters and the end of a run
WORD_BREAK_BITS = 1.0  # a break between two glued words: roughly as likely as not at a word's end
SEPARATOR_BITS = math.log2(3) + 1.0  # which of _ . - (log2 3), and that there is one at all (about even odds)
OTHER_CHAR_BITS = math.log2(100)  # a character outside a-z, 0-9 and separators: rare, one of many
TRAINING_BASIS = (
    "US Census 1990 name frequency files shipped in the `names` package (every listed first name, male and "
    "female, and the 20,000 commonest surnames) and the 30,000 commonest alphabetic English words in "
    "`wordfreq` (top_n_list('en')); each counted 1 + log2(share per million) times (its census share or word "
    "frequency), lower-cased, accents removed."
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def train(words: Iterable[tuple[str, int]], order: int = ORDER) -> dict:
    """`words` are (word, weight) pairs: a common name or word is a common piece of a handle."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    n = 0
    for word, weight in words:
        word = _fold(word)
        if not word or not word.isalpha():
            continue
        n += 1
        padded = START * order + word + END
        for i in range(order, len(padded)):
            for k in range(order + 1):  # every context length 0..order, for the back-off
                counts[padded[i - k : i]][padded[i]] += weight
    return {
        "order": order,
        "basis": TRAINING_BASIS,
        "words": n,
        "counts": {ctx: dict(sorted(nxt.items())) for ctx, nxt in sorted(counts.items())},
    }


class CharModel:
    def __init__(self, model: dict) -> None:
        self.order = model["order"]
        # context -> (distinct continuations, total count, counts)
        self.table = {ctx: (len(nxt), sum(nxt.values()), nxt) for ctx, nxt in model["counts"].items()}

    def prob(self, context: str, char: str) -> float:
        """Witten-Bell: interpolate each context with the next shorter one, down to uniform."""
        p = 1.0 / VOCAB
        for k in range(0, self.order + 1):
            ctx = context[len(context) - k :] if k else ""
            entry = self.table.get(ctx)
            if entry is None:
                break
            types, total, nxt = entry
            p = (nxt.get(char, 0) + types * p) / (total + types)
        return p

    def bits(self, letters: str) -> float:
        padded = START * self.order + letters + END
        return -sum(math.log2(self.prob(padded[i - self.order : i], padded[i])) for i in range(self.order, len(padded)))

    def run_bits(self, letters: str) -> float:
        """Handles glue words together ("jameswilliams"), so a run of letters costs its cheapest split into
        words, each scored as a word, plus WORD_BREAK_BITS per break (dynamic programming over the splits)."""
        n = len(letters)
        best = [0.0] + [math.inf] * n
        for i in range(n):
            if best[i] == math.inf:
                continue
            context, cost = START * self.order, best[i] + (WORD_BREAK_BITS if i else 0.0)
            for j in range(i, n):
                cost -= math.log2(self.prob(context, letters[j]))
                context = (context + letters[j])[-self.order :]
                end = cost - math.log2(self.prob(context, END))
                if end < best[j + 1]:
                    best[j + 1] = end
        return best[n]


@lru_cache(maxsize=1)
def load() -> CharModel:
    return CharModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def _digit_bits(run: str) -> float:
    """A plausible birth or school-leaving year (1940-2029) is one of 90, plus a bit for choosing a year at
    all; any other run of digits is uniform (log2 10 per digit)."""
    if len(run) == 4 and 1940 <= int(run) <= 2029:
        return math.log2(90) + 1.0
    return len(run) * math.log2(10)


_RUNS = re.compile(r"[a-z]+|[0-9]+|[_.\-]|.", re.S)


def handle_bits(handle: str) -> float:
    """Surprisal of a handle in bits (the part before any @instance; case does not count)."""
    name = _fold(handle.split("@", 1)[0]) or handle.split("@", 1)[0].casefold()
    model = load()
    total = 0.0
    for run in _RUNS.findall(name):
        if run[0] in LETTERS:
            total += model.run_bits(run)
        elif run[0].isdigit():
            total += _digit_bits(run)
        elif run in "_.-":
            total += SEPARATOR_BITS
        else:
            total += OTHER_CHAR_BITS
    return round(total, 2)


def _weight(share: float) -> int:
    """Counts grow with the log of how common a word or name is, so 'james' outweighs 'jago' without
    a few hundred top words drowning everything else."""
    return 1 + max(0, round(math.log2(share * 1e6))) if share > 0 else 1


def _training_words() -> list[tuple[str, int]]:
    import names  # the `train` extra
    from wordfreq import top_n_list, word_frequency

    base = Path(names.__file__).parent
    weights: dict[str, int] = {}
    for filename, limit in (("dist.male.first", None), ("dist.female.first", None), ("dist.all.last", 20000)):
        for line in (base / filename).read_text(encoding="utf-8").splitlines()[:limit]:
            if line.strip():
                name, percent = line.split()[:2]
                key = _fold(name)
                weights[key] = max(weights.get(key, 0), _weight(float(percent) / 100))
    for w in [w for w in top_n_list("en", 40000) if w.isalpha()][:30000]:
        key = _fold(w)
        weights[key] = max(weights.get(key, 0), _weight(word_frequency(w, "en")))
    return sorted((w, n) for w, n in weights.items() if w.isalpha())


if __name__ == "__main__":
    model = train(_training_words())
    MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"trained on {model['words']} words and names; {len(model['counts'])} contexts -> {MODEL_PATH}")
