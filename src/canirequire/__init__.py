"""canirequire: can we require a build dependency without dropping a supported platform?"""

__version__ = "0.1.0"
