"""Translations of the demo content: English (home, „Über das ZIB“, projects) and Arabic (home).

The translations are made the way editors make them, with wagtail-localize: a translation source
is extracted from the German page, each German text segment gets its translation in the
translation memory, and the translated page is created and published from it. So editors see the
pages as translations in the admin, can edit them there, sync them after the German page changed
and export/import them as PO files.

Every translation is written from the German demo text (itself written from the seed); no fact is
added. Editorial gaps stay gaps, in the target language. Idempotent like the German demo content:
a page or snippet that already has a translation in a language is left alone, and the translation
memory is only added to, never overwritten.
"""

from django.db import transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from zib_wagtail.core import conf
from zib_wagtail.core.models import (
    District,
    OfficeSettings,
    OfficeSettingsTranslation,
    Partner,
    Topic,
)
from zib_wagtail.demo.home import GRANTS_TEXT, OFFICE, PROJECTS, LoadReport

GAP = str(conf.editorial_gap())
GAP_TRANSLATIONS = {
    "en": "[to be completed by the editorial team]",
    "ar": "[يُستكمل من قِبل فريق التحرير]",
    "tr": "[editör ekibi tarafından tamamlanacak]",
    "uk": "[буде доповнено редакцією]",
    "ru": "[будет дополнено редакцией]",
}

# --- English -------------------------------------------------------------------------------------

EN_FOCUS_INTRO = "In doing so, it is important to the ZIB always to keep the whole picture in view:"
EN_GRANTS_HEADING = "Grants for intercultural associations"
EN_GRANTS_TEXT = (
    "Every year the Committee for Social Affairs and Integration awards grants to intercultural "
    "associations and migrant organisations. The ZIB receives the applications and awards grants "
    "for projects and events."
)

EN_HOME = {
    "Zuwanderungs- und Integrationsbüro": "Immigration and Integration Office",
    "home": "home",
    "Zuwanderungs- und Integrationsbüro der Landeshauptstadt": (
        "Immigration and Integration Office of the State Capital"
    ),
    "Das Zuwanderungs- und Integrationsbüro (ZIB) der Landeshauptstadt Saarbrücken gibt es seit "
    "2003. Es entwickelt Strategien im Umgang mit Migration und Vielfalt, stößt neue Projekte an "
    "und erschließt Ressourcen für die kommunale Integrationsarbeit.": (
        "The Immigration and Integration Office (ZIB) of the state capital Saarbrücken has existed "
        "since 2003. It develops strategies for dealing with migration and diversity, initiates "
        "new projects and opens up resources for the city's integration work."
    ),
    "Das Ganze im Auge behalten": "Keeping the whole picture in view",
    "Dabei ist es dem ZIB wichtig, immer das Ganze im Auge zu behalten:": EN_FOCUS_INTRO,
    "Bevölkerungsgruppen": "Population groups",
    "Die Situation bestimmter Bevölkerungsgruppen.": (
        "The situation of particular population groups."
    ),
    "Gesellschaftlicher Zusammenhalt": "Social cohesion",
    "Der gesellschaftliche Zusammenhalt.": "Social cohesion.",
    "Hochqualifizierte": "Highly qualified people",
    "Der Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von 2020 in den "
    "Blick fasst.": (
        "The needs of highly qualified people, on whom the Skilled Immigration Act of 2020 focuses."
    ),
    "Neue Entwicklungen": "New developments",
    "Zuschüsse an interkulturell tätige Vereine": EN_GRANTS_HEADING,
    GRANTS_TEXT: EN_GRANTS_TEXT,
}

