"""Where each page type may be created, and that the admin's create form works."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from grants.models import GrantsPage
from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from zib_wagtail.core.models import District, StandardPage, Topic


class PageTypeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_zib_content", stdout=StringIO())
        cls.root = Page.get_first_root_node()
        cls.home = HomePage.objects.get(locale__language_code="de")
        cls.index = ProjectIndexPage.objects.get(locale__language_code="de")
        cls.project = ProjectPage.objects.get(slug="patchworkcity", locale__language_code="de")
        cls.about = StandardPage.objects.get(slug="ueber-das-zib")

    def test_home_page_only_below_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        for parent in (HomePage, StandardPage, ProjectIndexPage, ProjectPage):
            self.assertCanNotCreateAt(parent, HomePage)

    def test_only_one_home_page_per_parent(self):
        self.assertEqual(HomePage.max_count_per_parent, 1)
        self.assertFalse(HomePage.can_create_at(self.root))
        # Translations of the home page are its siblings (made by wagtail-localize, not created).
        for home in HomePage.objects.all():
            home.delete()
        self.assertTrue(HomePage.can_create_at(self.root))

    def test_standard_page_below_home_standard_and_grants_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage, GrantsPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(ProjectIndexPage, StandardPage)
        self.assertCanNotCreateAt(ProjectPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_home_page_children(self):
        allowed = set(HomePage.allowed_subpage_models())
        self.assertLessEqual({StandardPage, ProjectIndexPage}, allowed)
        # Other apps (grants, …) may add their section pages; home and projects add no more.
        self.assertEqual(
            {m for m in allowed if m._meta.app_label in {"home", "zib_core", "projects"}},
            {StandardPage, ProjectIndexPage},
        )

    def test_project_index_only_below_home_page_once(self):
        self.assertAllowedParentPageTypes(ProjectIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProjectIndexPage, {ProjectPage})
        self.assertCanNotCreateAt(StandardPage, ProjectIndexPage)
        self.assertCanNotCreateAt(Page, ProjectIndexPage)
        self.assertEqual(ProjectIndexPage.max_count_per_parent, 1)
        self.assertFalse(ProjectIndexPage.can_create_at(self.home))
        self.index.delete()
        self.assertTrue(ProjectIndexPage.can_create_at(self.home))

    def test_project_page_only_below_project_index_without_children(self):
        self.assertAllowedParentPageTypes(ProjectPage, {ProjectIndexPage})
        self.assertAllowedSubpageTypes(ProjectPage, set())
        self.assertCanNotCreateAt(HomePage, ProjectPage)
        self.assertCanNotCreateAt(StandardPage, ProjectPage)
        self.assertCanNotCreateAt(ProjectPage, ProjectPage)
        self.assertTrue(ProjectPage.can_create_at(self.index))

    def test_admin_creates_a_standard_page(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Sprachkurse",
                "slug": "sprachkurse",
                "intro": "Angebote zum Deutschlernen.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Kurse im Stadtteil", "level": "h2"}),
                        ("paragraph", rich_text("<p>Kurse finden in <b>Malstatt</b> statt.</p>")),
                        (
                            "call_to_action",
                            {"text": "Zu den Projekten", "page": self.index.pk, "url": ""},
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.home, StandardPage, data)

        page = StandardPage.objects.get(slug="sprachkurse")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().pk, self.home.pk)
        self.assertEqual(
            [block.block_type for block in page.body], ["heading", "paragraph", "call_to_action"]
        )
        self.assertEqual(page.body[0].value["text"], "Kurse im Stadtteil")
        self.assertIn("<b>Malstatt</b>", page.body[1].value.source)
        self.assertEqual(page.body[2].value["page"].pk, self.index.pk)

    def test_admin_creates_a_project_page(self):
        self.login()
        topic = Topic.objects.get(slug="bildung", locale__language_code="de")
        district = District.objects.get(slug="malstatt", locale__language_code="de")
        data = nested_form_data(
            {
                "title": "Sprachcafé",
                "slug": "sprachcafe",
                "summary": "Ein offener Treffpunkt zum Deutschsprechen.",
                "start_year": "2024",
                "end_year": "2025",
                "district": str(district.pk),
                "location": "Kirchberg",
                "body": streamfield([("paragraph", rich_text("<p>Jeden Dienstag.</p>"))]),
            }
        )
        # A multiple-choice field posts one value per box; nested_form_data would number them.
        data["topics"] = [str(topic.pk)]
        self.assertCanCreate(self.index, ProjectPage, data)

        project = ProjectPage.objects.get(slug="sprachcafe", locale__language_code="de")
        self.assertTrue(project.live)
        self.assertEqual(project.get_parent().pk, self.index.pk)
        self.assertEqual((project.start_year, project.end_year), (2024, 2025))
        self.assertEqual(project.district, district)
        self.assertEqual(list(project.topics.all()), [topic])

    def test_admin_rejects_a_project_ending_before_it_starts(self):
        self.login()
        data = nested_form_data(
            {
                "title": "Rückwärts",
                "slug": "rueckwaerts",
                "summary": "Endet vor dem Beginn.",
                "start_year": "2024",
                "end_year": "2020",
                "body": streamfield([]),
            }
        )
        with self.assertRaisesMessage(AssertionError, "end_year"):
            self.assertCanCreate(self.index, ProjectPage, data)
        self.assertFalse(ProjectPage.objects.filter(slug="rueckwaerts").exists())
