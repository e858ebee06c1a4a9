"""The command line: ``main(argv) -> exit code``. ``run_life.py`` and the ``lifesim`` script call it.

    lifesim [PATTERN] [options]      window on a pattern (headless with --headless or no display)
    lifesim batch|bench|rule ...     subcommands, each in its own module

Bad input prints one line to stderr and exits 2; Ctrl-C exits 130.
"""

import argparse
import importlib
import sys
import time
from pathlib import Path

from lifesim.errors import LifesimError

# subcommand -> "module:function"; each function takes argv (without the subcommand) -> int.
COMMANDS = {
    "batch": "lifesim.app.batch:main",
    "bench": "lifesim.app.bench:main",
    "rule": "lifesim.sandbox.check:main",
}

EXIT_USAGE = 2
# The files a run writes when it ends (windowed or headless), with the endings each may have.
OUTPUTS = {"out": (".rle", ".cells", ".lif", ".life", ".npy"), "stats": (".csv",), "png": (".png",),
           "gif": (".gif",), "plot": (".png",)}
EXIT_INTERRUPTED = 130


class UsageParser(argparse.ArgumentParser):
    """argparse, but usage errors are a LifesimError: one line, exit 2, from one place."""

    def error(self, message):
        raise LifesimError(message)


def add_run_options(parser):
    """The options every run understands (DESIGN.md section 5)."""
    parser.add_argument("--rule", help="rulestring, name or file.py:name (default: the pattern's, else B3/S23)")
    parser.add_argument("--size", type=parse_size, metavar="HxW", help="grid size (default: the pattern's plus a margin)")
    parser.add_argument("--topology", choices=("torus", "bounded"), help="torus (default) or bounded")
    parser.add_argument("--generations", type=parse_count, metavar="N", help="generations to run (headless default 100)")
    parser.add_argument("--driver", default="serial", help="serial (default), or another registered driver")
    parser.add_argument("--workers", type=parse_positive, metavar="K", help="workers for parallel drivers")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="dask driver: an existing scheduler (tcp://host:8786)")
    parser.add_argument("--time-limit", type=parse_seconds, metavar="SECONDS",
                        help="processes and dask drivers: stop a generation that takes longer than this")
    parser.add_argument("--headless", action="store_true", help="no window: run, write outputs, print a summary")
    parser.add_argument("--out", metavar="FILE", help="final grid: .rle, .cells, .lif or .npy")
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


def build_parser():
    parser = UsageParser(prog="lifesim", description="Conway's Game of Life and its cousins, one coroutine per cell.")
    parser.add_argument("pattern", nargs="?", help="a pattern file, or the name of a bundled pattern")
    add_run_options(parser)
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="draw the window's view after --generations N (default 0) to FILE.png and exit")
    return parser


def parse_size(text):
    from lifesim.grid import check_size

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
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, not {n}")
    return n


def parse_seconds(text):
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text}")
    return seconds


