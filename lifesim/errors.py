"""Errors: everything lifesim raises on purpose is a LifesimError, shown to users as one line."""

import traceback


class LifesimError(Exception):
    """Bad input or a broken rule: the command line prints it as one line and exits 2."""


class SettingError(LifesimError):
    """A run's setting holds a value lifesim cannot use.

    ``setting`` names it as a field of ``RunSpec`` or ``Outputs`` does (``"workers"``, ``"out"``);
    ``detail`` says what is wrong with the value. Library code never knows how the value was
    given, so the message reads ``workers: must be at least 1, not 0``; the command line says
    ``--workers must be at least 1, not 0`` instead (see ``lifesim.app.cli``).
    """

    def __init__(self, setting, detail):
        super().__init__(f"{setting}: {detail}")
        self.setting, self.detail = setting, detail

    def __reduce__(self):
        return (type(self), (self.setting, self.detail))


class ProtocolError(LifesimError):
    """A cell coroutine broke the protocol; ``y`` and ``x`` name the cell."""

    def __init__(self, y, x, message):
        super().__init__(f"cell ({y}, {x}): {message}")
        self.y, self.x, self.message = y, x, message

    def __reduce__(self):
        return (type(self), (self.y, self.x, self.message))


class CellError(LifesimError):
    """A cell coroutine raised; the original exception is ``__cause__``."""

    def __init__(self, y, x, exc=None):
        self.y, self.x = y, x
        detail = f"{type(exc).__name__}: {exc}" if exc is not None else "the rule raised"
        where = _rule_frame(exc)
        super().__init__(f"cell ({y}, {x}): the rule raised {detail}" + (f" at {where}" if where else ""))
        if exc is not None:
            self.__cause__ = exc

    def __reduce__(self):
        # Keep the message across process boundaries, where __cause__ is lost.
        return (_rebuild_cell_error, (self.y, self.x, str(self)))


def _rebuild_cell_error(y, x, message):
    err = CellError.__new__(CellError)
    LifesimError.__init__(err, message)
    err.y, err.x = y, x
    return err


def _rule_frame(exc):
    """'file.py:12 (code)' for the innermost frame of exc outside lifesim's drivers, or ''."""
    if exc is None or exc.__traceback__ is None:
        return ""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/lifesim/drivers/" not in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f"{f.filename}:{f.lineno} ({(f.line or '').strip()})"
