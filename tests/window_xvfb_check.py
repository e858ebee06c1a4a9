"""Every key of the window's help overlay, sent as real X events by xdotool to a real window.

Not a pytest file (it needs Xvfb and xdotool, and takes about a minute): run it by hand with
``Xvfb :99 & DISPLAY=:99 python tests/window_xvfb_check.py``. Each line says ok or FAIL and what
changed; the last line counts them.
"""
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's lifesim, run as a script
from lifesim import Simulation
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import find_pattern, grid_for_pattern
from lifesim.window.window import Window

pattern = read_pattern(find_pattern("gosper_gun_eater"))
sim = Simulation(grid_for_pattern(pattern, (64, 96)), "B3/S23")
save_dir = tempfile.mkdtemp()
w = Window(sim, "gun", size=(960, 640), running=False, rate=math.inf, save_dir=save_dir)
w.run(max_frames=20)
ids = subprocess.run(["xdotool", "search", "--class", ""], capture_output=True, text=True).stdout.split()
wid = next(i for i in ids if subprocess.run(["xdotool", "getwindowname", i], capture_output=True, text=True).stdout.startswith("lifesim"))
subprocess.run(["xdotool", "windowfocus", "--sync", wid])
geo = subprocess.run(["xdotool", "getwindowgeometry", wid], capture_output=True, text=True).stdout
left, top = [int(v) for v in geo.split("Position: ")[1].split()[0].split(",")]

def xdo(*args):
    subprocess.run(["xdotool", *args], check=True)
    w.run(max_frames=15)
    w.stepper.wait_idle()
    w.run(max_frames=3)

def at(cell):
    px, py = w.view.centre_of(*cell)
    return str(left + px), str(top + py)

def state():
    f = w.stepper.frame
    return dict(gen=f.generation, pop=f.population, rule=str(f.rule), zoom=round(w.view.zoom, 3), off=tuple(round(v) for v in w.view.offset),
                help=w.show_help, lines=w.grid_lines, hl=w.highlight, sel=w.select.box and w.select.box.describe(),
                floating=w.select.floating is not None, why=w.why_cell, info=w.show_info, browser=w.browser is not None,
                prompt=w.prompt, scheme=w.scheme, mode=w.select.mode, running=w.stepper.running, rate=w.stepper.rate)

results = []
def check(name, action, ok):
    before = state(); action(); after = state()
    good = ok(before, after)
    results.append(good)
    print(("ok  " if good else "FAIL") + f" {name}: " + ", ".join(f"{k} {before[k]}->{after[k]}" for k in after if before[k] != after[k]))

