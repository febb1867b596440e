"""What every app shares and nothing app-specific: domain errors, state-machine checks, safe spreadsheets.

The bottom of the dependency order: ``common`` imports no app of the project.
"""