EN_PROJECT_TITLES = {
    "PatchWorkCity": "PatchWorkCity",
    "Bildungswerkstatt": "Bildungswerkstatt (Education Workshop)",
    "Haus des Ankommens": "Haus des Ankommens (House of Arrival)",
    "Integrationskonzept": "Integration concept",
}
EN_PROJECT_SUMMARIES = {
    "patchworkcity": (
        "Von 2017 bis 2019 hat das ZIB gemeinsam mit anderen Ämtern und vielen Mitwirkenden die "
        "Integrationspolitik der Stadt neu ausgerichtet.",
        "From 2017 to 2019 the ZIB, together with other city offices and many contributors, "
        "realigned the city's integration policy.",
    ),
    "bildungswerkstatt": (
        "Aktuell wird auf dem Kirchberg in Malstatt ein Bildungszentrum gebaut. Damit werden neue "
        "Impulse für Bildung und Bildungsraumkoordination gesetzt.",
        "An education centre is currently being built on the Kirchberg in Malstatt. It sets new "
        "impulses for education and for the coordination of educational spaces.",
    ),
    "haus-des-ankommens": (
        "Bis 2026 wird ein Konzept für eine zentrale Anlaufstelle entwickelt. Dort gibt es "
        "Informationen für alle neuzugewanderten Menschen.",
        "By 2026 a concept is being developed for a central point of contact. There, all newly "
        "arrived people will find information.",
    ),
    "integrationskonzept": (
        "Das Integrationskonzept von 2007 wurde 2020 durch ein neues Konzept für den Umgang mit "
        "Migration und Vielfalt abgelöst.",
        "The integration concept of 2007 was replaced in 2020 by a new concept for dealing with "
        "migration and diversity.",
    ),
}

EN_ABOUT = {
    "Über das ZIB": "About the ZIB",
    "ueber-das-zib": "about-the-zib",
    "Das Zuwanderungs- und Integrationsbüro (ZIB) gibt es seit 2003. Es ist eine Stabsstelle im "
    "Dezernat für Finanzen und Nachhaltigkeit. Zum ZIB gehört auch die Geschäftsstelle des "
    "Integrationsbeirats.": (
        "The Immigration and Integration Office (ZIB) has existed since 2003. It is a staff unit "
        "in the Department of Finance and Sustainability. The office of the Integration Council "
        "is also part of the ZIB."
    ),
    "Was das ZIB tut": "What the ZIB does",
    "Das Zuwanderungs- und Integrationsbüro entwickelt Strategien im Umgang mit Migration und "
    "Vielfalt. Es stößt neue Projekte an. Und es erschließt Ressourcen für die kommunale "
    "Integrationsarbeit. Das ZIB begleitet seine Netzwerkpartnerinnen und Netzwerkpartner mit "
    "Fachveranstaltungen, Fortbildungen und Workshops.": (
        "The Immigration and Integration Office develops strategies for dealing with migration "
        "and diversity. It initiates new projects. And it opens up resources for the city's "
        "integration work. The ZIB supports its network partners with specialist events, further "
        "training and workshops."
    ),
    "Dabei ist es dem ZIB wichtig, immer das Ganze im Auge zu behalten:": EN_FOCUS_INTRO,
    "die Situation bestimmter Bevölkerungsgruppen": "the situation of particular population groups",
    "der gesellschaftliche Zusammenhalt": "social cohesion",
    "der Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von 2020 in den "
    "Blick fasst": (
        "the needs of highly qualified people, on whom the Skilled Immigration Act of 2020 focuses"
    ),
    "Gemeinsam mit anderen Vielfalt gestalten": "Shaping diversity together with others",
    "Das ZIB arbeitet eng mit anderen Ämtern, der Gemeinwesenarbeit und "
    "Migrant*innenorganisationen zusammen. Gemeinsam arbeiten sie an einer strategisch "
    "ausgerichteten Stadtteilentwicklung. Es ist ihnen wichtig, die Bürgerinnen und Bürger zu "
    "beteiligen und mit ihnen im Dialog zu sein.": (
        "The ZIB works closely with other city offices, community work and migrant "
        "organisations. Together they work on a strategically oriented development of the city's "
        "districts. It is important to them to involve the citizens and to be in dialogue with "
        "them."
    ),
    "Neue Entwicklungen": "New developments",
    "Exemplarisch für seine Arbeitsweise stehen die vielen Projekte:": (
        "Its many projects are examples of the way it works:"
    ),
    **{
        f'<a id="a1">{title}</a>: {EN_PROJECT_SUMMARIES[slug][0]}': (
            f'<a id="a1">{EN_PROJECT_TITLES[title]}</a>: {EN_PROJECT_SUMMARIES[slug][1]}'
        )
        for title, slug in [
            ("PatchWorkCity", "patchworkcity"),
            ("Bildungswerkstatt", "bildungswerkstatt"),
            ("Haus des Ankommens", "haus-des-ankommens"),
            ("Integrationskonzept", "integrationskonzept"),
        ]
    },
    "Zuschüsse an interkulturell tätige Vereine": EN_GRANTS_HEADING,
    GRANTS_TEXT: EN_GRANTS_TEXT,
    "Adresse und Kontakt": "Address and contact",
}

