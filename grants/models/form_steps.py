"""The online form in steps, with drafts: the part of GrantApplicationPage that serves them.

    ""                    GET: the first step. POST: a step's button, or sending (below)
    entwurf/<token>/      the resume link of a draft: its values and files, at its last step

Every POST of the form carries the draft's token (hidden `draft`), the step it shows (hidden
`step`) and the button pressed (`action`):

    next     check this step; with mistakes it comes again with them, else the next step
    back     the step before, unchecked (what was typed stays in the draft)
    goto:X   step X, unchecked (the review's „Ändern“)
    save     „Zwischenspeichern“: keep the draft for later, show and mail its resume link
    submit   send (the default, so that a POST of the whole form at once is sent as well): the
             intake (grants.intake) with the draft's values and files and this POST's

What a POST carries is stored in the draft first (grants.drafts), whatever the button or the
intake's answer, so nothing typed is lost; only a POST whose CSRF check failed stores nothing
(its values go back into the page instead). All of it works without JavaScript.
"""

from django.shortcuts import redirect
from wagtail.contrib.routable_page.models import path

from .. import conf, drafts, ratelimit
from .status_routes import private

ACTION_FIELD = "action"
STEP_FIELD = "step"
SUBMIT, NEXT, BACK, SAVE, GOTO = "submit", "next", "back", "save", "goto:"
DRAFT_LINK_SCOPE = "draft-link"
DRAFT_MAIL_SCOPE = "draft-mail"