check("space runs", lambda: xdo("key", "space"), lambda b, a: a["running"])
time.sleep(0.3)
check("space pauses", lambda: xdo("key", "space"), lambda b, a: not a["running"] and a["gen"] > 0)
check("n steps", lambda: xdo("key", "n"), lambda b, a: a["gen"] == b["gen"] + 1)
check("Right steps", lambda: xdo("key", "Right"), lambda b, a: a["gen"] == b["gen"] + 1)
check("+ faster", lambda: (xdo("key", "minus"), xdo("key", "plus")), lambda b, a: a["rate"] == b["rate"])
check("- slower", lambda: xdo("key", "minus"), lambda b, a: a["rate"] < b["rate"])
check("wheel zooms", lambda: (xdo("mousemove", *at((30, 40))), xdo("click", "4")), lambda b, a: a["zoom"] > b["zoom"])
check("right-drag pans", lambda: (xdo("mousedown", "3"), xdo("mousemove_relative", "--", "30", "20"), xdo("mouseup", "3")), lambda b, a: a["off"] != b["off"])
check("Shift+Right pans", lambda: xdo("key", "shift+Right"), lambda b, a: a["off"] != b["off"] and a["gen"] == b["gen"])
check("Left/Up/Down pan", lambda: (xdo("key", "Left"), xdo("key", "Up"), xdo("key", "Down")), lambda b, a: a["off"] != b["off"])
check("f fits", lambda: xdo("key", "f"), lambda b, a: True)
check("left click draws", lambda: (xdo("mousemove", *at((60, 90))), xdo("click", "1")), lambda b, a: a["pop"] == b["pop"] + 1)
cells = lambda: w.stepper.sim.grid.cells
row = next(r for r in range(64) if not cells()[r, 2:11].any())
check("left drag draws", lambda: (xdo("mousemove", *at((row, 2))), xdo("mousedown", "1"), xdo("mousemove", *at((row, 10))), xdo("mouseup", "1")), lambda b, a: cells()[row, 2:11].all() and a["pop"] == b["pop"] + 9)
check("Ctrl+Z undoes the stroke", lambda: xdo("key", "ctrl+z"), lambda b, a: not cells()[row, 2:11].any())
check("Ctrl+Y redoes", lambda: xdo("key", "ctrl+y"), lambda b, a: cells()[row, 2:11].all())
check("Ctrl+Shift+Z redoes", lambda: (xdo("key", "ctrl+z"), xdo("key", "ctrl+shift+z")), lambda b, a: a["pop"] == b["pop"])
check("Shift+drag selects", lambda: (xdo("mousemove", *at((50, 70))), xdo("keydown", "shift"), xdo("mousedown", "1"), xdo("mousemove", *at((61, 91))), xdo("mouseup", "1"), xdo("keyup", "shift")), lambda b, a: a["sel"] == "22 x 12")
check("Ctrl+C copies", lambda: xdo("key", "ctrl+c"), lambda b, a: "x = 22, y = 12" in w.clipboard.get())
check("> turns", lambda: xdo("key", "greater"), lambda b, a: a["sel"] == "12 x 22")
check("< turns back", lambda: xdo("key", "less"), lambda b, a: a["sel"] == "22 x 12")
check("x flips", lambda: xdo("key", "x"), lambda b, a: a["pop"] == b["pop"])
check("y flips", lambda: xdo("key", "y"), lambda b, a: a["pop"] == b["pop"])
check("Delete clears inside", lambda: xdo("key", "Delete"), lambda b, a: not cells()[50:62, 70:92].any())
check("Ctrl+V previews the paste", lambda: (xdo("key", "ctrl+v"), xdo("mousemove", *at((5, 60)))), lambda b, a: a["floating"])
from lifesim.io.formats import parse_pattern_text
copied = parse_pattern_text(w.clipboard.get()).cells
check("a click places it", lambda: xdo("click", "1"), lambda b, a: not a["floating"] and np.array_equal(cells()[5:17, 60:82] | copied, cells()[5:17, 60:82]))
check("Ctrl+X cuts", lambda: xdo("key", "ctrl+x"), lambda b, a: not cells()[5:17, 60:82].any())
check("r fills the selection", lambda: xdo("key", "r"), lambda b, a: a["pop"] > b["pop"])
check("Shift+Delete clears outside", lambda: xdo("key", "shift+Delete"), lambda b, a: a["pop"] < b["pop"])
check("Esc drops the selection", lambda: xdo("key", "Escape"), lambda b, a: a["sel"] is None)
check("Ctrl+A selects all", lambda: xdo("key", "ctrl+a"), lambda b, a: a["sel"] == "96 x 64")
check("e toggles select mode", lambda: (xdo("key", "Escape"), xdo("key", "e")), lambda b, a: a["mode"])
check("e again: draw", lambda: xdo("key", "e"), lambda b, a: not a["mode"])
check("c clears", lambda: xdo("key", "c"), lambda b, a: a["pop"] == 0)
check("r soup", lambda: xdo("key", "r"), lambda b, a: a["pop"] > 500)
check("Ctrl+R resets", lambda: xdo("key", "ctrl+r"), lambda b, a: a["gen"] == 0)
check("w explains", lambda: (xdo("mousemove", *at((20, 20))), xdo("key", "w")), lambda b, a: a["why"] == (20, 20))
check("middle click elsewhere", lambda: (xdo("mousemove", *at((21, 22))), xdo("click", "2")), lambda b, a: a["why"] == (21, 22))
check("Esc closes the panel", lambda: xdo("key", "Escape"), lambda b, a: a["why"] is None and not w.quit)
check("i info", lambda: xdo("key", "i"), lambda b, a: a["info"])
check("i closes", lambda: xdo("key", "i"), lambda b, a: not a["info"])
check("g grid lines", lambda: xdo("key", "g"), lambda b, a: a["lines"])
check("b highlight", lambda: xdo("key", "b"), lambda b, a: not a["hl"])
check("k scheme", lambda: xdo("key", "k"), lambda b, a: a["scheme"] == "golly")
check("h help", lambda: xdo("key", "h"), lambda b, a: a["help"])
check("Esc closes help", lambda: xdo("key", "Escape"), lambda b, a: not a["help"])
check("s saves", lambda: xdo("key", "s"), lambda b, a: w.last_saved is not None and w.last_saved.exists())
check("R rule prompt", lambda: (xdo("key", "shift+r"), xdo("type", "highlife"), xdo("key", "Return")), lambda b, a: a["rule"] == "B36/S23")
check("p browser", lambda: xdo("key", "p"), lambda b, a: a["browser"])
check("type + Enter loads", lambda: (xdo("type", "acorn"), xdo("key", "Return")), lambda b, a: not a["browser"] and a["pop"] == 7)
check("o prompt loads", lambda: (xdo("key", "o"), xdo("type", "glid"), xdo("key", "Tab"), xdo("key", "Return")), lambda b, a: a["pop"] == 5)
check("q quits", lambda: xdo("key", "q"), lambda b, a: w.quit)
w.close()
print(f"{sum(results)} of {len(results)} ok")
sys.exit(0 if all(results) else 1)