EN_PROJECT_INDEX = {
    "Projekte": "Projects",
    "projekte": "projects",
    "Exemplarisch für die Arbeitsweise des ZIB stehen die vielen Projekte. Sie zeigen, wie das ZIB "
    "Strategien im Umgang mit Migration und Vielfalt entwickelt und gemeinsam mit anderen "
    "umsetzt.": (
        "The many projects are examples of the ZIB's way of working. They show how the ZIB "
        "develops strategies for dealing with migration and diversity and puts them into practice "
        "together with others."
    ),
}

# The project pages' summaries are worded slightly differently from the list on „Über das ZIB“.
EN_PROJECTS = {
    **EN_PROJECT_TITLES,
    **{slug: slug for slug in EN_PROJECT_SUMMARIES},
    "Von 2017 bis 2019 hat das ZIB gemeinsam mit anderen Ämtern und vielen Mitwirkenden die "
    "Integrationspolitik der Stadt neu ausgerichtet.": EN_PROJECT_SUMMARIES["patchworkcity"][1],
    "Auf dem Kirchberg in Malstatt wird aktuell ein Bildungszentrum gebaut. Damit werden neue "
    "Impulse für Bildung und Bildungsraumkoordination gesetzt.": (
        EN_PROJECT_SUMMARIES["bildungswerkstatt"][1]
    ),
    "Kirchberg": "Kirchberg",
    "Bis 2026 wird ein Konzept für eine zentrale Anlaufstelle entwickelt. Dort gibt es "
    "Informationen für alle neuzugewanderten Menschen.": (
        EN_PROJECT_SUMMARIES["haus-des-ankommens"][1]
    ),
    "Das Integrationskonzept von 2007 wurde 2020 durch ein neues Konzept für den Umgang mit "
    "Migration und Vielfalt abgelöst.": EN_PROJECT_SUMMARIES["integrationskonzept"][1],
}

EN_SNIPPETS = {
    # Topics and districts: name and slug (the slug stays, so filter links work in every language).
    "Integrationspolitik": "Integration policy",
    "Bildung": "Education",
    "Neuzugewanderte": "Newly arrived people",
    "Migration und Vielfalt": "Migration and diversity",
    "Malstatt": "Malstatt",
    # Partners
    "Ämter der Landeshauptstadt": "Offices of the state capital",
    "Andere Ämter der Stadtverwaltung, mit denen das ZIB eng zusammenarbeitet.": (
        "Other offices of the city administration with which the ZIB works closely."
    ),
    "Gemeinwesenarbeit": "Community work",
    "Die Gemeinwesenarbeit in den Stadtteilen, mit der das ZIB an einer strategisch "
    "ausgerichteten Stadtteilentwicklung arbeitet.": (
        "Community work in the city's districts, with which the ZIB works on a strategically "
        "oriented development of the districts."
    ),
    "Migrant*innenorganisationen": "Migrant organisations",
    "Organisationen von Migrantinnen und Migranten, mit denen das ZIB eng zusammenarbeitet.": (
        "Organisations of migrants with which the ZIB works closely."
    ),
}

# --- Arabic --------------------------------------------------------------------------------------