class ApplicationFormSteps:
    """The steps and drafts of the form; mixed into GrantApplicationPage."""

    def get_draft_url(self, token, request=None):
        return self.get_full_url(request) + self.reverse_subpage("draft", args=[token])

    # --- The form bound to a draft ----------------------------------------------------------

    def get_draft_form(self, request, data, files, funding_round, step=None, store=True):
        """The form bound to the draft the POST names (a new one when it names none that is
        valid) with the POST's values and files; `store` keeps them in the draft (not for a
        refused CSRF check). `step` is the step the POST shows (default: its `step` field; a
        POST without one carries all steps). The form knows its `draft`, `draft_token`, the
        `stored_files`, the `carried` values (not in the draft) and the `refused_uploads`."""
        from .. import tokens
        from ..submission import applicant_language

        layout = self.get_form(funding_round=funding_round)
        if step is None and data.get(STEP_FIELD) in {each.key for each in layout.steps}:
            step = data.get(STEP_FIELD)
        token = data.get(drafts.FIELD_NAME)
        draft = drafts.resolve(token)
        expired = bool(token) and draft is None
        if draft is None and store:
            posted = data.get(tokens.FIELD_NAME)
            submission_token = (
                posted if tokens.form_claim(posted) else tokens.issue_form_token(funding_round)
            )
            draft, token = drafts.start(submission_token, applicant_language())
        if store:
            refused = drafts.absorb(draft, layout, data, files, step)
            values = draft.data
        else:
            stored = draft.data if draft else {}
            values = drafts.merged_values(stored, layout, data, step)
            refused = [(name, upload) for name in files for upload in files.getlist(name)]
        stored_files = drafts.stored_files(draft)
        bound_data, bound_files = drafts.form_input(layout, values, stored_files, refused)
        form = self.get_form(bound_data, bound_files, funding_round=funding_round, draft=draft)
        form.draft_token = token if draft is not None else ""
        form.draft_expired = expired
        form.stored_files = stored_files
        form.refused_uploads = refused
        # Not stored, so the page carries them on (as hidden inputs of the other steps).
        in_draft = draft.data if draft is not None else {}
        form.carried = (
            {}
            if store
            else {name: found for name, found in values.items() if in_draft.get(name) != found}
        )
        return form

    def form_of_post(self, request, step=None, store=True):
        """For the intake: how the sent values become the form (grants.intake.take)."""

        def form_of(data, files, funding_round):
            return self.get_draft_form(request, data, files, funding_round, step, store)

        return form_of

    # --- What a step shows ------------------------------------------------------------------

    def get_step_context(self, form, step, saved=None, resumed=False):
        """The step's part of the page: the step indicator, the draft's token, the files
        already uploaded, the values carried on, the step's mistakes and, at the review,
        everything typed."""
        if form is None:
            return {}
        draft = getattr(form, "draft", None)
        if draft is not None and draft.pk is not None and draft.step != step.key:
            draft.step = step.key  # where the resume link continues
            draft.save(update_fields=["step"])
        carried = getattr(form, "carried", {})
        context = {
            "step": step,
            "steps": form.steps,
            "step_fieldsets": form.fieldsets_of(step),
            "step_field": STEP_FIELD,
            "action_field": ACTION_FIELD,
            "draft_field": drafts.FIELD_NAME,
            "draft_token": getattr(form, "draft_token", ""),
            "draft_expired": getattr(form, "draft_expired", False),
            "remove_field": drafts.REMOVE_FIELD,
            "stored_files": getattr(form, "stored_files", {}),
            "carried": [
                (name, value)
                for name, values in carried.items()
                if form.step_of(name) != step.key
                for value in values
            ],
            "error_summary": form.error_summary(step) if form.is_bound else [],
            "saved": saved,
            "resumed": resumed,
            "draft_days": conf.draft_days(),
            "unsaved_draft_hours": conf.unsaved_draft_hours(),
        }
        if step.is_review:
            context.update(self.get_review_context(form))
        return context

    def get_review_context(self, form):
        """Everything typed, step by step, as the receipt will show it (the IBAN in full), and
        which steps still have mistakes."""
        from ..receipt import receipt_sections

        if form.is_bound:
            form.is_valid()
        sections = receipt_sections(form.instance, plan=form.plan_overview(), masked=False)
        with_errors = {s.key for s in form.steps_with_errors()} if form.is_bound else set()
        return {
            "review": [
                {
                    "step": step,
                    "sections": [section for section in sections if section.step == step.key],
                    "has_errors": step.key in with_errors,
                }
                for step in form.steps
                if not step.is_review
            ],
            "non_field_errors": form.non_field_errors() if form.is_bound else [],
        }

    # --- A step's button ----------------------------------------------------------------------

    def serve_step(self, request, action):
        """A button of a step other than sending (see the module's docstring)."""
        from .. import tokens
        from ..intake import submission_round

        post = request.POST
        funding_round = submission_round(self, tokens.form_claim(post.get(tokens.FIELD_NAME)))
        layout = self.get_form(funding_round=funding_round)
        step = layout.get_step(post.get(STEP_FIELD))
        form = self.get_draft_form(request, post, request.FILES, funding_round, step.key)
        try:
            if action == SAVE:
                return self.save_draft(request, form, funding_round, step)
            if action == NEXT:
                if form.step_errors(step):
                    return self.render_form(
                        request, form, funding_round, step=step, status=form.step_status(step)
                    )
                target = form.step_after(step)
            elif action == BACK:
                target = form.step_before(step)
            elif action.startswith(GOTO):
                target = form.get_step(action.removeprefix(GOTO))
            else:
                target = step
            return self.render_form(request, form, funding_round, step=target, show_errors=False)
        finally:
            drafts.close(form.files)

    def save_draft(self, request, form, funding_round, step):
        """„Zwischenspeichern“: keep the draft, show its resume link once and mail it to the
        contact address (when one is given and the client is within the mail limit)."""
        from .. import emails

        drafts.save_for_later(form.draft)
        url = self.get_draft_url(form.draft_token, request)
        address = form.draft_address()
        limit, window = conf.draft_mail_limit()
        mailed = bool(address) and not ratelimit.exceeded(request, DRAFT_MAIL_SCOPE, limit)
        if mailed:
            ratelimit.count(request, DRAFT_MAIL_SCOPE, window)
            emails.queue(
                [
                    emails.create_draft_mail(
                        form.draft,
                        address,
                        {"draft_url": url, "office": self.get_office_settings(request)},
                    )
                ]
            )
        saved = {"url": url, "address": address, "mailed": mailed, "draft": form.draft}
        response = self.render_form(
            request, form, funding_round, step=step, show_errors=False, saved=saved
        )
        return private(response)

    # --- The resume link ---------------------------------------------------------------------

    def serve_draft(self, request, token):
        """The draft at the step shown last, with its values and files („bereits
        hochgeladen“). A wrong or expired link is a 404 page saying so; a client with too many
        wrong links gets 429 (ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT, counted apart)."""
        from .. import tokens
        from ..intake import submission_round

        limit, window = conf.status_link_failure_limit()
        if ratelimit.exceeded(request, DRAFT_LINK_SCOPE, limit):
            context = {"retry_minutes": max(1, window // 60)}
            response = self.render_status(
                request, "grants/status/too_many_attempts.html", context, status=429
            )
            response["Retry-After"] = str(window)
            return response
        draft = drafts.resolve(token)
        if draft is None:
            ratelimit.count(request, DRAFT_LINK_SCOPE, window)
            response = self.render(request, template="grants/draft_missing.html")
            response.status_code = 404
            return private(response)
        funding_round = submission_round(self, tokens.form_claim(draft.submission_token))
        layout = self.get_form(funding_round=funding_round)
        stored_files = drafts.stored_files(draft)
        data, files = drafts.form_input(layout, draft.data, stored_files)
        form = self.get_form(data, files, funding_round=funding_round, draft=draft)
        form.draft_token, form.draft_expired, form.stored_files = token, False, stored_files
        form.refused_uploads, form.carried = [], {}
        try:
            step = form.get_step(draft.step)
            response = self.render_form(
                request, form, funding_round, step=step, show_errors=False, resumed=True
            )
        finally:
            drafts.close(files)
        return private(response)

    @path("entwurf/<str:token>/", name="draft")
    def draft_route(self, request, token):
        """The resume link (GET; the form's buttons post to the form itself)."""
        if request.method != "GET":
            return self.redirect_to_draft(request, token)
        return self.serve_draft(request, token)

    def redirect_to_draft(self, request, token):
        return redirect(self.get_url(request) + self.reverse_subpage("draft", args=[token]))
