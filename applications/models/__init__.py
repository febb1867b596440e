# The applications app's models, one module per concern; import them from here.
from .core import Application, Organisation  # noqa: F401
