"""The one error the application layer raises for bad input; the CLI decides the exit code."""


class InputError(ValueError):
    """Bad input from the user (arguments, files, project files): the message is the one line they see."""


def stored_data_message(exc: BaseException) -> str | None:
    """The one line for a damaged stored fact file met in the middle of a question (package rows
    are decoded when first asked for), or None if ``exc`` is something else."""
    from ..store.snapshot import SnapshotError

    if isinstance(exc, SnapshotError):
        return (f"{exc} (a stored fact file is damaged: `canirequire refresh` rewrites refreshed data, "
                "--embedded-only ignores it)")
    return None
