"""Use cases that do I/O: open a session, refresh, build the snapshot, bundle a report."""
