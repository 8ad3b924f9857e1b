"""Reference numbers (prefix-year-number, e.g. ANTRAG-2027-0042): consecutive per year, race-free.

`next_reference` must run inside the transaction that stores the application. It increments
the year's counter row with a single UPDATE first: the UPDATE takes the row lock (PostgreSQL)
or the database write lock (SQLite) before anything is read, so concurrent submissions wait
for each other and each reads its own number. Numbers of rolled-back transactions are reused.
"""

from django.db import transaction
from django.db.models import F

from . import conf
from .models import ReferenceCounter


def format_reference(year, number):
    return f"{conf.reference_prefix()}-{year}-{number:04d}"


def next_reference(year):
    """Return (reference, number) for the next application of `year`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_reference() must run inside transaction.atomic().")
    updated = ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    if not updated:
        # First application of the year. A concurrent first insert makes one of the two fail
        # with IntegrityError inside get_or_create's savepoint; it then falls back to the row.
        counter, created = ReferenceCounter.objects.get_or_create(
            year=year, defaults={"last_number": 1}
        )
        if not created:
            ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return format_reference(year, number), number
