"""How long an application is kept, by its outcome, and which are due for deletion.

Counted from the close of the application's round: a granted application (and one still
undecided) ZIB_GRANTS_RETENTION_YEARS, a rejected one ZIB_GRANTS_RETENTION_YEARS_REJECTED, a
withdrawn one ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN (grants.conf). `purge_grant_applications`
deletes what is due; the privacy page states the same periods (grants_tags.retention_periods).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf
from .models import ApplicationStatus, FundingRound, GrantApplication

#: Outcomes with a period of their own; every other status keeps the granted period.
SHORTER = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


def periods():
    """{status: years} for granted, rejected and withdrawn applications."""
    return {
        ApplicationStatus.GRANTED: conf.retention_years(),
        ApplicationStatus.REJECTED: conf.retention_years_rejected(),
        ApplicationStatus.WITHDRAWN: conf.retention_years_withdrawn(),
    }


def years_ago(years, now=None):
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def due(now=None, years=None):
    """The applications whose period has passed; `years` replaces every period (one-off)."""
    by_status = periods()
    if years is not None:
        by_status = dict.fromkeys(by_status, years)

    def closed_before(status):
        return FundingRound.objects.closed_before(years_ago(by_status[status], now))

    query = Q(~Q(status__in=SHORTER), funding_round__in=closed_before(ApplicationStatus.GRANTED))
    for status in SHORTER:
        query |= Q(status=status, funding_round__in=closed_before(status))
    return GrantApplication.objects.filter(query)


def _years(count):
    return ngettext("%(count)d Jahr", "%(count)d Jahre", count) % {"count": count}


def privacy_notice_html():
    """The retention periods for the privacy page, in the active language, from the settings."""
    by_status = periods()
    return format_html(
        "<p>{}</p><p>{}</p>",
        _(
            "Anträge auf Zuschüsse speichern wir mit ihren Anlagen nach dem Ende der "
            "Antragsrunde so lange: bewilligte Anträge %(granted)s, abgelehnte %(rejected)s, "
            "zurückgezogene %(withdrawn)s. Anträge, über die noch nicht entschieden ist, "
            "behandeln wir wie bewilligte. Danach werden sie mit allen Anlagen gelöscht."
        )
        % {
            "granted": _years(by_status[ApplicationStatus.GRANTED]),
            "rejected": _years(by_status[ApplicationStatus.REJECTED]),
            "withdrawn": _years(by_status[ApplicationStatus.WITHDRAWN]),
        },
        _(
            "Auf Ihren Wunsch erteilen wir Auskunft über alles, was wir zu Ihrem Antrag "
            "gespeichert haben, und anonymisieren oder löschen ihn; wenden Sie sich dazu an "
            "das Büro."
        ),
    )
