"""privmon: a dynamic runtime privacy monitor for Android apps."""

__version__ = "0.1.0"
__all__ = ["__version__"]
