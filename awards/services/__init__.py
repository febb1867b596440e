"""Changes of the end of a cycle, one module per concern: ``evaluation`` (public scores, candidates),
``votes`` (the committee vote), ``consultation``, ``approval`` and ``announcement``."""
