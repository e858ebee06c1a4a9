"""The bundled patterns, installed as the data package ``lifesim.patterns`` (see pyproject.toml)."""
