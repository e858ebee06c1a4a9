"""Small Golly rule files the tests share, written for these tests from the rules' definitions.

WireWorld (lifesim.examples.wireworld has it as a coroutine and as a permute table) again, with
rotate8reflect symmetry; and WireWorld with four states more that nothing uses, so that its full
table (8^9 entries) is too large and the compiler keeps its tree.
"""

from lifesim.examples.wireworld import WIREWORLD_RULE, wireworld  # noqa: F401 (shared with the tests)

WIREWORLD = WIREWORLD_RULE
WIREWORLD_WIDE = WIREWORLD_RULE.replace("@RULE WireWorld", "@RULE WireWorldWide").replace("n_states:4", "n_states:8")

# The same rule with rotate8reflect symmetry. rotate8 turns the ring of
# neighbours by one place, so a head at N stands for a head anywhere, and heads at N and 1..4
# places on for every pair.
WIREWORLD_ROTATE8 = """\
@RULE WireWorldR8
@TABLE
n_states:4
neighborhood:Moore
symmetries:rotate8reflect
var a={0,1,2,3}
var b=a
var c=a
var d=a
var e=a
var f=a
var g=a
var h=a
var n={0,2,3}
var o=n
var p=n
var q=n
var r=n
var s=n
var t=n
1,a,b,c,d,e,f,g,h,2
2,a,b,c,d,e,f,g,h,3
3,1,n,o,p,q,r,s,t,1
3,1,1,o,p,q,r,s,t,1
3,1,n,1,p,q,r,s,t,1
3,1,n,o,1,q,r,s,t,1
3,1,n,o,p,1,r,s,t,1
"""
