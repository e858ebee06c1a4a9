"""Small Golly rule files the tests share, written for these tests from the rules' definitions,
and WireWorld as a hand-written cell coroutine to check the table against.

WireWorld (Brian Silverman): 0 empty stays empty, 1 (electron head) becomes 2 (tail), 2 becomes
3 (conductor), and a conductor becomes a head when one or two of its 8 neighbours are heads.
"""

from lifesim import Neighborhood, Transition

# The table says it with every order of the neighbours (permute): a conductor with exactly one
# or two heads around it, the rest not heads. A variable named twice in one transition would be
# one state in both places, so each place has a variable of its own.
WIREWORLD = """\
@RULE WireWorld
A written-for-the-tests WireWorld.

@TABLE
n_states:4
neighborhood:Moore
symmetries:permute
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

@COLORS
0 48 48 48     dark grey
1 0 128 255    blue
2 255 255 255  white
3 255 128 0    orange
"""

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


def wireworld(y, x):
    """WireWorld as a cell coroutine: the reference for the tables above."""
    block = yield Neighborhood(y, x, 1)
    own = block[4]
    if own == 3:
        heads = block.count(1)
        nxt = 1 if heads in (1, 2) else 3
    else:
        nxt = {0: 0, 1: 2, 2: 3}[own]
    yield Transition(y, x, nxt)


wireworld.states = 4
