"""Running an installation: backups and restores, cycle archives (归档) and cold storage.

The top of the dependency order: ``operations`` may import any app; no app imports it.
"""
