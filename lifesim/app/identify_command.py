"""``lifesim identify PATTERN [--rule R] [--json]``: what a pattern is (see lifesim.census.identify).

    $ python run_life.py identify glider
    apgcode xq4_153
    period 4
    displacement 1,1
    population 5..5
    speed c/4
    direction diagonal
"""

import json

from lifesim.app.options import UsageParser, parse_positive
from lifesim.census.identify import DEFAULT_LIMIT, identify
from lifesim.runspec import RunSpec, start
from lifesim.universe import PLANE


def build_parser():
    p = UsageParser(prog="lifesim identify", description="What a pattern is: apgcode, period, speed, ...")
    p.add_argument("pattern", help="a pattern file, or the name of a bundled pattern")
    p.add_argument("--rule", help="rule (default: the pattern's own, else B3/S23)")
    p.add_argument("--generations", type=parse_positive, default=DEFAULT_LIMIT, metavar="N",
                   help=f"wait at most N generations for it to repeat (default {DEFAULT_LIMIT})")
    p.add_argument("--json", action="store_true", help="one JSON object instead of one fact a line")
    return p


def main(argv):
    """``lifesim identify``: prints the facts; returns the exit code."""
    args = build_parser().parse_args(argv)
    plane, rule, _ = start(RunSpec(pattern=args.pattern, rule=args.rule, topology=PLANE))
    found = identify(plane, rule, args.generations)
    print(json.dumps(found.as_json()) if args.json else "\n".join(found.lines()))
    return 0
