"""Confidence: how likely a coded event is to be right, from the evidence it rests on.

Each event carries `signals`, language-free facts about its evidence: how many mentions of the story tell it
(support), whether it is told in the story's first sentences, a town rather than a region, a date in its own
sentence, a named initiator, a second party, a named source. Other signals were tried and left out because, fitted on
two of the three French sets and tried on the third, they ranked right and false events no better than chance: a
verb or a noun trigger, the trigger's priority, the headline, quotes, a toll, the event type, a region or a country
as place.
`score` turns them into a probability with a logistic model whose weights are data
(`data/confidence.json`), fitted on the French dev sets by `bench/fit_confidence.py`: a higher confidence is
more often a right event, so a `min_confidence` threshold buys precision at a known price in recall.
"""
from __future__ import annotations

import math

from .resources import data_file

SIGNALS = ("support", "early", "place_town", "date_in_sentence", "actor1_named", "actor2", "reported")


def weights(path: str = "") -> dict[str, float]:
    """The model's weights by signal name, plus 'bias' (the packaged file unless `path` names another)."""
    return data_file(path, "confidence.json")["weights"]


def score(signals: dict[str, float], w: dict[str, float]) -> float:
    """The logistic model's probability that an event with these signals is right, rounded to 0.01."""
    z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in signals.items())
    return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 2)
