"""Builders for the grants tests: applications straight into the database, the grants page
tree from a declarative spec, users in each editorial role.

Unlike the `submit` fixture (which goes through the public form), these write rows directly,
so a test can set up many applications in any status cheaply. Every default is valid: an
application built here passes `full_clean()`.
"""

import datetime
from collections import deque
from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from grants.models import (
    TRANSITIONS,
    ApplicationStatus,
    FundingRound,
    GrantApplication,
    GrantApplicationPage,
    GrantAttachment,
    GrantsPage,
    StatusChange,
)
from grants.reference import next_reference
from tests.builders import make_funding_round
from zib_wagtail.core.models import OfficeSettings

_sequence = count(1)

PASSWORD = "pw-123-secret"
#: The editorial roles (Django groups made by `zib_setup_roles`) and two users outside them.
ANONYMOUS = "anonymous"
NO_GROUP = "no_group"
REDAKTION = "Redaktion"
UEBERSETZUNG = "Übersetzung"
FREIGABE = "Freigabe"
SACHBEARBEITUNG = "Zuschüsse-Sachbearbeitung"
#: Reviewers; not in ROLES (tests/grants/test_reviews.py has their own matrix).
BEGUTACHTUNG = "Zuschüsse-Begutachtung"
#: The office lead (four-eyes deletions, anonymising, the access log); not in ROLES either
#: (tests/grants/test_privacy.py).
LEITUNG = "Zuschüsse-Leitung"
SUPERUSER = "superuser"
ROLES = [ANONYMOUS, NO_GROUP, REDAKTION, UEBERSETZUNG, FREIGABE, SACHBEARBEITUNG, SUPERUSER]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


# --- Applications ------------------------------------------------------------------------------


def application_defaults():
    """Model values of a complete, valid application (as the form would have cleaned them)."""
    return {
        "organisation_name": "Nachbarschaftsverein Burbach e. V.",
        "legal_form": "ev",
        "register_number": "VR 4711",
        "street": "Bergstraße 3",
        "postcode": "66115",
        "city": "Saarbrücken",
        "contact_name": "Jonas Keller",
        "contact_email": "jonas.keller@example.org",
        "contact_phone": "0681 987654",
        "kind": "project",
        "title": "Sprachcafé Burbach",
        "description": "Ein wöchentliches Treffen zum Deutschsprechen.",
        "target_group": "Neu Zugewanderte",
        "place": "Bürgerhaus Burbach",
        "start_date": datetime.date(2026, 9, 1),
        "end_date": datetime.date(2026, 12, 15),
        "expected_participants": 40,
        "total_costs": Decimal("3000.00"),
        "requested_amount": Decimal("2000.00"),
        "own_contribution": Decimal("1000.00"),
        "other_funding_amount": Decimal("0"),
        "other_funding_source": "",
        "account_holder": "Nachbarschaftsverein Burbach e. V.",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
        "privacy_consent": True,
        "truth_declaration": True,
    }


def status_path(to_status, from_status=ApplicationStatus.RECEIVED):
    """The shortest chain of allowed statuses from `from_status` to `to_status` (both included)."""
    to_status, from_status = ApplicationStatus(to_status), ApplicationStatus(from_status)
    previous = {from_status: None}
    queue = deque([from_status])
    while queue:
        status = queue.popleft()
        if status == to_status:
            path = []
            while status is not None:
                path.append(status)
                status = previous[status]
            return path[::-1]
        for following in TRANSITIONS[status]:
            if following not in previous:
                previous[following] = status
                queue.append(following)
    raise ValueError(f"{to_status} cannot be reached from {from_status}")


def open_round_now(**fields):
    """The round open now, or a new one from yesterday to in 30 days."""
    current = FundingRound.objects.current()
    if current is not None and not fields:
        return current
    now = timezone.now()
    fields.setdefault("title", f"Zuschüsse {now.year}")
    fields.setdefault("year", now.year)
    return make_funding_round(
        now - datetime.timedelta(days=1), now + datetime.timedelta(days=30), **fields
    )


def make_application(
    funding_round=None,
    *,
    status=ApplicationStatus.RECEIVED,
    attachments=(),
    granted_amount=None,
    changed_by=None,
    **fields,
):
    """A stored application in `funding_round` (default: the open round, made if needed).

    The reference comes from `grants.reference.next_reference`, as for a real submission. The
    status history follows the shortest allowed path of the workflow to `status` (one
    StatusChange per step, the first from the form); a granted application gets
    `granted_amount` (default: the requested amount). `attachments` are (kind, name, bytes)
    triples or just names (a small PDF), written to the private storage.
    """
    funding_round = funding_round or open_round_now()
    values = {**application_defaults(), **fields}
    path = status_path(status)
    if path[-1] == ApplicationStatus.GRANTED:
        values["granted_amount"] = granted_amount or values["requested_amount"]
    with transaction.atomic():
        reference, number = next_reference(funding_round.year)
        application = GrantApplication.objects.create(
            funding_round=funding_round,
            reference=reference,
            reference_year=funding_round.year,
            reference_number=number,
            status=path[-1],
            **values,
        )
        StatusChange.objects.create(application=application, to_status=path[0])
        for before, after in zip(path, path[1:], strict=False):
            StatusChange.objects.create(
                application=application,
                changed_by=changed_by,
                from_status=before,
                to_status=after,
            )
        for spec in attachments:
            add_attachment(application, *((spec,) if isinstance(spec, str) else spec))
    return application


