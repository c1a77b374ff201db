"""The one error the application layer raises for bad input; the CLI decides the exit code."""


class InputError(ValueError):
    """Bad input from the user (arguments, files, project files): the message is the one line they see."""
