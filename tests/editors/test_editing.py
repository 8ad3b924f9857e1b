"""What editors see while editing: German help texts, alt text, block and page previews."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, get_edit_handler
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from grants.models import FundingRound
from projects.models import ProjectPage
from tests import builders
from zib_wagtail.core.blocks import BaseStreamBlock, DocumentBlock, FigureBlock

from .conftest import project_form_data

#: Fields whose label says all; every other field an editor sees has a German help text.
SELF_EXPLANATORY = set()

#: The models an editor or a grants clerk edits in the admin.
EDITED_MODELS = [
    *[model for model in get_page_models() if model is not Page],
    *get_snippet_models(),
    *settings_registry,
    FundingRound,
]


def panel_field_names(panel):
    if isinstance(panel, FieldPanel):
        yield panel.field_name
    for child in getattr(panel, "children", []):
        yield from panel_field_names(child)


def own_editable_fields(model):
    """The fields of our models in the model's admin form (not those Wagtail's Page brings)."""
    page_fields = {field.name for field in Page._meta.get_fields()}
    for name in panel_field_names(get_edit_handler(model)):
        field = model._meta.get_field(name)
        if issubclass(model, Page) and name in page_fields:
            continue
        yield field


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_every_field_editors_see_has_a_german_help_text(model):
    missing = [
        field.name
        for field in own_editable_fields(model)
        if not str(getattr(field, "help_text", "")).strip()
        and (model._meta.app_label, model._meta.model_name, field.name) not in SELF_EXPLANATORY
    ]
    assert not missing, f"{model.__name__}: no help text for {missing}"


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_help_texts_are_german(model):
    english = {" the ", " and ", " of ", " to ", " this "}
    with translation.override("de"):
        for field in own_editable_fields(model):
            text = f" {str(field.help_text).lower()} "
            assert not any(word in text for word in english), (model.__name__, field.name)


def test_every_block_in_the_picker_has_a_preview_and_a_description():
    for name, block in BaseStreamBlock().child_blocks.items():
        assert block.is_previewable, name
        assert str(block.get_description()).strip(), name
        assert block.meta.icon, name


@pytest.mark.django_db
def test_media_block_previews_use_the_newest_library_item_or_explain_the_empty_library(
    admin_client,
):
    for block, name in [(FigureBlock(), "image"), (DocumentBlock(), "document")]:
        value = block.get_preview_value()
        assert value[name] is None
        assert block.get_preview_template(value) == "zib_core/blocks/no_media_preview.html"

    image = builders.make_image("Sprachcafé", description="Menschen an einem Tisch")
    document = builders.make_document()
    figure = FigureBlock().get_preview_value()
    assert figure["image"].pk == image.pk
    assert figure["image"].contextual_alt_text == image.default_alt_text
    assert DocumentBlock().get_preview_value()["document"] == document

    # The block picker's preview view renders both, for the blocks of a real page field.
    body = ProjectPage._meta.get_field("body").stream_block
    for name in ["image", "document"]:
        url = reverse("wagtailadmin_block_preview")
        response = admin_client.get(url, {"id": body.child_blocks[name].definition_prefix})
        assert response.status_code == 200
    assert document.title in builders.page_text(response)


def test_figure_block_requires_alt_text_unless_the_image_is_decorative(db):
    image = builders.make_image()
    block = FigureBlock()

    def clean(alt_text, decorative):
        value = block.to_python(
            {
                "image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative},
                "caption": "",
            }
        )
        return block.clean(value)

    with pytest.raises(StructBlockValidationError):
        clean("", False)
    assert clean("Menschen an einem Tisch", False)["image"].contextual_alt_text
    assert clean("", True)["image"].decorative


def image_block_page_data(image, action=None):
    """Editor POST data: a content page whose „Bild“ block has neither alt text nor „dekorativ“."""
    data = nested_form_data(
        {
            "title": "Über das ZIB",
            "slug": "ueber-das-zib",
            "intro": "Kurz.",
            "body": streamfield(
                [("image", {"image": {"image": str(image.pk), "alt_text": ""}, "caption": ""})]
            ),
            "comments": inline_formset([]),
        }
    )
    if action:
        data[action] = "1"
    return data


@pytest.mark.django_db
def test_a_draft_without_alt_text_is_saved_but_not_submitted(client, redakteurin, home_page):
    """The „Bild“ block: Wagtail checks the alt text when the page is submitted or published,
    not when a draft is saved (docs/redaktion.md, „Bilder und Alternativtexte“)."""
    image = builders.make_image()
    client.force_login(redakteurin)
    add_url = reverse("wagtailadmin_pages:add", args=["zib_core", "standardpage", home_page.pk])
    response = client.post(add_url, image_block_page_data(image))
    assert response.status_code == 302
    page = Page.objects.child_of(home_page).get(slug="ueber-das-zib").specific
    assert not page.live and page.get_latest_revision() is not None

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(edit_url, image_block_page_data(image, "action-submit"))
    assert response.status_code == 200  # the editor again, with the error
    error = "Aufgrund von Fehlern bei der Validierung konnte die Seite nicht gespeichert werden."
    assert error in builders.page_text(response)
    page.refresh_from_db()
    assert page.current_workflow_state is None and not page.live


@pytest.mark.django_db
def test_a_project_image_without_alt_text_refuses_even_the_draft(
    client, redakteurin, project_index
):
    """The project's own image field is checked by the model: no draft without alt text."""
    image = builders.make_image()
    client.force_login(redakteurin)
    url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", project_index.pk])
    response = client.post(url, project_form_data(image=str(image.pk), image_alt_text=""))
    assert response.status_code == 200
    assert "Bitte beschreiben Sie das Bild mit einem Alternativtext." in builders.page_text(
        response
    )
    assert not Page.objects.child_of(project_index).filter(slug="sprachcafe-malstatt").exists()


