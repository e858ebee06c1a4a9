"""Pictures: PNGs of grids with live pixels where the cells are, GIFs of runs (plots: test_plots.py)."""

import numpy as np
import pytest
from PIL import Image

from lifesim import Grid, Simulation
from lifesim.app.batch import main as batch
from lifesim.app.cli import main
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import find_pattern, grid_for_pattern
from lifesim.io.pictures import GifRecorder, cell_pixels

GLIDER = "-*------\n--*-----\n***-----\n--------\n--------\n--------\n--------\n--------"


def cells_of(image, shape):
    """The (H, W) array of cells an image shows: 1 where a cell's centre pixel is dark."""
    h, w = shape
    s = image.size[0] // w
    gray = np.asarray(image.convert("L"))
    return (gray[s // 2::s, s // 2::s][:h, :w] < 128).astype(np.uint8)


def test_png_of_a_blinker_has_live_pixels_on_its_cells(tmp_path):
    png = tmp_path / "b.png"
    assert main(["blinker", "--size", "5x5", "--headless", "--generations", "1", "--png", str(png), "--quiet"]) == 0
    image = Image.open(png)
    assert image.format == "PNG" and image.size == (5 * cell_pixels(5, 5),) * 2 == (510, 510)
    expected = np.zeros((5, 5), np.uint8)
    expected[1:4, 2] = 1  # the bundled blinker is a row centred in 5x5; one generation on it stands upright
    assert np.array_equal(cells_of(image, (5, 5)), expected)
    gray = np.asarray(image.convert("L"))
    assert gray[0, 0] == 255 and gray[102 + 51, 2 * 102 + 51] == 0  # white background, black live cell


def test_gif_frames_every_k_generations_show_the_run(tmp_path):
    gif = tmp_path / "g.gif"
    grid = Grid.from_text(GLIDER)
    assert main([_write(tmp_path, grid), "--size", "8x8", "--headless", "--generations", "16", "--gif", str(gif),
                 "--gif-every", "4", "--quiet"]) == 0
    image = Image.open(gif)
    assert image.format == "GIF" and image.size == (512, 512) and image.n_frames == 5
    sim = Simulation(grid)
    for frame in range(5):
        image.seek(frame)
        assert np.array_equal(cells_of(image, (8, 8)), sim.grid.cells), f"frame {frame}"
        sim.step(4)


def _write(tmp_path, grid):
    path = tmp_path / "p.cells"
    path.write_text("\n".join(line.replace("-", ".").replace("*", "O") for line in str(grid).splitlines()) + "\n")
    return str(path)


def test_gif_recorder_caps_frames_and_pixels():
    sim = Simulation(Grid.random(100, 50, 0.3, 1))
    recorder = GifRecorder(sim, every=1, max_frames=10, side=64)
    sim.observers.append(recorder)
    sim.step(40)
    assert len(recorder.frames) <= 10 and recorder.every >= 4
    assert recorder.frames[0].shape == (50, 25)  # sampled down to at most `side` cells a side
    assert np.array_equal(recorder.frames[-1], sim.grid.cells[::2, ::2])


def test_batch_writes_a_png_and_gif_per_run(tmp_path):
    folder = tmp_path / "pics"
    folder.mkdir()
    assert batch(["glider", "blinker", "--size", "8x8", "--generations", "7", "--workers", "1", "--pictures",
                  str(folder), "--gifs", "--results", str(tmp_path / "r.csv"), "--quiet"]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["0000-glider.gif", "0000-glider.png",
                                                        "0001-blinker.gif", "0001-blinker.png"]
    assert Image.open(folder / "0001-blinker.png").size == (512, 512)
    # The PNG is the grid of generation 7, even though the blinker's run stopped once it cycled.
    full = Simulation(grid_for_pattern(read_pattern(find_pattern("blinker")), (8, 8)))
    full.step(7)
    assert np.array_equal(cells_of(Image.open(folder / "0001-blinker.png"), (8, 8)), full.grid.cells)


@pytest.mark.parametrize("option", ["--png", "--gif", "--plot"])
def test_wrong_picture_suffix_is_refused_before_running(tmp_path, option, capsys):
    assert main(["glider", "--headless", option, str(tmp_path / "x.jpg")]) == 2
    assert "expected a file ending in" in capsys.readouterr().err and not (tmp_path / "x.jpg").exists()


def test_gif_recorder_starts_again_on_another_simulation(tmp_path):
    """A window that loads another pattern passes its observers on: the GIF shows the new one."""
    sim = Simulation(Grid.random(100, 50, 0.3, 1))
    recorder = GifRecorder(sim, every=1, max_frames=10, side=64)
    sim.step(20)
    other = Simulation(Grid.random(12, 30, 0.3, 2))
    recorder(other)
    other.observers.append(recorder)
    other.step(3)
    assert len(recorder.frames) == 4 and recorder.every == 1
    assert all(frame.shape == (12, 30) for frame in recorder.frames)
    recorder.write(tmp_path / "a.gif")
    assert Image.open(tmp_path / "a.gif").n_frames == 4


def test_pictures_take_the_rule_s_own_colours_where_it_has_them(tmp_path):
    # WireWorld's rule file colours its states (@COLORS); the picture shows them, as the window does
    rule_file = tmp_path / "Wires.rule"
    rule_file.write_text("@RULE Wires\n@TABLE\nn_states:4\nneighborhood:Moore\nsymmetries:permute\n"
                         "var a={0,1,2,3}\n1,a,a,a,a,a,a,a,a,2\n2,a,a,a,a,a,a,a,a,3\n"
                         "@COLORS\n1 255 255 0\n2 0 0 255\n")
    (tmp_path / "w.rle").write_text("x = 3, y = 1, rule = Wires\nA.B!\n")
    png, gif = tmp_path / "w.png", tmp_path / "w.gif"
    assert main([str(tmp_path / "w.rle"), "--headless", "--quiet", "--generations", "0", "--png", str(png),
                 "--gif", str(gif)]) == 0
    for picture in (png, gif):
        image = Image.open(picture).convert("RGB")
        s = image.size[0] // 3
        assert image.getpixel((s // 2, s // 2)) == (255, 255, 0)  # state 1: its own yellow
        assert image.getpixel((s + s // 2, s // 2)) == (255, 255, 255)  # state 0: no colour given, white
        assert image.getpixel((2 * s + s // 2, s // 2)) == (0, 0, 255)  # state 2: its own blue
