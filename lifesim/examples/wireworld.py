"""WireWorld (Brian Silverman, 1987), twice: as a cell coroutine, and as a Golly rule table.

States: 0 empty, 1 electron head, 2 electron tail, 3 conductor. A head becomes a tail, a tail a
conductor, and a conductor becomes a head when one or two of its eight neighbours are heads;
empty stays empty. Wires of conductor carry electrons; a few cells make diodes and logic gates.

``wireworld`` reads its 3x3 block in one request and counts the heads. ``WIREWORLD_RULE`` is
the same rule as a Golly rule file (save it as ``WireWorld.rule`` to run it in Golly, or load
it with ``lifesim.rules.rule_from_text``): it lists only the cells that change, with
``permute`` symmetry because only how many neighbours are heads matters. Tracing the coroutine
would take 4^9 conversations, more than the compiler tries; the table compiles from its text.
"""

from lifesim.protocol import EMPTY, Neighborhood, Transition

HEAD, TAIL, CONDUCTOR = 1, 2, 3
NEXT = {EMPTY: EMPTY, HEAD: TAIL, TAIL: CONDUCTOR}  # every state but the conductor's


def wireworld(y, x):
    block = yield Neighborhood(y, x, 1)  # 9 states, row-major: block[4] is the cell itself
    state = block[4]
    if state == CONDUCTOR:
        nxt = HEAD if block.count(HEAD) in (1, 2) else CONDUCTOR
    else:
        nxt = NEXT[state]
    yield Transition(y, x, nxt)


wireworld.states = 4

# A variable named twice in one transition stands for one state in both places, so each
# neighbour has a variable of its own (b..h are copies of a, o..t of n).
WIREWORLD_RULE = """\
@RULE WireWorld
WireWorld as a rule table: 0 empty, 1 electron head, 2 tail, 3 conductor.

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