def test_project_image_needs_alt_text(project_index):
    from django.core.exceptions import ValidationError

    project = builders.make_project(project_index)
    project.image = builders.make_image()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "image_alt_text" in error.value.message_dict


# --- Page previews ------------------------------------------------------------------------------


def block_form_data(block, value, prefix):
    """A block value as the page editor's JavaScript posts it (the inverse of
    `value_from_datadict`, for the block types our StreamFields use)."""
    if isinstance(block, blocks.StreamBlock):
        data = {f"{prefix}-count": str(len(value))}
        for index, child in enumerate(value):
            item = f"{prefix}-{index}"
            data |= {f"{item}-type": child.block_type, f"{item}-id": child.id or ""}
            data |= {f"{item}-deleted": "", f"{item}-order": str(index)}
            data |= block_form_data(child.block, child.value, f"{item}-value")
        return data
    if isinstance(block, blocks.ListBlock):
        data = {f"{prefix}-count": str(len(value))}
        for index, child in enumerate(value.bound_blocks):
            item = f"{prefix}-{index}"
            data |= {f"{item}-id": child.id or "", f"{item}-deleted": ""}
            data |= {f"{item}-order": str(index)}
            data |= block_form_data(block.child_block, child.value, f"{item}-value")
        return data
    if isinstance(block, ImageBlock):
        struct = {"image": value, "alt_text": value.contextual_alt_text, "decorative": False}
        return {
            key: item
            for name, child in block.child_blocks.items()
            for key, item in block_form_data(child, struct[name], f"{prefix}-{name}").items()
        }
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child in block.child_blocks.items():
            data |= block_form_data(child, value.get(name), f"{prefix}-{name}")
        return data
    if isinstance(block, blocks.BooleanBlock):
        return {prefix: "on"} if value else {}
    if isinstance(block, blocks.RichTextBlock):
        return {prefix: block.field.widget.format_value(value.source)}
    if isinstance(block, blocks.ChooserBlock):
        return {prefix: str(value.pk) if value else ""}
    return {prefix: "" if value is None else str(value)}


def preview(client, page):
    """Wagtail's preview round trip: the editor's form data POSTed, then the preview GET.

    The form data comes from the editor's HTML; StreamFields, which the editor's JavaScript
    posts, from the page's values.
    """
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = block_form_data(field.stream_block, getattr(page, field.name), field.name)
            data.update(stream)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = client.post(url, data)
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}, page
    return client.get(url)


@pytest.mark.django_db
def test_every_page_type_renders_its_preview_in_the_admin(module_demo_site, client, redakteurin):
    client.force_login(redakteurin)
    seen = set()
    for page in Page.objects.filter(locale=module_demo_site.locale).specific():
        if type(page) in seen or page.depth < 2:
            continue
        seen.add(type(page))
        response = preview(client, page)
        assert response.status_code == 200, page
        assert page.title in builders.page_text(response), page
    assert seen == {model for model in get_page_models() if model is not Page}
