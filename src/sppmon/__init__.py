"""sppmon: monitoring and guidance for sustainable public procurement, from the notices themselves."""

__version__ = "0.1.0"
