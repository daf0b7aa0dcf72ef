"""The version, at the ground floor so every layer may read it."""

__version__ = "0.1.0"
