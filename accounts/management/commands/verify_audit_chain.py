from django.core.management.base import BaseCommand, CommandError

from accounts import audit_chain
from accounts.models import AuditEntry, Authority


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chains (every authority's and the national one) and name the first "
        "entry that does not match; exits non-zero if one does. --seal seals pending entries first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authority", type=int, action="append", help="only this authority's chain (its id)")
        parser.add_argument("--seal", action="store_true", help="seal the entries not sealed yet, then verify")

    def handle(self, *args, authority=None, seal=False, **options):
        names = dict(Authority.objects.values_list("pk", "name"))
        chains = authority or sorted(names)
        if not authority and AuditEntry.objects.filter(authority__isnull=True).exists():
            chains = [*chains, None]
        broken = []
        for authority_id in chains:
            if seal:
                audit_chain.seal(authority_id)
            result = audit_chain.verify(authority_id)
            name = names.get(authority_id, "national") if authority_id else "national"
            if result.ok:
                head = f"head {result.head_seal} {result.head_digest}" if result.head_seal else "empty"
                self.stdout.write(f"{name}: {result.checked} entries match, {head}; {result.unsealed} not sealed yet")
            else:
                entry = result.broken
                broken.append(name)
                self.stdout.write(
                    f"{name}: entry {entry.seal} (id {entry.pk}, {entry.created:%Y-%m-%d %H:%M:%S}, {entry.action}) "
                    f"does not match: {result.problem} {result.checked} entries before it match."
                )
        if broken:
            raise CommandError(f"Audit chain broken: {', '.join(broken)}")