AR_HOME = {
    "Zuwanderungs- und Integrationsbüro": "مكتب الهجرة والاندماج",
    "home": "home",
    "Zuwanderungs- und Integrationsbüro der Landeshauptstadt": (
        "مكتب الهجرة والاندماج في عاصمة الولاية"
    ),
    "Das Zuwanderungs- und Integrationsbüro (ZIB) der Landeshauptstadt Saarbrücken gibt es seit "
    "2003. Es entwickelt Strategien im Umgang mit Migration und Vielfalt, stößt neue Projekte an "
    "und erschließt Ressourcen für die kommunale Integrationsarbeit.": (
        "يعمل مكتب الهجرة والاندماج (ZIB) التابع لعاصمة الولاية زاربروكن منذ عام 2003. وهو يضع "
        "استراتيجيات للتعامل مع الهجرة والتنوع، ويطلق مشاريع جديدة، ويفتح موارد للعمل البلدي في "
        "مجال الاندماج."
    ),
    "Das Ganze im Auge behalten": "النظر إلى الصورة الكاملة",
    "Dabei ist es dem ZIB wichtig, immer das Ganze im Auge zu behalten:": (
        "ومن المهم للمكتب في ذلك أن يُبقي الصورة الكاملة دائمًا في الحسبان:"
    ),
    "Bevölkerungsgruppen": "الفئات السكانية",
    "Die Situation bestimmter Bevölkerungsgruppen.": "وضع فئات سكانية معيّنة.",
    "Gesellschaftlicher Zusammenhalt": "التماسك الاجتماعي",
    "Der gesellschaftliche Zusammenhalt.": "التماسك الاجتماعي.",
    "Hochqualifizierte": "أصحاب المؤهلات العالية",
    "Der Bedarf von Hochqualifizierten, die das Fachkräfteeinwanderungsgesetz von 2020 in den "
    "Blick fasst.": (
        "احتياجات أصحاب المؤهلات العالية الذين يركّز عليهم قانون هجرة العمالة الماهرة لعام 2020."
    ),
    "Neue Entwicklungen": "مستجدات",
    "Zuschüsse an interkulturell tätige Vereine": "منح للجمعيات العاملة في المجال بين الثقافات",
    GRANTS_TEXT: (
        "تمنح لجنة الشؤون الاجتماعية والاندماج سنويًا منحًا للجمعيات العاملة في المجال بين "
        "الثقافات ولمنظمات المهاجرين. ويستقبل مكتب الهجرة والاندماج الطلبات ويمنح المنح للمشاريع "
        "والفعاليات."
    ),
}


# --- Loader --------------------------------------------------------------------------------------

#: The languages the demo is translated into, in loading order.
LANGUAGES = ("en", "ar", "tr", "uk", "ru")

#: German slugs of the pages below the home page that every language gets, in the German order
#: („Zuschüsse“ follows „Projekte“: grants_translations).
STANDARD_PAGES = (
    "ueber-das-zib",
    "projekte",  # the project index with its projects
    "integrationsbeirat",
    "kontakt",
    "impressum",
    "datenschutz",
    "barrierefreiheit",
    "leichte-sprache",
)


def strings_for(language_code):
    """The translation memory of the demo in a language: German segment → translation."""
    from zib_wagtail.demo import languages

    return languages.STRINGS[language_code]


class Sources:
    """Translation sources extracted once per load, shared by all languages of an instance."""

    def __init__(self):
        self._by_key = {}

    def get(self, instance):
        key = (type(instance)._meta.label, instance.pk)
        if key not in self._by_key:
            source, created = TranslationSource.get_or_create_from_instance(instance)
            if not created:
                source.update_from_db()
            segments = list(
                StringSegment.objects.filter(source=source).select_related("string", "context")
            )
            self._by_key[key] = (source, segments)
        return self._by_key[key]


def translate(instance, language_code, strings, report, sources=None):
    """Translate instance into the language with wagtail-localize; return the translation.

    `strings` maps each German text segment to its translation; segments without an entry keep
    the German text (wagtail-localize's fallback), as when an editor has not translated them yet.
    An existing translation is returned unchanged. The translation is published: the loader sets
    up the site (translators' own translations go through the workflow instead).
    """
    locale = Locale.objects.get(language_code=language_code)
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific if isinstance(existing, Page) else existing
    if isinstance(instance, Page) and instance.depth > 2:
        # A German page that was deleted and restored by the loader: its old translation (with
        # the old page's translation key) is still there, so none is added beside it.
        parent = instance.get_parent().get_translation_or_none(locale)
        slug = strings.get(instance.slug, instance.slug)
        earlier = parent and parent.get_children().filter(slug=slug).first()
        if earlier is not None:
            return earlier.specific
    source, segments = (sources or Sources()).get(instance)
    gap = GAP_TRANSLATIONS.get(language_code, GAP)
    wanted = {}
    for segment in segments:
        text = strings.get(segment.string.data)
        if text is not None:
            wanted[(segment.string_id, segment.context_id)] = text.replace(GAP, gap)
    present = set(
        StringTranslation.objects.filter(
            locale=locale, translation_of_id__in={key[0] for key in wanted}
        ).values_list("translation_of_id", "context_id")
    )
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=string_id,
                locale=locale,
                context_id=context_id,
                data=text,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            for (string_id, context_id), text in wanted.items()
            if (string_id, context_id) not in present
        ]
    )
    Translation.objects.get_or_create(source=source, target_locale=locale)
    # Translation.save_target() would publish on commit, which never comes inside the loader's
    # (or a test's) transaction, so the page is saved as a draft and published right away.
    is_page = isinstance(instance, Page)
    target, _created = source.create_or_update_translation(
        locale, publish=not is_page, fallback=True
    )
    if is_page:
        target = Page.objects.get(pk=target.pk)
        Revision.objects.get(pk=target.latest_revision_id).publish()
        target.refresh_from_db()
    label = target.url_path if isinstance(target, Page) else f"{type(target).__name__} {target}"
    report.add(f"translation ({language_code}) {label}")
    return target.specific if isinstance(target, Page) else target


