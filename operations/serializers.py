"""Django's JSON fixtures, with times kept to the microsecond.

``DjangoJSONEncoder`` cuts times to milliseconds (ECMA-262); a backup must give back the audit
trail's times exactly. Reading is Django's own JSON deserializer, which parses either form.
Registered by ``operations.backup`` as the format ``json_exact``.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
