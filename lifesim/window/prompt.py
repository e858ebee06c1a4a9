"""The window's one-line prompts: what each asks for, how Tab completes it, what Enter does.

One table (``PROMPTS``) beside the keys table: ``o`` opens the ``load`` prompt, ``R`` (Shift+R)
the ``rule`` prompt; the window shows ``label``, the text typed and ``hint``, and on Enter calls
its method ``enter`` with the text. No pygame here.
"""

import os
from dataclasses import dataclass
from typing import Callable

from lifesim.io.patterns import pattern_names
from lifesim.rules import NAMED_RULES


@dataclass(frozen=True)
class PromptKind:
    """label: shown before the text; hint: after it; names: ``names() -> [str]`` that Tab
    completes from; enter: the Window method called with the text on Enter."""

    label: str
    hint: str
    names: Callable
    enter: str


PROMPTS = {
    "load": PromptKind("load pattern", "(a file, a folder to browse or a bundled name; Tab completes, "
                       "Enter loads, Esc cancels)", pattern_names, "open_named"),
    "rule": PromptKind("rule", "(a rulestring: B36/S23, B2/S/C3, ... or a name; Tab completes names, "
                       "Enter sets it, Esc cancels)", lambda: sorted(NAMED_RULES), "set_rule"),
}


def complete(prefix, names):
    """The longest common extension of ``prefix`` among ``names``."""
    found = [n for n in names if n.startswith(prefix)]
    return os.path.commonprefix(found) if found else prefix
