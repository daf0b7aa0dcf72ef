"""footprint: how the harmless-looking fragments a handle shows add up to identity-theft risk."""

__version__ = "0.1.0"
