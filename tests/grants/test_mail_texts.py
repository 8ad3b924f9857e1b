"""Who the mails name: the committee and the sender come from settings, not from the app's code.

The example site sets ZIB_GRANTS_COMMITTEE_NAME and ZIB_GRANTS_REFERENCE_PREFIX to the ZIB's
values; without them the app speaks of „Der zuständige Ausschuss“ and numbers „ANTRAG-…“.
"""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from grants import conf, emails
from grants.models import MailDelivery
from grants.reference import format_reference
from zib_wagtail.core.models import OfficeSettings

pytestmark = pytest.mark.django_db

ZIB_COMMITTEE = "Der Ausschuss für soziale Angelegenheiten und Integration"


def confirmation_body():
    return MailDelivery.objects.get(kind=MailDelivery.Kind.CONFIRMATION).body


def test_example_site_names_its_committee_and_office(form_page, submit):
    assert submit().status_code == 302

    text = confirmation_body()
    assert (
        f"{ZIB_COMMITTEE} entscheidet über die Anträge voraussichtlich in seiner Sitzung am "
        "10.12.2026." in text
    )
    assert "Mit freundlichen Grüßen\nZuwanderungs- und Integrationsbüro\n" in text
    assert "ZIB-2026-0001" in text


def test_example_site_committee_in_english(form_page, submit):
    assert submit().status_code == 302
    delivery = MailDelivery.objects.get(kind=MailDelivery.Kind.CONFIRMATION)

    with translation.override("en"):
        _subject, text = emails._render(
            "grants/emails/confirmation.txt",
            {**emails.mail_defaults(), "application": delivery.application},
        )

    assert (
        "The Committee for Social Affairs and Integration is expected to decide on the "
        "applications at its meeting on 10.12.2026." in text
    )


def test_without_the_setting_the_mail_names_no_particular_committee(
    settings, form_page, open_round, submit
):
    del settings.ZIB_GRANTS_COMMITTEE_NAME
    open_round.committee_meeting_date = None
    open_round.save()

    assert submit().status_code == 302

    text = confirmation_body()
    assert "Der zuständige Ausschuss entscheidet über die Anträge." in text
    assert "soziale Angelegenheiten" not in text
    with translation.override("en"):
        assert str(conf.committee_name()) == "The responsible committee"


def test_a_site_names_its_own_committee(settings, form_page, submit):
    settings.ZIB_GRANTS_COMMITTEE_NAME = "Der Sozialausschuss"

    assert submit().status_code == 302

    assert (
        "Der Sozialausschuss entscheidet über die Anträge voraussichtlich in seiner Sitzung am "
        "10.12.2026." in confirmation_body()
    )


def test_reference_prefix_default_is_neutral(settings):
    assert format_reference(2027, 42) == "ZIB-2027-0042"  # the example site's setting
    del settings.ZIB_GRANTS_REFERENCE_PREFIX
    assert format_reference(2027, 42) == "ANTRAG-2027-0042"


def test_signature_falls_back_to_the_site_name_not_to_another_office(settings, home_page):
    settings.WAGTAIL_SITE_NAME = "Integrationsbüro Musterstadt"
    site = home_page.get_site()
    office = OfficeSettings.for_site(site)
    assert office.name == ""

    def signature(context):
        text = render_to_string("grants/emails/status_change.txt", context)
        return text.rstrip().rsplit("\n", 1)[-1]

    assert signature({**emails.mail_defaults(), "office": office}) == "Integrationsbüro Musterstadt"
    assert signature(emails.mail_defaults()) == "Integrationsbüro Musterstadt"  # no office at all

    site.site_name = "Stadt Musterstadt"
    site.save()
    office = OfficeSettings.for_site(site)
    assert signature({**emails.mail_defaults(), "office": office}) == "Stadt Musterstadt"

    office.name = "Büro für Vielfalt"
    assert signature({**emails.mail_defaults(), "office": office}) == "Büro für Vielfalt"