def parse_positive(text):
    n = parse_count(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, not {n}")
    return n


def main(argv=None):
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            module, func = COMMANDS[argv[0]].split(":")
            return getattr(importlib.import_module(module), func)(argv[1:])
        return run(build_parser().parse_args(argv))
    except LifesimError as exc:
        print(f"lifesim: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("lifesim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run(args):
    """One run from parsed options: the window, or headless when asked or when there is no display."""
    screenshot = getattr(args, "screenshot", None)
    if args.headless and not screenshot:
        return run_headless(args)
    from lifesim.window import window  # pygame itself is imported only once a window is wanted

    grid, rule, title = setup(args)  # bad input fails here, before any window opens
    if screenshot:
        return window.take_screenshot(args, grid, rule, title)
    try:
        return window.run_window(args, grid, rule, title)
    except window.WindowUnavailable as exc:
        return run_headless(args, f"{exc}; running headless")


def setup(args):
    """(grid, rule, title) for a run's options: the pattern or soup, its rule, size and topology."""
    from lifesim.grid import Grid
    from lifesim.io.patterns import DEFAULT_PATTERN, find_pattern, grid_for_pattern
    from lifesim.io.formats import read_pattern
    from lifesim.rules import parse_rule, split_grid_suffix

    rule_text, rule_topology, rule_size = (None, None, None)
    if args.rule:
        rule_text, rule_topology, rule_size = split_grid_suffix(args.rule)
    if args.seed is not None or args.density is not None:
        if args.pattern:
            raise LifesimError("give either a pattern or --seed/--density for a random soup, not both")
        size = args.size or rule_size or (64, 64)
        grid = Grid.random(*size, 0.5 if args.density is None else args.density, args.seed,
                           args.topology or rule_topology or "torus")
        title = f"soup (seed {args.seed}, density {0.5 if args.density is None else args.density})"
        rule = parse_rule(rule_text or "B3/S23")
        return grid, rule, title
    pattern = read_pattern(find_pattern(args.pattern or DEFAULT_PATTERN))
    rule = parse_rule(rule_text or pattern.rule or "B3/S23")
    grid = grid_for_pattern(pattern, args.size or rule_size, args.topology or rule_topology)
    return grid, rule, pattern.name or args.pattern


def run_headless(args, note=None):
    """Run N generations without a window, write the outputs, print a summary.

    ``note`` (why there is no window) is printed once the inputs are known to be good.
    """
    from lifesim.drivers import get_driver
    from lifesim.simulation import Simulation
    from lifesim.app import progress
    from lifesim.io import checkpoint, pictures

    if getattr(args, "resume", None):
        grid, rule, title, generation, history = checkpoint.resume(args)
    else:
        (grid, rule, title), generation, history = setup(args), 0, None
    generations = 100 if args.generations is None else args.generations
    check_output_paths(args, rule)
    if note:
        print(f"lifesim: {note}", file=sys.stderr)
    with get_driver(args.driver, args.workers, **driver_options(args)) as driver:
        sim = Simulation(grid, rule, driver, generation, history)
        gif = pictures.GifRecorder(sim, args.gif_every) if args.gif else None
        saver = None
        if args.checkpoint_every:
            path = args.checkpoint or args.resume or checkpoint.DEFAULT_PATH
            saver = checkpoint.Checkpointer(path, args.checkpoint_every, title)
        bar = progress.GenerationBar(sim, generations, args.quiet)
        sim.observers += [o for o in (gif, saver, bar) if o is not None]
        start = time.perf_counter()
        try:
            from lifesim.sandbox.watch import advance  # plain sim.step, or reloading the rule under --watch
            advance(sim, max(0, generations - sim.generation), args)
        except KeyboardInterrupt:
            if saver:  # the grid is whole between generations: keep the work done so far
                saver.save(sim)
                print(f"lifesim: checkpoint of generation {sim.generation} in {saver.path}; "
                      f"go on with --resume {saver.path}", file=sys.stderr)
            raise
        finally:
            bar.close()
        seconds = time.perf_counter() - start
    generations = sim.generation - generation  # the generations this call ran
    write_outputs(args, sim, title, gif)
    rate = grid.height * grid.width * generations / seconds if seconds > 0 else float("inf")
    if not args.quiet:
        print(f"{title}: {generations} generations of {rule} on a {grid.height}x{grid.width} {grid.topology} "
              f"({driver.name} driver)")
        print(f"population {sim.history[0]} -> {sim.population}; {seconds:.3f} s, {rate:,.0f} cell-updates/s")
    return 0


def write_outputs(args, sim, title, gif=None):
    """Write what ``--png``, ``--gif``, ``--plot``, ``--out`` and ``--stats`` ask for, from ``sim`` as it is now.

    ``gif``: the run's :class:`lifesim.pictures.GifRecorder`, when ``--gif`` was given.
    Returns the options written, e.g. ``["--out", "--stats"]``.
    """
    from lifesim.io import pictures
    from lifesim.io.formats import atomic_write, write_pattern

    if args.png:
        pictures.write_png(args.png, sim.grid)
    if gif:
        gif.write(args.gif)
    if args.plot:
        pictures.write_plot(args.plot, sim.history)
    if args.out:
        write_pattern(args.out, sim.grid, sim.rule.spec, title)
    if args.stats:
        rows = "".join(f"{g},{p}\n" for g, p in enumerate(sim.history))
        atomic_write(args.stats, ("generation,population\n" + rows).encode())
    return [f"--{name}" for name in OUTPUTS if getattr(args, name, None)]


def driver_options(args):
    """Options for the driver beyond its name and workers: ``--scheduler`` (dask only) and
    ``--time-limit`` (the drivers with worker processes)."""
    options = {}
    scheduler = getattr(args, "scheduler", None)
    if scheduler is not None:
        if args.driver != "dask":
            raise LifesimError(f"--scheduler applies to the dask driver, not {args.driver!r}")
        options["scheduler"] = scheduler
    limit = getattr(args, "time_limit", None)
    if limit is not None:
        if args.driver not in ("processes", "dask"):
            raise LifesimError(f"--time-limit applies to the processes and dask drivers, not {args.driver!r} "
                               "(a driver in this process cannot stop a cell; the step budget still applies)")
        options["time_limit"] = limit
    return options


def check_output_paths(args, rule=None):
    """Refuse bad output names before a long run rather than after it.

    With ``rule``, also refuse ``--out`` in a two-state format for a rule with more states.
    """
    from lifesim.io.formats import TWO_STATE_SUFFIXES, check_output_path

    for option, suffixes in {**OUTPUTS, "checkpoint": (".npz",)}.items():
        value = getattr(args, option, None)
        if value:
            check_output_path(option, value, suffixes)
    out = getattr(args, "out", None)
    if out and rule is not None and rule.states > 2 and Path(out).suffix.lower() in TWO_STATE_SUFFIXES:
        raise LifesimError(f"--out {out}: {Path(out).suffix} holds two states only and rule {rule.name} "
                           f"has {rule.states}; write .rle or .npy")


if __name__ == "__main__":
    raise SystemExit(main())
