#!/usr/bin/env python3
"""lifesim's command line: ``python run_life.py --help``."""

from lifesim.app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
