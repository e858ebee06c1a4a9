"""Worked example rules, each a cell coroutine written by hand. Load one with
``--rule lifesim.examples.MODULE:NAME`` or copy the file and edit it."""
