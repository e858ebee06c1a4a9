"""Small Golly rule files the tests share, written for these tests from the rules' definitions.

WireWorld (lifesim.examples.wireworld has it as a coroutine and as a permute table) again, with
rotate8reflect symmetry; and WireWorld with four states more that nothing uses, so that its full
table (8^9 entries) is too large and the compiler keeps its tree.
"""

from lifesim.examples.wireworld import WIREWORLD_RULE, wireworld  # noqa: F401 (shared with the tests)

WIREWORLD = WIREWORLD_RULE
WIREWORLD_WIDE = WIREWORLD_RULE.replace("@RULE WireWorld", "@RULE WireWorldWide").replace("n_states:4", "n_states:8")

# The same rule with rotate8reflect symmetry (its variables as WIREWORLD_RULE's). rotate8 turns
# the ring of neighbours by one place, so a head at N stands for a head anywhere, and heads at N
# and 1..4 places on for every pair.
WIREWORLD_ROTATE8 = (WIREWORLD_RULE.split("@COLORS")[0].replace("@RULE WireWorld", "@RULE WireWorldR8")
                     .replace("symmetries:permute", "symmetries:rotate8reflect")
                     .rstrip("\n") + "\n3,1,n,1,p,q,r,s,t,1\n3,1,n,o,1,q,r,s,t,1\n3,1,n,o,p,1,r,s,t,1\n")
