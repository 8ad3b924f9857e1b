"""Admin forms of the grants models (imported by the models, so they import no models)."""

from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel


class RoundQuestionFormSet(BaseChildFormSet):
    """The questions inline of a round. A key left blank is None, not "": the uniqueness check
    then passes over new questions without a key (FundingRoundForm gives them one) instead of
    calling them duplicates of each other."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["key"].empty_value = None
        return form

    def get_unique_error_message(self, unique_check):
        return _(
            "Zwei Fragen haben dieselbe Kennung; jede Kennung gibt es in einer Runde nur einmal."
        )


class QuestionsPanel(InlinePanel):
    """The InlinePanel of a round's questions, with RoundQuestionFormSet."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = RoundQuestionFormSet
        return options


class FundingRoundForm(WagtailAdminModelForm):
    """A funding round with its questions: every question gets a key unique in the round, and
    the keys stay as they are once applications have answered under them."""

    def clean(self):
        cleaned = super().clean()
        questions = self.formsets.get("questions")
        if questions is not None and questions.is_valid():
            self.clean_question_keys(questions)
        return cleaned

    def clean_question_keys(self, formset):
        from .models.questions import key_from_label

        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        kept = [
            form
            for form in formset.forms
            if (form.has_changed() or form.instance.pk) and form not in deleted
        ]
        locked = self.instance.pk is not None and self.instance.applications.exists()
        for form in kept:
            if form.instance.pk and locked and "key" in form.changed_data:
                form.add_error(
                    "key",
                    _(
                        "Die Kennung „%(key)s“ bleibt, weil schon Anträge in dieser Runde "
                        "eingegangen sind: Ihre Antworten stehen unter dieser Kennung."
                    )
                    % {"key": form.initial.get("key", "")},
                )
        taken = {form.cleaned_data["key"] for form in kept if form.cleaned_data.get("key")}
        for form in kept:
            if not form.cleaned_data.get("key") and not form.errors:
                form.instance.key = key_from_label(form.cleaned_data.get("label", ""), taken)
                taken.add(form.instance.key)
