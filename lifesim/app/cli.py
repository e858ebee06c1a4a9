"""The command line: ``main(argv) -> exit code``. ``run_life.py`` and the ``lifesim`` script call it.

    lifesim [PATTERN] [options]      window on a pattern (headless with --headless or no display)
    lifesim batch|bench|census|identify|rule ...   subcommands, each in its own module

Bad input prints one line to stderr and exits 2; Ctrl-C exits 130.
"""

import importlib
import os
import sys
import time
from dataclasses import replace

from lifesim.app import progress
from lifesim.app.options import (
    EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE, UsageParser, add_run_options, option_name, spec_from_args,
)
from lifesim.errors import LifesimError, SettingError
from lifesim.io.checkpoint import Checkpointer
from lifesim.io.formats import several_patterns
from lifesim.runspec import DEFAULT_DRIVER, DEFAULT_GENERATIONS, driver_choice, resume, started
from lifesim.sandbox.watch import advance, watcher_for
from lifesim.simulation import Simulation
from lifesim.universe import describe, is_plane
from lifesim.window import window

# subcommand -> "module:function"; each function takes argv (without the subcommand) -> int.
# Imported only when used, so that `lifesim glider` does not load the benchmark or the batch.
COMMANDS = {
    "batch": "lifesim.app.batch:main",
    "bench": "lifesim.app.bench:main",
    "census": "lifesim.app.census_command:main",
    "identify": "lifesim.app.identify_command:main",
    "rule": "lifesim.app.rule_command:main",
}


def build_parser():
    parser = UsageParser(prog="lifesim", description="Conway's Game of Life and its cousins, one coroutine per cell.")
    parser.add_argument("pattern", nargs="?", help="a pattern file, or the name of a bundled pattern")
    add_run_options(parser)
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="draw the window's view after --generations N (default 0) to FILE.png and exit")
    return parser


def main(argv=None):
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            module, func = COMMANDS[argv[0]].split(":")
            return getattr(importlib.import_module(module), func)(argv[1:])
        return run(spec_from_args(build_parser().parse_args(argv)))
    except SettingError as exc:  # worded for the command line: the option, then what is wrong
        print(f"lifesim: error: {option_name(exc.setting)} {exc.detail}", file=sys.stderr)
        return EXIT_USAGE
    except LifesimError as exc:
        print(f"lifesim: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("lifesim: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`lifesim identify x | head -1`): stop quietly, as
        # Unix tools do; stdout goes to devnull so that Python's flush at exit raises nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def run(spec):
    """One run of a RunSpec: the window, or headless when asked or when there is no display."""
    if spec.headless and not spec.screenshot:
        return run_headless(spec)
    shown, archive = spec, None
    if not spec.screenshot:  # a zip of several patterns: the window opens on the first, listing them all
        shown, archive = _first_in_archive(spec)
    grid, rule, title, pattern = started(shown)  # bad input fails here, before any window opens
    shown = chosen_driver(shown, rule, grid)
    if spec.screenshot:
        return window.take_screenshot(shown, grid, rule, title, pattern)
    try:
        return window.run_window(shown, grid, rule, title, pattern, browse=archive)
    except window.WindowUnavailable as exc:
        return run_headless(spec, f"{exc}; running headless")


def _first_in_archive(spec):
    """(spec, archive): for a pattern that is a zip archive of several patterns, as Golly lists
    them, the spec of its first and the archive's path; else ``spec`` as it is and None."""
    members = None if spec.pattern is None or spec.soup else several_patterns(spec.pattern)
    if members is None:
        return spec, None
    return replace(spec, pattern=f"{spec.pattern}/{members[0]}"), spec.pattern


def run_headless(spec, note=None):
    """Run the generations without a window, write the outputs, print a summary.

    ``note`` (why there is no window) is printed once the inputs are known to be good.
    """
    if spec.resume:
        grid, rule, title, generation, history = resume(spec)
    else:  # from the generation the file holds (Golly's #CXRLE Gen, #G), or 0
        grid, rule, title, pattern = started(spec)
        generation, history = (pattern.generation if pattern is not None else 0), None
    generations = DEFAULT_GENERATIONS if spec.generations is None else spec.generations
    # --generations: how many to run; resuming, the generation to go on to
    target = generations if spec.resume else generation + generations
    spec = chosen_driver(spec, rule, grid)
    spec.check_outputs(rule)
    watcher = watcher_for(spec, rule)
    if note:
        print(f"lifesim: {note}", file=sys.stderr)
    with spec.open_driver() as driver:
        sim = Simulation(grid, rule, driver, generation, history)
        recorder = spec.outputs.recorder(sim)
        saver = Checkpointer(spec.checkpoint_path, spec.checkpoint_every, title) if spec.checkpoint_every else None
        bar = progress.GenerationBar(sim, target, spec.quiet)
        if driver.jumps:  # one long call: the driver tells the bar how it goes
            driver.progress = bar.driver_progress
        sim.observers += [o for o in (recorder, saver, bar) if o is not None]
        begun = time.perf_counter()
        try:
            every = spec.outputs.every_generation or bool(spec.checkpoint_every)
            advance(sim, max(0, target - sim.generation), watcher, every)
        except KeyboardInterrupt:
            if saver:  # the grid is whole between generations: keep the work done so far
                saver.save(sim)
                print(f"lifesim: checkpoint of generation {sim.generation} in {saver.path}; "
                      f"go on with --resume {saver.path}", file=sys.stderr)
            raise
        finally:
            bar.close()
        seconds = time.perf_counter() - begun
    generations = sim.generation - generation  # the generations this call ran
    spec.outputs.write(sim, title, recorder)
    if not spec.quiet:
        print(f"{title}: {generations} generations of {rule} on the {describe(sim.grid)} ({driver.name} driver)")
        print(f"population {sim.history[0]} -> {sim.population}; {seconds:.3f} s{_rate(grid, generations, seconds)}")
    return 0


def chosen_driver(spec, rule, universe=None):
    """``spec`` with its driver chosen for ``rule`` and ``universe`` when none was named, saying
    so when the choice is not serial (a far-sighted rule, a large universe, a huge macrocell
    file: see ``runspec.driver_choice``)."""
    if spec.driver is not None:
        return spec
    name, why = driver_choice(rule, universe)
    if why:
        instead = "as Golly opens a macrocell file in HashLife" if name == "hashlife" \
            else f"--driver {DEFAULT_DRIVER} to run its coroutines"
        print(f"lifesim: {why}: the {name} driver runs it ({instead})", file=sys.stderr)
    return replace(spec, driver=name)


def _rate(grid, generations, seconds):
    """', N cell-updates/s' on a finite grid (every cell is updated); nothing on the plane, where
    the cells stepped are only those near changes."""
    if is_plane(grid):
        return ""
    rate = grid.height * grid.width * generations / seconds if seconds > 0 else float("inf")
    return f", {rate:,.0f} cell-updates/s"


if __name__ == "__main__":
    raise SystemExit(main())
