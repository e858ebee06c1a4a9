"""A census's counts and Catagolue's census text.

    @VERSION lifesim-0.1.0
    @MD5 <md5 of the root>
    @ROOT k_test
    @RULE b3s23
    @SYMMETRY C1
    @NUM_SOUPS 1000
    @NUM_OBJECTS 21345

    @CENSUS TABLE
    xs4_33 7311
    xp2_7 6128
    ...

    @SAMPLE_SOUPIDS
    xs4_33 0 1 2 3 4 5 6 7 8 9
    ...

The table is sorted by count, most common first (ties by apgcode); each object's sample soups
are the numbers of the first SAMPLES soups it came out of.
"""

import hashlib
import importlib.metadata
from collections import Counter
from dataclasses import dataclass, field

SAMPLES = 10  # soup numbers kept per object


def _version():
    try:
        return f"lifesim-{importlib.metadata.version('lifesim')}"
    except importlib.metadata.PackageNotFoundError:  # a checkout run without installing it
        return "lifesim"


VERSION = _version()


def catagolue_rule(rule):
    """A rule as Catagolue names it: ``b3s23``, ``b36s23``, Generations ``g3b2s``; else its name
    in lower case."""
    if rule.birth is None or rule.survival is None:
        return rule.name.lower()
    digits = "b" + "".join(map(str, sorted(rule.birth))) + "s" + "".join(map(str, sorted(rule.survival)))
    return digits if rule.states == 2 else f"g{rule.states}{digits}"


@dataclass
class Census:
    """The objects of the soups of one root, rule and symmetry counted so far."""

    root: str
    rule: str  # as catagolue_rule names it
    symmetry: str = "C1"
    soups: int = 0
    counts: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=dict)  # apgcode -> soup numbers, ascending

    def add(self, index, objects):
        """Count the objects (apgcode -> how many) of soup ``index``."""
        self.soups += 1
        self.counts.update(objects)
        for code in objects:
            kept = self.samples.setdefault(code, [])
            if len(kept) < SAMPLES:
                kept.append(index)

    def table(self):
        """[(apgcode, count)], most common first, ties by apgcode."""
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))

    def text(self):
        """Catagolue's census text."""
        lines = [f"@VERSION {VERSION}", f"@MD5 {hashlib.md5(self.root.encode()).hexdigest()}",
                 f"@ROOT {self.root}", f"@RULE {self.rule}", f"@SYMMETRY {self.symmetry}",
                 f"@NUM_SOUPS {self.soups}", f"@NUM_OBJECTS {sum(self.counts.values())}",
                 "", "@CENSUS TABLE"]
        table = self.table()
        lines += [f"{code} {count}" for code, count in table]
        lines += ["", "@SAMPLE_SOUPIDS"]
        lines += [" ".join([code] + [str(i) for i in sorted(self.samples[code])]) for code, _ in table]
        return "\n".join(lines) + "\n"
