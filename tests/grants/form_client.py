"""The application form in steps as a browser without JavaScript uses it, for the tests.

`values_of(response)` is what a browser would send of the form a page shows (every input as
rendered: text, hidden, ticked boxes and radios, chosen options, textareas; no files);
`press(client, response, action, **changes)` sends it with a button pressed and some inputs
changed (files as uploads). `walk(client, data)` goes through every step with `data` (default:
conftest.valid_data) up to the review.
"""

from bs4 import BeautifulSoup

from grants import drafts
from grants.forms import GrantApplicationForm
from grants.models import FundingRound

from .conftest import FORM_URL, valid_data

STEP_KEYS = ["organisation", "project", "finances", "documents", "review"]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def main_form(response, selector="form.grants-form[data-grants-form]"):
    form = soup(response).select_one(selector)
    assert form is not None, f"no {selector} in the answer"
    return form


def values_of(response, selector="form.grants-form[data-grants-form]"):
    """{name: [values]} a browser sends of the page's form `selector` (no files)."""
    values = {}
    for tag in main_form(response, selector).select("input, select, textarea"):
        name = tag.get("name")
        if not name:
            continue
        kind = tag.get("type", "text")
        if tag.name == "select":
            chosen = [option for option in tag.select("option") if option.has_attr("selected")]
            chosen = chosen or tag.select("option")[:1]
            values.setdefault(name, []).extend(option.get("value", "") for option in chosen)
        elif tag.name == "textarea":
            values.setdefault(name, []).append(tag.get_text().removeprefix("\n"))
        elif kind in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                values.setdefault(name, []).append(tag.get("value", "on"))
        elif kind in ("file", "submit", "button"):
            continue
        else:
            values.setdefault(name, []).append(tag.get("value", ""))
    return values


def shown_step(response):
    """The key of the step the page shows."""
    return main_form(response).find("input", attrs={"name": "step"})["value"]


def draft_token(response):
    field = main_form(response).find("input", attrs={"name": drafts.FIELD_NAME})
    return field["value"] if field is not None else ""


def draft_of(response):
    """The draft whose pages the response shows (None without one)."""
    return drafts.resolve(draft_token(response))


def press(client, response, action="next", selector=None, **changes):
    """Send the form of `response` with the button `action`; `changes` replace inputs (a list
    for several values, None to leave an input out; uploads as SimpleUploadedFile)."""
    data = values_of(response, selector) if selector else values_of(response)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    data["action"] = [action]
    return client.post(main_form(response)["action"], data)


def goto(client, response, key):
    """„Ändern“ on the review (its own small form), or a jump from another step."""
    if soup(response).select_one("#grants-review-goto") is not None:
        return press(client, response, f"goto:{key}", selector="#grants-review-goto")
    return press(client, response, f"goto:{key}")


def names_of_step(key, data):
    """The entries of `data` (a dict of the whole form) that the step `key` shows."""
    form = GrantApplicationForm(funding_round=FundingRound.objects.current())
    return {name: value for name, value in data.items() if form.step_of(name) == key}


def walk(client, data=None, until="review", url=FORM_URL):
    """Fill in every step before `until` with `data` and press „Weiter“; the page of `until`
    (of the form at `url`)."""
    data = valid_data() if data is None else data
    response = client.get(url)
    for key in STEP_KEYS[: STEP_KEYS.index(until)]:
        assert shown_step(response) == key, (key, response.content[:2000])
        response = press(client, response, "next", **names_of_step(key, data))
    assert shown_step(response) == until
    return response


def declarations():
    return {"privacy_consent": "on", "truth_declaration": "on"}