def translate_snippets(language_code, report, sources=None):
    """Topics, districts and partners in the language (those whose name has a translation)."""
    strings = strings_for(language_code)
    locale = Locale.get_default()
    for model in (Topic, District, Partner):
        for obj in model.objects.filter(locale=locale):
            if obj.name in strings:
                translate(obj, language_code, strings, report, sources)


def link_translated_snippets(source_page, translated_page, locale):
    """Point the translation's topics and partners at their translations (wagtail-localize
    leaves many-to-many relations as copied from the source)."""
    changed = False
    for relation in ("topics", "partners"):
        originals = list(getattr(source_page, relation).all())
        localized = [obj.get_translation_or_none(locale) or obj for obj in originals]
        if localized != list(getattr(translated_page, relation).all()):
            getattr(translated_page, relation).set(localized)
            changed = True
    if changed:
        translated_page.save_revision().publish()


def translate_pages(home, language_code, report, sources):
    """Home, the standard pages, the project index and its projects in one language."""
    strings = strings_for(language_code)
    locale = Locale.objects.get(language_code=language_code)
    translate(home, language_code, strings, report, sources)
    children = {page.slug: page for page in home.get_children().specific()}
    index = ProjectIndexPage.objects.child_of(home).first()
    for slug in STANDARD_PAGES:
        if slug == "projekte":
            if index is not None:
                translate_projects(index, language_code, strings, locale, report, sources)
        elif slug in children:
            translate(children[slug], language_code, strings, report, sources)


def translate_projects(index, language_code, strings, locale, report, sources):
    """The index and the demo's own projects: projects that editors (or a benchmark) added are
    theirs to translate, not the loader's."""
    translate_snippets(language_code, report, sources)
    translate(index, language_code, strings, report, sources)
    demo_slugs = [spec["slug"] for spec in PROJECTS]
    for project in ProjectPage.objects.child_of(index).filter(slug__in=demo_slugs):
        is_new = project.get_translation_or_none(locale) is None
        translated = translate(project, language_code, strings, report, sources)
        if is_new:
            link_translated_snippets(project, translated, locale)


#: The office's placement („Stabsstelle im Dezernat für Finanzen und Nachhaltigkeit“).
PLACEMENTS = {
    "en": "Staff unit in the Department of Finance and Sustainability",
    "ar": "وحدة تابعة مباشرة لإدارة المالية والاستدامة",
    "tr": "Maliye ve Sürdürülebilirlik Dairesi'ne bağlı kurmay birimi",
    "uk": "Штабний підрозділ у Департаменті фінансів і сталого розвитку",
    "ru": "Штабное подразделение в Департаменте финансов и устойчивого развития",
}


def translate_office(report):
    """The demo office's name and placement in every language. The office hours stay German:
    the demo has only the editorial gap there, which the site marks as German."""
    for office in OfficeSettings.objects.filter(name=OFFICE["name"], placement=OFFICE["placement"]):
        present = set(office.translations.values_list("language", flat=True))
        for language_code in LANGUAGES:
            if language_code in present or language_code not in PLACEMENTS:
                continue
            OfficeSettingsTranslation.objects.create(
                office=office,
                language=language_code,
                name=strings_for(language_code)[OFFICE["name"]],
                placement=PLACEMENTS[language_code],
            )
            report.add(f"office settings in {language_code}")


@transaction.atomic
def load():
    """Home, „Über das ZIB“, projects, council, contact, legal pages and „Leichte Sprache“ in
    every language of LANGUAGES that has a locale. Grants pages: grants_translations."""
    report = LoadReport()
    translate_office(report)
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()
    if home is None:
        return report
    sources = Sources()
    present = set(Locale.objects.values_list("language_code", flat=True))
    for language_code in LANGUAGES:
        if language_code in present:
            translate_pages(home, language_code, report, sources)
    return report
