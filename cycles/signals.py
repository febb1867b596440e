from django.dispatch import Signal

# Sent after commit when a cycle stage begins; kwargs: stage, by.
stage_started = Signal()
# Sent after commit when a cycle stage ends; kwargs: stage, by.
stage_ended = Signal()
