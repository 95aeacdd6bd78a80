"""Plans: which intents a message's clauses carry, and in which order."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from intents.schema import MODEL_INTENTS
from training.sources import Sources

# Clauses per message: about 43 % of the messages carry several intents (a little more
# than drawn, since repeated short single-intent messages are redrawn).
CLAUSE_COUNT_WEIGHTS: dict[int, int] = {1: 59, 2: 31, 3: 10}
SECOND_FAQ_RATE = 0.15  # "hotels in Beijing? is breakfast included and is there parking?"


class Planner:
    """Chooses the intents of a message's clauses, in their order."""

    # "edge" intents (thanks) go first, or last but before any goodbye.
    POSITION_RANK = {"first": 0.0, "any": 1.0, "last": 2.0}
    EDGE_RANKS = (0.0, 1.5)

    def __init__(self, sources: Sources, combos: Sequence[tuple[str, ...]], rng: random.Random, multi_only: bool = False):
        self.sources = sources
        self.rng = rng
        self.multi_only = multi_only
        self.combos_by_size = {size: [c for c in combos if len(c) == size] for size in (2, 3)}
        # A combination is drawn as often as the geometric mean of its intents' weights:
        # "search + ask_faq" is common, "thank + select_option" less so.
        self.combo_weights = {
            size: [math.prod(sources.intents[i].weight for i in combo) ** (1 / size) for combo in found]
            for size, found in self.combos_by_size.items()
        }
        self.singles = list(MODEL_INTENTS)
        self.weights = [sources.intents[intent].weight for intent in MODEL_INTENTS]

    def plan(self) -> list[str]:
        sizes = [size for size in CLAUSE_COUNT_WEIGHTS if size > 1 or not self.multi_only]
        sizes = [size for size in sizes if size == 1 or self.combos_by_size[size]]
        size = self.rng.choices(sizes, weights=[CLAUSE_COUNT_WEIGHTS[s] for s in sizes])[0]
        if size == 1:
            return self.rng.choices(self.singles, weights=self.weights)
        plan = self._ordered(self.rng.choices(self.combos_by_size[size], weights=self.combo_weights[size])[0])
        if size == 2 and "ask_faq" in plan and self.rng.random() < SECOND_FAQ_RATE:
            plan.insert(plan.index("ask_faq") + 1, "ask_faq")
        return plan

    def _ordered(self, combo: Sequence[str]) -> list[str]:
        """Greetings first, goodbyes last, yes/no first, thanks at either end, the rest shuffled."""
        ranks = {}
        for intent in combo:
            position = self.sources.intents[intent].position
            ranks[intent] = self.rng.choice(self.EDGE_RANKS) if position == "edge" else self.POSITION_RANK[position]
        shuffled = list(combo)
        self.rng.shuffle(shuffled)
        return sorted(shuffled, key=ranks.__getitem__)
