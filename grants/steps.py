"""The application form in steps: which input belongs to which step, and each step's errors.

The form (grants.forms.GrantApplicationForm) is one Django form over all steps, bound to
everything typed so far (the draft, grants.drafts); a step is a part of its fieldsets. So every
check stays where it is — a field's own, the financing plan's balance, the round's maximum —
and a step is valid when none of the form's errors is one of its inputs'. Nothing here needs
JavaScript: the server shows one step at a time.
"""

from dataclasses import dataclass
from functools import cached_property

from django.forms.forms import NON_FIELD_ERRORS

#: The last step: everything for review, with the declarations and the button that sends.
REVIEW = "review"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    #: 1-based, as the step indicator counts.
    number: int
    #: [(legend, names)] as in the form's FIELDSETS.
    fieldsets: tuple

    @property
    def is_review(self):
        return self.key == REVIEW


class FormStepsMixin:
    """Steps of a form whose class sets STEPS [(key, title, [(legend, names)])]. The form
    tells which input names an entry of a fieldset stands for (`inputs_of_entry`)."""

    STEPS = ()
    #: Inputs outside the fieldsets and the step that sends them (e.g. a honeypot).
    EXTRA_INPUTS = {}

    @cached_property
    def steps(self):
        return [
            Step(key, title, number, tuple(fieldsets))
            for number, (key, title, fieldsets) in enumerate(self.STEPS, start=1)
        ]

    def get_step(self, key):
        """The step `key`, else the first one."""
        return next((step for step in self.steps if step.key == key), self.steps[0])

    def step_after(self, step):
        return self.steps[min(step.number, len(self.steps) - 1)]

    def step_before(self, step):
        return self.steps[max(step.number - 2, 0)]

    def inputs_of_entry(self, name):
        """(exact input names, prefixes of input names) an entry of a fieldset stands for;
        by default the field of that name."""
        return [name], []

    @cached_property
    def _inputs_by_step(self):
        exact, prefixes = dict(self.EXTRA_INPUTS), []
        exact[NON_FIELD_ERRORS] = REVIEW
        for step in self.steps:
            for _legend, names in step.fieldsets:
                for entry in names:
                    names_of, prefixes_of = self.inputs_of_entry(entry)
                    exact.update((name, step.key) for name in names_of)
                    prefixes += [(prefix, step.key) for prefix in prefixes_of]
        return exact, prefixes

    def step_of(self, name):
        """The key of the step an input name (or an error's name) belongs to, or None when it
        is none of the form's inputs."""
        exact, prefixes = self._inputs_by_step
        if name in exact:
            return exact[name]
        for prefix, key in prefixes:
            if name == prefix or name.startswith(f"{prefix}-"):
                return key
        return None

    def step_errors(self, step):
        """{name: errors} of the form's errors that belong to `step`."""
        return {
            name: errors for name, errors in self.errors.items() if self.step_of(name) == step.key
        }

    def steps_with_errors(self):
        """The steps with at least one error, in order."""
        keys = {self.step_of(name) for name in self.errors}
        return [step for step in self.steps if step.key in keys]

    def hide_errors(self, step):
        """Forget the errors of `step`, so that it is shown as it was typed, without messages
        (a step one comes to, not one that was just sent)."""
        for name in list(self.step_errors(step)):
            del self._errors[name]
        self.hide_part_errors(step)

    def hide_part_errors(self, step):
        """Hook: forget errors kept elsewhere than in `errors` (e.g. a formset's own)."""
