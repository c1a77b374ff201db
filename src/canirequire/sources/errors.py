"""Errors a source raises when its input is not what its format promises."""

import json


class SourceFormatError(ValueError):
    """A raw file or response does not follow its documented format.

    The message names the file (and line, where there is one) and the problem,
    so the CLI can print it as the single line a user sees.
    """


def json_payload(payload, where: str):
    """A response body parsed as JSON (already-parsed data passes through); a SourceFormatError naming
    ``where`` if it is not JSON."""
    if not isinstance(payload, (bytes, bytearray, str)):
        return payload
    try:
        return json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceFormatError(f"{where}: response is not JSON: {exc}") from None
