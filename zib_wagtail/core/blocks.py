"""StreamField blocks shared by every page type.

Each block has an icon, a template, a German description and a preview value so that editors see
what they pick in the block chooser.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

from zib_wagtail.core import visibility

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

#: Preview of a media block while the library holds no image or document yet.
NO_MEDIA_PREVIEW_TEMPLATE = "zib_core/blocks/no_media_preview.html"


class LibraryPreviewMixin:
    """A preview from the newest item of the image or document library.

    A static `preview_value` cannot name an image or a document: their ids differ per site.
    While the library is empty, the preview says so instead of rendering a broken block.
    """

    def get_preview_template(self, value, context=None):
        if not value or not value.get(self.media_child_name):
            return NO_MEDIA_PREVIEW_TEMPLATE
        return super().get_preview_template(value, context)


class PublicMediaMixin:
    """An image or document of a restricted collection is left out of the page entirely (not
    its title, not its file URL); `media_child_name` names the block's image or document."""

    def render(self, value, context=None):
        media = value.get(self.media_child_name)
        if self.media_child_name == "image" and media is not None:
            media = getattr(media, "image", media)  # ImageBlock's value is the image itself
        if not visibility.is_public_media(media):
            return ""
        return super().render(value, context)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[
            ("h2", _("Überschrift 2")),
            ("h3", _("Überschrift 3")),
            ("h4", _("Überschrift 4")),
        ],
        default="h2",
        help_text=_("Überschrift 2 für Hauptabschnitte, 3 und 4 für Unterabschnitte."),
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "zib_core/blocks/heading_block.html"
        description = _("Eine Zwischenüberschrift, die den Text gliedert.")
        preview_value = {"text": "Gemeinsam mit anderen Vielfalt gestalten", "level": "h2"}

    def get_searchable_content(self, value):
        """Only the text: the level's label („Überschrift 2“) is not content to search for."""
        return self.child_blocks["text"].get_searchable_content(value["text"])

    def search_headings(self, value):
        """What the site search weighs like a page's description (search.index.headings_of)."""
        return [value["text"]]


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "zib_core/blocks/rich_text_block.html"
        description = _("Fließtext mit Absätzen, Listen und Links.")
        preview_value = (
            "<p>Ein Absatz Fließtext: was das Angebot ist, für wen es gedacht ist und wie man "
            "es erreicht.</p>"
        )


class FigureBlock(PublicMediaMixin, LibraryPreviewMixin, blocks.StructBlock):
    media_child_name = "image"

    image = ImageBlock(
        label=_("Bild"),
        help_text=_(
            "Beschreiben Sie im Alternativtext, was auf dem Bild zu sehen ist. Nur wenn das "
            "Bild nichts zum Inhalt beiträgt, markieren Sie es als dekorativ."
        ),
    )
    caption = blocks.CharBlock(
        label=_("Bildunterschrift"),
        required=False,
        max_length=300,
        help_text=_("Wird unter dem Bild angezeigt; nennen Sie hier auch die Bildrechte."),
    )

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "zib_core/blocks/figure_block.html"
        description = _(
            "Ein Bild mit Alternativtext und optionaler Bildunterschrift. Der Alternativtext "
            "beschreibt den Bildinhalt für Menschen, die das Bild nicht sehen."
        )

    def get_preview_value(self):
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {
                "image": {
                    "image": image.pk if image else None,
                    "alt_text": image.default_alt_text if image else "",
                    "decorative": False,
                },
                "caption": (
                    "Bildunterschrift mit Bildrechten: © Name der Fotografin oder des Fotografen"
                ),
            }
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "zib_core/blocks/quote_block.html"
        description = _("Ein hervorgehobenes Zitat mit Quellenangabe.")
        preview_value = {
            "quote": "Uns ist wichtig, immer das Ganze im Auge zu behalten.",
            "attribution": "Name, Funktion",
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Beschriftung"), max_length=100)
    page = blocks.PageChooserBlock(
        label=_("Interne Seite"), required=False, help_text=_("Entweder eine Seite wählen …")
    )
    url = blocks.URLBlock(
        label=_("Externe Adresse"), required=False, help_text=_("… oder eine Adresse angeben.")
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(
                        _("Bitte genau eines angeben: eine interne Seite oder eine Adresse.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("Handlungsaufforderung")
        template = "zib_core/blocks/call_to_action_block.html"
        description = _("Ein auffälliger Link, z. B. „Antrag stellen“.")
        preview_value = {"text": "Mehr erfahren", "url": "https://www.example.org/"}


class DocumentBlock(PublicMediaMixin, LibraryPreviewMixin, blocks.StructBlock):
    media_child_name = "document"

    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktext"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, um den Titel des Dokuments zu verwenden."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "zib_core/blocks/document_block.html"
        description = _("Ein Dokument zum Herunterladen, mit Dateityp und Größe.")

    def get_preview_value(self):
        document = get_document_model().objects.order_by("-created_at").first()
        return self.to_python({"document": document.pk if document else None, "title": ""})


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Frage"), max_length=300)
    answer = RichTextBlock(label=_("Antwort"))

    class Meta:
        icon = "help"
        label = _("Frage und Antwort")


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=200)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Fragen"), min_num=1)

    def search_headings(self, value):
        """The heading and the questions: a question names what its answer is about."""
        return [value["heading"], *(item["question"] for item in value["items"])]

    class Meta:
        icon = "list-ul"
        label = _("Häufige Fragen (Akkordeon)")
        template = "zib_core/blocks/faq_block.html"
        description = _("Fragen und Antworten, die sich einzeln aufklappen lassen.")
        preview_value = {
            "heading": "Häufige Fragen",
            "items": [
                {
                    "question": "Wer entscheidet über die Anträge?",
                    "answer": "<p>Der zuständige Ausschuss.</p>",
                }
            ],
        }


class ContactCardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=200)
    name = blocks.CharBlock(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_(
            "Alle Kontaktfelder leer lassen, um die Kontaktdaten des Büros aus den "
            "Einstellungen („Kontaktdaten des Büros“) zu zeigen."
        ),
    )
    role = blocks.CharBlock(label=_("Funktion"), required=False, max_length=200)
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=50)
    email = blocks.EmailBlock(label=_("E-Mail"), required=False)
    note = blocks.TextBlock(label=_("Hinweis"), required=False)

    class Meta:
        icon = "user"
        label = _("Kontaktkarte")
        template = "zib_core/blocks/contact_card_block.html"
        description = _("Eine Ansprechperson oder die Kontaktdaten des Büros.")
        preview_value = {"heading": "Kontakt"}


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every page: the shared blocks in one place."""

    heading = HeadingBlock()
    paragraph = RichTextBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
    faq = FAQBlock()
    contact_card = ContactCardBlock()
