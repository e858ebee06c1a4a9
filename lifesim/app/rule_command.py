"""``lifesim rule check RULE``, ``lifesim rule trace RULE --cell Y,X`` and ``lifesim rule export
RULE --out NAME.rule``: the sandbox's command line.

The work is the sandbox's (``lifesim.sandbox.check``, ``lifesim.sandbox.export``); this module
only reads argv.
"""

import argparse

from lifesim.app.options import UsageParser
from lifesim.rules import parse_rule
from lifesim.sandbox.check import EXIT_BAD, EXIT_OK, check, trace
from lifesim.sandbox.export import export_rule

RULE_HELP = "file.py:name, module:name, a rulestring, a rule name or a Golly rule file's name"


def build_parser():
    parser = UsageParser(prog="lifesim rule", description="Check a rule, trace one cell's conversation, "
                                                         "or export a rule as a Golly rule file.")
    sub = parser.add_subparsers(dest="command", required=True)
    checking = sub.add_parser("check", help="drive the rule at a few cells and report what it does")
    checking.add_argument("rule", help=RULE_HELP)
    tracing = sub.add_parser("trace", help="print one cell's conversation, yield by yield")
    tracing.add_argument("rule", help=RULE_HELP)
    tracing.add_argument("--cell", type=parse_cell, default=(10, 5), metavar="Y,X", help="the cell (default 10,5)")
    tracing.add_argument("--neighbours", "--neighbors", metavar="ROWS",
                         help="its neighbourhood as rows joined by '/', e.g. '-*-/--*/***' (* alive, - empty, "
                              "2..9, A..Z for states 2..35); default: random from --seed")
    tracing.add_argument("--seed", type=int, default=0, help="seed of the random neighbourhood (default 0)")
    exporting = sub.add_parser("export", help="write a rule the compiler can tabulate as a Golly rule file")
    exporting.add_argument("rule", help=RULE_HELP)
    exporting.add_argument("--out", required=True, metavar="NAME.rule",
                           help="the rule file to write; NAME becomes the rule's name in Golly")
    return parser


def main(argv):
    """``lifesim rule check|trace ...`` -> exit code."""
    args = build_parser().parse_args(_join_neighbours(argv))
    rule = parse_rule(args.rule)
    if args.command == "check":
        report = check(rule)
        print(report.text())
        return EXIT_OK if report.clean else EXIT_BAD
    if args.command == "export":
        text = export_rule(rule, args.out)
        form = "@TABLE" if "\n@TABLE\n" in text else "@TREE"
        print(f"wrote {args.out}: rule {rule} as a Golly rule file ({form})")
        return EXIT_OK
    return trace(rule, args.cell, args.neighbours, args.seed)


def _join_neighbours(argv):
    """'--neighbours -*-/...' as '--neighbours=-*-/...': argparse takes a leading '-' for an option."""
    argv, out = list(argv), []
    while argv:
        arg = argv.pop(0)
        if arg in ("--neighbours", "--neighbors") and argv:
            arg = f"{arg}={argv.pop(0)}"
        out.append(arg)
    return out


def parse_cell(text):
    """'Y,X' -> (y, x) ints (argparse type)."""
    try:
        y, x = (int(p) for p in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected Y,X (two whole numbers), not {text!r}") from None
    return y, x
