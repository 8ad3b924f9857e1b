"""The two grants page types with Wagtail's own page assertions: where they may be created,
created through the real admin add view, routed, rendered, edited and previewed."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from grants.models import GrantApplicationPage, GrantsPage
from grants.models.pages import SESSION_KEY
from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from tests.builders import make_funding_round, make_home_page
from zib_wagtail.core.models import StandardPage

from .builders import REDAKTION, build_grants_tree, make_role_user

OTHER_TYPES = [Page, StandardPage, ProjectIndexPage, ProjectPage]


def grants_page_data(**fields):
    """POST data of the admin's add/edit form of a GrantsPage."""
    return nested_form_data(
        {
            "title": "Zuschüsse für Vereine",
            "slug": "zuschuesse",
            "intro": "Die Stadt fördert Projekte und Veranstaltungen.",
            "body": streamfield(
                [
                    ("heading", {"text": "Wer kann beantragen?", "level": "h2"}),
                    ("paragraph", rich_text("<p>Vereine und <b>Initiativen</b>.</p>")),
                    (
                        "faq",
                        {
                            "heading": "Häufige Fragen",
                            "items": list_block(
                                [
                                    {
                                        "question": "Wann entscheidet der Ausschuss?",
                                        "answer": rich_text("<p>Im Dezember.</p>"),
                                    }
                                ]
                            ),
                        },
                    ),
                ]
            ),
            **fields,
        }
    )


def list_block(values):
    """ListBlock form data (Wagtail ≥ 2.16 layout: value, deleted, order, id per item)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def application_page_data(**fields):
    """POST data of the admin's add/edit form of a GrantApplicationPage."""
    data = {
        "title": "Online-Antrag",
        "slug": "antrag",
        "intro": rich_text("<p>Halten Sie den Kostenplan bereit.</p>"),
        "privacy_notice": rich_text("<p>Verantwortlich ist die Stadt.</p>"),
        "thank_you_text": rich_text("<p>Wir melden uns.</p>"),
        "notification_recipients": "zuschuesse@example.org\n\nbuero@example.org",
        **fields,
    }
    return nested_form_data(data)


