"""State machines declare their moves in one table, ``{state: frozenset(next states)}``, next to
their states; the one transition function of each machine calls ``check_move`` before it saves."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .errors import TransitionNotAllowed


def label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def check_move(table: Mapping, current, target, *, choices=None, error=TransitionNotAllowed) -> None:
    """Raise ``error`` unless ``table`` allows ``current`` → ``target``."""
    if target in table.get(current, frozenset()):
        return
    if choices is not None:
        current_label, target_label = label(choices, current), label(choices, target)
    else:
        current_label, target_label = str(current), str(target)
    raise error(_("“%(from)s” cannot become “%(to)s”.") % {"from": current_label, "to": target_label})