def add_attachment(application, name="kostenplan.pdf", content=PDF, kind=None):
    """An attachment file in the private storage, recorded as the form would record it."""
    kind = kind or (
        GrantAttachment.Kind.BUDGET_PLAN
        if not application.attachments.exists()
        else GrantAttachment.Kind.OTHER
    )
    attachment = GrantAttachment(
        application=application,
        kind=kind,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


# --- Page tree ---------------------------------------------------------------------------------

#: The grants section as the demo site has it: overview, and the form below it.
GRANTS_TREE = [
    {
        "type": GrantsPage,
        "title": "Zuschüsse",
        "slug": "zuschuesse",
        "intro": "Zuschüsse für Vereine und Initiativen.",
        "children": [
            {
                "type": GrantApplicationPage,
                "title": "Antrag stellen",
                "slug": "antrag",
                "intro": "<p>Hier stellen Sie Ihren Antrag.</p>",
                "privacy_notice": "<p>Wir verarbeiten Ihre Angaben nur für den Antrag.</p>",
                "thank_you_text": "<p>Wir melden uns bei Rückfragen.</p>",
            }
        ],
    }
]


def build_tree(parent, spec):
    """Create the pages of `spec` below `parent`; return them by slug.

    `spec` is a list of dicts: "type" (the page class), the page's fields, and optionally
    "children" (a spec of the same form). Declarative, so a test states the tree it needs.
    """
    pages = {}
    for node in spec:
        fields = dict(node)
        page_class = fields.pop("type")
        children = fields.pop("children", [])
        page = parent.add_child(instance=page_class(**fields))
        pages[page.slug] = page
        pages.update(build_tree(page, children))
    return pages


def build_grants_tree(home, office_email="zib@example.org"):
    """The grants section below `home`, with the office's e-mail set; returns the pages."""
    pages = build_tree(home, GRANTS_TREE)
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.name = "Zuwanderungs- und Integrationsbüro"
    office.email = office_email
    office.save()
    return pages


# --- Users -------------------------------------------------------------------------------------


def make_role_user(role, username=None):
    """A user in `role` (a group name, NO_GROUP or SUPERUSER); None for ANONYMOUS."""
    if role == ANONYMOUS:
        return None
    username = username or f"user-{next(_sequence)}"
    user_model = get_user_model()
    if role == SUPERUSER:
        return user_model.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=PASSWORD
        )
    user = user_model.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    if role != NO_GROUP:
        user.groups.add(Group.objects.get(name=role))
    return user


# --- Reviews -----------------------------------------------------------------------------------


def add_criteria(funding_round, *criteria):
    """Review criteria of `funding_round`: (name, weight) pairs or names (weight 1)."""
    from grants.models import ReviewCriterion

    made = []
    for number, spec in enumerate(criteria):
        name, weight = (spec, 1) if isinstance(spec, str) else spec
        made.append(
            ReviewCriterion.objects.create(
                funding_round=funding_round, name=name, weight=weight, sort_order=number
            )
        )
    return made


def assign_reviewer(application, reviewer, *, declaration="pending", by=None, reason=""):
    """`reviewer` assigned to `application`, with the declaration already made if asked
    ("no_conflict" or "conflict")."""
    from grants.models import ReviewAssignment

    return ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=by,
        declaration=declaration,
        declared_at=None if declaration == "pending" else timezone.now(),
        conflict_reason=reason,
    )


def make_review(application, reviewer, *, scores=None, recommended=None, comment=None):
    """A review as `reviewer` saves it (assigned and declared first, if not yet): `scores`
    by criterion name (default 4 for each), `recommended` (default: the requested amount)."""
    from grants import reviews
    from grants.models import ReviewAssignment

    assignment = ReviewAssignment.objects.filter(
        application=application, reviewer=reviewer
    ).first() or assign_reviewer(application, reviewer)
    if assignment.declaration == ReviewAssignment.Declaration.PENDING:
        assignment = reviews.declare(assignment, conflict=False)
    scores = scores or {}
    return reviews.save_review(
        assignment,
        scores={
            item: scores.get(item.name, 4)
            for item in reviews.criteria_for(application.funding_round)
        },
        comment=comment or f"Bewertung von {reviewer.get_username()}.",
        recommended_amount=application.requested_amount if recommended is None else recommended,
    )