class GrantsPageTreeTests(WagtailPageTestCase):
    """Built once per class (setUpTestData); each test runs in its own savepoint."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home_page()
        pages = build_grants_tree(cls.home)
        cls.grants = pages["zuschuesse"]
        cls.form = pages["antrag"]
        now = timezone.now()
        cls.round = make_funding_round(
            now - datetime.timedelta(days=1),
            now + datetime.timedelta(days=10),
            title="Zuschüsse offen",
            committee_meeting_date=datetime.date(2026, 12, 10),
        )

    # --- Where the page types may go -----------------------------------------------------------

    def test_grants_page_below_home_only(self):
        self.assertAllowedParentPageTypes(GrantsPage, {HomePage})
        self.assertCanCreateAt(HomePage, GrantsPage)
        for parent in [*OTHER_TYPES, GrantsPage, GrantApplicationPage]:
            self.assertCanNotCreateAt(parent, GrantsPage)

    def test_grants_page_holds_the_form_and_content_pages(self):
        self.assertAllowedSubpageTypes(GrantsPage, {GrantApplicationPage, StandardPage})
        self.assertCanCreateAt(GrantsPage, StandardPage)  # e.g. the applicants' help
        for child in [*OTHER_TYPES[2:], HomePage, GrantsPage]:
            self.assertCanNotCreateAt(GrantsPage, child)

    def test_application_page_below_grants_page_without_children(self):
        self.assertAllowedParentPageTypes(GrantApplicationPage, {GrantsPage})
        self.assertAllowedSubpageTypes(GrantApplicationPage, set())
        self.assertCanCreateAt(GrantsPage, GrantApplicationPage)
        for parent in [*OTHER_TYPES, HomePage, GrantApplicationPage]:
            self.assertCanNotCreateAt(parent, GrantApplicationPage)

    def test_one_grants_page_per_home_page(self):
        self.assertFalse(GrantsPage.can_create_at(self.home))
        self.grants.delete()
        self.assertTrue(GrantsPage.can_create_at(HomePage.objects.get(pk=self.home.pk)))

    def test_one_form_per_grants_page(self):
        self.assertFalse(GrantApplicationPage.can_create_at(self.grants))
        self.form.delete()
        self.assertTrue(
            GrantApplicationPage.can_create_at(GrantsPage.objects.get(pk=self.grants.pk))
        )

    def test_admin_add_view_refuses_a_second_grants_page(self):
        self.login()
        url = reverse("wagtailadmin_pages:add", args=["grants", "grantspage", self.home.pk])
        response = self.client.post(url, grants_page_data(slug="zweite"))
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertEqual(GrantsPage.objects.count(), 1)
        with translation.override("de"):
            expected = translation.gettext("Sorry, you do not have permission to access this area.")
        self.assertEqual([str(m).strip() for m in get_messages(response.wsgi_request)], [expected])

    # --- Creating through the real admin add view -----------------------------------------------

    def test_admin_creates_a_grants_page_with_streamfield_body(self):
        self.grants.delete()
        self.login()
        self.assertCanCreate(self.home, GrantsPage, grants_page_data())

        page = GrantsPage.objects.get(slug="zuschuesse")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().pk, self.home.pk)
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "faq"])
        self.assertEqual(page.body[0].value["text"], "Wer kann beantragen?")
        self.assertIn("<b>Initiativen</b>", page.body[1].value.source)
        faq = page.body[2].value
        self.assertEqual(faq["items"][0]["question"], "Wann entscheidet der Ausschuss?")

        html = self.client.get(page.url).content.decode()
        self.assertIn("Wer kann beantragen?", html)
        self.assertIn("Wann entscheidet der Ausschuss?", html)
        self.assertIn("Zuschüsse offen: Anträge sind jetzt möglich.", html)

    def test_admin_creates_an_application_page(self):
        self.form.delete()
        self.login()
        self.assertCanCreate(self.grants, GrantApplicationPage, application_page_data())

        page = GrantApplicationPage.objects.get(slug="antrag")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().pk, self.grants.pk)
        self.assertIn("Verantwortlich ist die Stadt.", page.privacy_notice)
        self.assertEqual(
            page.get_notification_recipients(self.dummy_request),
            ["zuschuesse@example.org", "buero@example.org"],
        )
        self.assertEqual(page.meta_description, "Halten Sie den Kostenplan bereit.")

    def test_admin_requires_the_privacy_notice(self):
        self.form.delete()
        self.login()
        # An emptied Draftail editor posts "null".
        with self.assertRaisesMessage(AssertionError, "privacy_notice"):
            self.assertCanCreate(
                self.grants, GrantApplicationPage, application_page_data(privacy_notice="null")
            )
        self.assertFalse(GrantApplicationPage.objects.exists())

    def test_admin_refuses_a_recipient_that_is_no_address(self):
        self.form.delete()
        self.login()
        data = application_page_data(notification_recipients="buero@example.org\nkein-mail")
        with self.assertRaisesMessage(
            AssertionError, "„kein-mail“ ist keine gültige E-Mail-Adresse."
        ):
            self.assertCanCreate(self.grants, GrantApplicationPage, data)
        self.assertFalse(GrantApplicationPage.objects.exists())

    def test_empty_recipients_fall_back_to_the_office_address(self):
        self.assertEqual(self.form.notification_recipients, "")
        self.assertEqual(
            self.form.get_notification_recipients(self.dummy_request), ["zib@example.org"]
        )

    # --- Routes, rendering, editing, preview ---------------------------------------------------

    def test_pages_and_routes_are_routable(self):
        self.assertPageIsRoutable(self.grants)
        self.assertPageIsRoutable(self.form)
        self.assertPageIsRoutable(self.form, "bestaetigung/")
        self.assertEqual(self.form.reverse_subpage("confirmation"), "bestaetigung/")
        self.assertEqual(self.form.reverse_subpage("form"), "")

    def test_unknown_route_is_not_found(self):
        with self.assertRaisesMessage(AssertionError, "A Http404 was raised"):
            self.assertPageIsRoutable(self.form, "gibt-es-nicht/")
        self.assertEqual(self.client.get(self.form.url + "gibt-es-nicht/").status_code, 404)

    def test_grants_page_renders_the_round_box_and_the_link_to_the_form(self):
        self.assertPageIsRenderable(self.grants)
        html = self.client.get(self.grants.url).content.decode()
        self.assertIn("Zuschüsse offen: Anträge sind jetzt möglich.", html)
        self.assertIn(f'href="{self.form.url}"', html)
        self.assertIn("10. Dezember 2026", html)

    def test_form_route_renders_the_form_while_a_round_is_open(self):
        self.assertPageIsRenderable(self.form)
        response = self.client.get(self.form.url)
        self.assertContains(response, 'class="grants-form"')
        self.assertContains(response, "Antragsrunde „Zuschüsse offen“")
        self.assertContains(response, "Wir verarbeiten Ihre Angaben nur für den Antrag.")

    def test_form_route_without_open_round_shows_the_next_one_and_no_form(self):
        self.round.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        self.round.save()
        now = timezone.now()
        make_funding_round(
            now + datetime.timedelta(days=40), now + datetime.timedelta(days=70), title="Nächste"
        )
        self.assertPageIsRenderable(self.form)
        response = self.client.get(self.form.url)
        self.assertNotContains(response, 'class="grants-form"')
        self.assertContains(response, "Die nächste Antragsrunde (Nächste) beginnt am")
        self.assertContains(response, "Es wurden keine Daten gespeichert.")

    def test_confirmation_without_a_submission_redirects_to_the_form(self):
        self.assertPageIsRenderable(self.form, "bestaetigung/", accept_redirect=True)
        response = self.client.get(self.form.url + "bestaetigung/")
        self.assertRedirects(response, self.form.url, fetch_redirect_response=False)

    def test_confirmation_shows_the_reference_of_this_browsers_submission(self):
        session = self.client.session
        session[SESSION_KEY] = "ZIB-2026-0042"
        session.save()
        self.assertPageIsRenderable(self.form, "bestaetigung/")
        response = self.client.get(self.form.url + "bestaetigung/")
        self.assertContains(response, "ZIB-2026-0042")
        self.assertContains(response, "Wir melden uns bei Rückfragen.")
        self.assertContains(response, f'href="{self.grants.url}"')

    def test_both_pages_are_editable_by_an_administrator(self):
        # The StreamField editor is built by JavaScript, so the body's data is given, as
        # Wagtail's documentation advises; the form page's fields are read from the edit view.
        self.assertPageIsEditable(self.grants, post_data=grants_page_data())
        self.assertPageIsEditable(self.form)

    def test_both_pages_are_editable_by_redaktion(self):
        editor = make_role_user(REDAKTION)
        self.assertPageIsEditable(self.grants, post_data=grants_page_data(), user=editor)
        self.assertPageIsEditable(self.form, user=editor)
        # Each POST was stored as a revision by the editor (a draft: Redaktion cannot publish).
        for page in (self.grants, self.form):
            self.assertTrue(page.revisions.filter(user=editor).exists())

    def test_both_pages_are_previewable(self):
        self.assertPageIsPreviewable(self.grants, post_data=grants_page_data())
        self.assertPageIsPreviewable(self.form)

    def test_preview_of_the_form_shows_the_unsaved_privacy_notice(self):
        self.login()
        data = application_page_data(
            privacy_notice=rich_text("<p>Neuer Entwurf der Datenschutzhinweise.</p>")
        )
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.form.pk])
        response = self.client.post(url, data)
        self.assertJSONEqual(response.content, {"is_valid": True, "is_available": True})
        preview = self.client.get(url)
        self.assertContains(preview, "Neuer Entwurf der Datenschutzhinweise.")
        self.assertContains(preview, 'class="grants-form"')
        self.form.refresh_from_db()
        self.assertNotIn("Neuer Entwurf", self.form.privacy_notice)

    # --- Translations --------------------------------------------------------------------------

    def test_translated_overview_without_its_own_form_links_the_source_form(self):
        locale = Locale.objects.get(language_code="en")
        self.home.copy_for_translation(locale)
        english = self.grants.copy_for_translation(locale)
        self.assertFalse(english.get_children().exists())
        self.assertEqual(english.get_application_page().pk, self.form.pk)
        self.assertEqual(self.grants.get_application_page().pk, self.form.pk)

    def test_unpublished_form_is_not_linked(self):
        self.form.unpublish()
        self.assertIsNone(self.grants.get_application_page())
        html = self.client.get(self.grants.url).content.decode()
        self.assertNotIn(f'href="{self.form.url}"', html)
