"""The archive importer: raw news texts and saved pages -> Pelican Markdown articles."""

__version__ = "0.1.0"
