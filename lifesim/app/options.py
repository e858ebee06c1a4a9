"""Reading argv: the options every run understands, and the RunSpec they make.

The only module that turns an argparse Namespace into something the rest of lifesim reads
(``spec_from_args``); below the app layer nothing sees a Namespace. ``option_name`` goes the
other way, naming a RunSpec setting as the option a user typed.
"""

import argparse
import re

from lifesim.errors import LifesimError
from lifesim.grid import check_size
from lifesim.io.outputs import Outputs
from lifesim.runspec import RunSpec

EXIT_USAGE = 2  # bad input: one line on stderr
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away, as a shell reports SIGPIPE

# Settings whose option is not --NAME with dashes: the pattern is a positional argument.
_OPTION_NAMES = {"pattern": "the pattern"}


class UsageParser(argparse.ArgumentParser):
    """argparse, but usage errors are a LifesimError: one line, exit 2, from one place."""

    def error(self, message):
        raise LifesimError(message)


def option_name(setting):
    """The command-line spelling of a RunSpec/Outputs setting: ``"time_limit"`` -> ``"--time-limit"``."""
    return _OPTION_NAMES.get(setting, "--" + setting.replace("_", "-"))


def add_run_options(parser):
    """The options every run understands (see README, "Command line")."""
    parser.add_argument("--rule", help="rulestring, name or file.py:name (default: the pattern's, else B3/S23)")
    parser.add_argument("--size", type=parse_size, metavar="HxW",
                        help="grid size for a torus or bounded grid (default: a pattern on the unbounded plane)")
    parser.add_argument("--topology", choices=("plane", "torus", "bounded"),
                        help="plane (default for a pattern), torus (default with --size or a soup) or bounded; "
                             "Golly's other grids by rule suffix (:K, :C, :S, :T30+5,20)")
    parser.add_argument("--generations", type=parse_count, metavar="N", help="generations to run (headless default 100)")
    parser.add_argument("--driver", help="serial (default; compiled for a rule whose cells read more than "
                                          "1,000 cells or over 100,000 cells, hashlife for a macrocell file "
                                          "too large to list), or another registered driver")
    parser.add_argument("--workers", type=parse_positive, metavar="K", help="workers for parallel drivers")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="dask driver: an existing scheduler (tcp://host:8786)")
    parser.add_argument("--time-limit", type=parse_seconds, metavar="SECONDS",
                        help="processes and dask drivers: stop a generation that takes longer than this")
    parser.add_argument("--memory", type=parse_positive, metavar="MB",
                        help="hashlife driver: MB of nodes to keep before unused ones are collected (default 1024)")
    parser.add_argument("--headless", action="store_true", help="no window: run, write outputs, print a summary")
    parser.add_argument("--out", metavar="FILE", help="final pattern: .rle, .cells, .lif, .mc or .npy (.gz after a text format)")
    parser.add_argument("--stats", metavar="FILE.csv", help="write generation,population per generation")
    parser.add_argument("--seed", type=parse_count, help="random soup from this seed (>= 0) instead of a pattern")
    parser.add_argument("--density", type=float, help="live fraction of the random soup (default 0.5)")
    parser.add_argument("--watch", action="store_true", help="reload the --rule file whenever it is saved, keeping the grid")
    parser.add_argument("--png", metavar="FILE.png", help="picture of the final grid")
    parser.add_argument("--gif", metavar="FILE.gif", help="animation of the run (frames capped, see --gif-every)")
    parser.add_argument("--gif-every", type=parse_positive, default=1, metavar="K", help="a GIF frame every K generations")
    parser.add_argument("--plot", metavar="FILE.png", help="plot of population over generations")
    parser.add_argument("--checkpoint-every", type=parse_positive, metavar="N", help="save a checkpoint every N generations")
    parser.add_argument("--checkpoint", metavar="FILE.npz", help="checkpoint file (default: the --resume file, else checkpoint.npz)")
    parser.add_argument("--resume", metavar="FILE.npz", help="go on from a checkpoint up to --generations in all")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")


def spec_from_args(args):
    """The RunSpec of a Namespace parsed by a parser with ``add_run_options``."""
    outputs = Outputs(out=args.out, stats=args.stats, png=args.png, gif=args.gif, plot=args.plot,
                      gif_every=args.gif_every)
    return RunSpec(
        pattern=getattr(args, "pattern", None), rule=args.rule, size=args.size, topology=args.topology,
        generations=args.generations, driver=args.driver, workers=args.workers, scheduler=args.scheduler,
        time_limit=args.time_limit, memory=args.memory, seed=args.seed, density=args.density, watch=args.watch, outputs=outputs,
        checkpoint_every=args.checkpoint_every, checkpoint=args.checkpoint, resume=args.resume,
        screenshot=getattr(args, "screenshot", None), headless=args.headless, quiet=args.quiet,
    )


def parse_size(text):
    """'HxW' -> (height, width), a size a grid can have (argparse type)."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"size must look like HxW (e.g. 64x64), not {text!r}")
    h, w = (int(p) for p in parts)
    try:
        check_size(h, w)
    except LifesimError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return h, w


def parse_count(text):
    """A whole number >= 0, also written as a power of two ``2^K`` (argparse type)."""
    power = re.fullmatch(r"\s*2\s*\^\s*(\d+)\s*", text)
    if power:
        return 2 ** int(power[1])
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 2^K, not {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, not {n}")
    return n


def parse_positive(text):
    """A whole number >= 1 (argparse type)."""
    n = parse_count(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, not {n}")
    return n


def parse_seconds(text):
    """A finite number of seconds > 0 (argparse type)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text}")
    return seconds
