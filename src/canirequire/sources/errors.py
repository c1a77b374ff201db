"""Errors a source raises when its input is not what its format promises."""


class SourceFormatError(ValueError):
    """A raw file or response does not follow its documented format.

    The message names the file (and line, where there is one) and the problem,
    so the CLI can print it as the single line a user sees.
    """
