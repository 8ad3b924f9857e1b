"""Reviews (issue 16, item 5): the reviewer role, the declaration on conflicts of interest, the
review sheet with its scores, internal comments, and the list's review columns.

Every request is a real one through the admin (Django's test client): reviewers of the group
„Zuschüsse-Begutachtung“ (made by `zib_setup_roles`), clerks of „Zuschüsse-Sachbearbeitung“.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone, translation

from grants.models import (
    ApplicationStatus,
    InternalComment,
    Review,
    ReviewAssignment,
    StatusChange,
)
from tests.builders import make_funding_round, make_home_page, page_text, soup

from .builders import (
    BEGUTACHTUNG,
    PDF,
    REDAKTION,
    SACHBEARBEITUNG,
    add_criteria,
    assign_reviewer,
    build_grants_tree,
    make_application,
    make_review,
    make_role_user,
)

APPLICATIONS = "/admin/grants_applications/"
ROUNDS = "/admin/grants_rounds/"
ADMIN_HOME = "/admin/"
REFUSED = "Sorry, you do not have permission to access this area."

pytestmark = pytest.mark.django_db


def inspect(application):
    return f"{APPLICATIONS}inspect/{application.pk}/"


def review_url(application):
    return f"{APPLICATIONS}review/{application.pk}/"


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_refused(response):
    """Wagtail's refusal: back to the dashboard with its message, nothing of the data."""
    assert response.status_code == 302
    assert response["Location"] == ADMIN_HOME
    with translation.override("de"):
        assert messages_of(response)[-1] == translation.gettext(REFUSED)


@pytest.fixture
def world(db):
    """A round with two criteria (one weighted 2), three applications, two reviewers, a clerk."""
    build_grants_tree(make_home_page())
    now = timezone.now()
    funding_round = make_funding_round(
        now - datetime.timedelta(days=2),
        now + datetime.timedelta(days=20),
        title="Runde 2026",
        budget=Decimal("5000.00"),
    )
    criteria = add_criteria(funding_round, ("Wirkung im Stadtteil", 2), "Kosten und Nutzen")
    assigned = make_application(
        funding_round,
        status=ApplicationStatus.IN_REVIEW,
        organisation_name="Verein Zugewiesen e. V.",
        iban="DE89370400440532013000",
        attachments=["kostenplan.pdf"],
    )
    other = make_application(
        funding_round,
        status=ApplicationStatus.IN_REVIEW,
        organisation_name="Verein Fremd e. V.",
        attachments=["fremd.pdf"],
    )
    reviewer = make_role_user(BEGUTACHTUNG, username="gutachterin")
    second = make_role_user(BEGUTACHTUNG, username="gutachter")
    clerk = make_role_user(SACHBEARBEITUNG, username="sachbearbeiterin")
    assign_reviewer(assigned, reviewer, by=clerk)
    return {
        "round": funding_round,
        "criteria": criteria,
        "assigned": assigned,
        "other": other,
        "reviewer": reviewer,
        "second": second,
        "clerk": clerk,
    }


def logged_in(client, user):
    client.force_login(user)
    return client


def review_data(world, first="5", second="2", comment="Überzeugendes Konzept.", amount="1500"):
    first_criterion, second_criterion = world["criteria"]
    return {
        f"criterion_{first_criterion.pk}": first,
        f"criterion_{second_criterion.pk}": second,
        "comment": comment,
        "recommended_amount": amount,
        "review": "1",
    }


def declare(client, application, action="no_conflict", **data):
    if action == "no_conflict":
        data.setdefault("no_conflict", "on")
    return client.post(review_url(application), {"declare": action, **data})


# --- What a reviewer sees ------------------------------------------------------------------------


def test_reviewer_lists_only_the_applications_assigned_to_them(client, world):
    html = logged_in(client, world["reviewer"]).get(APPLICATIONS).content.decode()
    assert world["assigned"].reference in html
    assert "Verein Zugewiesen e. V." in html
    assert world["other"].reference not in html and "Verein Fremd e. V." not in html
    # the search and the results view show no more
    results = client.get(f"{APPLICATIONS}results/?q=Verein").content.decode()
    assert "Verein Zugewiesen e. V." in results and "Verein Fremd e. V." not in results


def test_reviewer_opens_an_assigned_application_without_bank_details_or_mails(client, world):
    response = logged_in(client, world["reviewer"]).get(inspect(world["assigned"]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Verein Zugewiesen e. V." in text
    assert "DE89370400440532013000" not in text
    assert "E-Mails" not in [h.get_text(strip=True) for h in soup(response).select("h2")]
    assert review_url(world["assigned"]) in text  # „Begutachten“


def test_reviewer_is_refused_an_application_not_assigned_to_them(client, world):
    client = logged_in(client, world["reviewer"])
    assert_refused(client.get(inspect(world["other"])))
    assert_refused(client.get(review_url(world["other"])))
    attachment = world["other"].attachments.get()
    response = client.get(f"{APPLICATIONS}attachment/{attachment.pk}/")
    assert_refused(response)


def test_reviewer_downloads_the_attachments_of_an_assigned_application(client, world):
    attachment = world["assigned"].attachments.get()
    response = logged_in(client, world["reviewer"]).get(
        f"{APPLICATIONS}attachment/{attachment.pk}/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "path",
    [
        lambda w: f"{ROUNDS}export/{w['round'].pk}/csv/",
        lambda w: f"{ROUNDS}export/{w['round'].pk}/xlsx/",
        lambda w: ROUNDS,
        lambda w: f"{ROUNDS}inspect/{w['round'].pk}/",
        lambda w: f"{ROUNDS}committee/{w['round'].pk}/",
        lambda w: f"{APPLICATIONS}edit/{w['assigned'].pk}/",
        lambda w: f"{APPLICATIONS}reviewers/{w['assigned'].pk}/",
        lambda w: f"{APPLICATIONS}decide/{w['assigned'].pk}/",
        lambda w: f"{APPLICATIONS}history/{w['assigned'].pk}/",
        lambda w: f"{APPLICATIONS}status-link/{w['assigned'].pk}/",
        lambda w: "/admin/grants_letter_templates/",
    ],
    ids=[
        "export CSV",
        "export XLSX",
        "rounds",
        "round inspect",
        "committee",
        "status form",
        "assign reviewers",
        "decide",
        "history",
        "status link",
        "letter templates",
    ],
)
def test_reviewer_cannot_export_change_status_or_reach_the_office_pages(client, world, path):
    response = logged_in(client, world["reviewer"]).get(path(world))
    assert_refused(response)
    assert b"Verein Zugewiesen" not in response.content


def test_reviewer_cannot_post_a_status_change_or_assign_themselves(client, world):
    client = logged_in(client, world["reviewer"])
    application = world["assigned"]
    assert_refused(client.post(f"{APPLICATIONS}edit/{application.pk}/", {"status": "for_decision"}))
    assert_refused(
        client.post(
            f"{APPLICATIONS}reviewers/{world['other'].pk}/", {"reviewers": [world["reviewer"].pk]}
        )
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert not ReviewAssignment.objects.filter(application=world["other"]).exists()


def test_reviewer_sees_the_grants_menu_with_applications_only(client, world):
    html = logged_in(client, world["reviewer"]).get(ADMIN_HOME).content.decode()
    assert APPLICATIONS in html
    assert ROUNDS not in html and "/admin/grants_letter_templates/" not in html
    # no dashboard panel with every application
    assert "Verein Fremd e. V." not in html


# --- The declaration on conflicts of interest ----------------------------------------------------


def test_a_review_before_the_declaration_is_refused_and_nothing_stored(client, world):
    client = logged_in(client, world["reviewer"])
    page = client.get(review_url(world["assigned"]))
    assert "Erklärung zu Interessenkonflikten" in page_text(page)
    assert not soup(page).select("input[name^=criterion_]")

    response = client.post(review_url(world["assigned"]), review_data(world))

    assert response.status_code == 409
    assert "Bitte erklären Sie zuerst" in page_text(response)
    assert not Review.objects.exists()


def test_the_declaration_needs_the_ticked_box(client, world):
    client = logged_in(client, world["reviewer"])
    response = client.post(review_url(world["assigned"]), {"declare": "no_conflict"})
    assert response.status_code == 200
    assert "Bitte bestätigen Sie die Erklärung" in page_text(response)
    assignment = ReviewAssignment.objects.get(reviewer=world["reviewer"])
    assert assignment.declaration == "pending" and assignment.declared_at is None


def test_declaring_no_conflict_is_stored_with_its_time_and_opens_the_sheet(client, world):
    client = logged_in(client, world["reviewer"])
    before = timezone.now()
    response = declare(client, world["assigned"])
    assert response.status_code == 302 and response["Location"] == review_url(world["assigned"])
    assignment = ReviewAssignment.objects.get(reviewer=world["reviewer"])
    assert assignment.declaration == "no_conflict"
    assert before <= assignment.declared_at <= timezone.now()
    sheet = soup(client.get(review_url(world["assigned"])))
    assert {
        field["value"] for field in sheet.select(f"input[name=criterion_{world['criteria'][0].pk}]")
    } == {
        "1",
        "2",
        "3",
        "4",
        "5",
    }
    # declared once: a second declaration is refused
    again = declare(client, world["assigned"], "conflict")
    assert again.status_code == 409
    assert ReviewAssignment.objects.get(pk=assignment.pk).declaration == "no_conflict"


def test_declaring_a_conflict_withdraws_the_reviewer_and_the_clerk_sees_it(client, world):
    client = logged_in(client, world["reviewer"])
    response = declare(
        client, world["assigned"], "conflict", conflict_reason="Ich bin Vereinsmitglied."
    )
    assert response.status_code == 302 and response["Location"] == APPLICATIONS
    assignment = ReviewAssignment.objects.get(reviewer=world["reviewer"])
    assert assignment.declaration == "conflict" and assignment.declared_at is not None
    assert assignment.conflict_reason == "Ich bin Vereinsmitglied."
    # gone for the reviewer
    rows = soup(client.get(APPLICATIONS)).select("tbody tr")
    assert not any(world["assigned"].reference in row.get_text() for row in rows)
    assert_refused(client.get(inspect(world["assigned"])))
    assert_refused(client.post(review_url(world["assigned"]), review_data(world)))
    assert not Review.objects.exists()
    # recorded for the clerk, who cannot assign them again
    clerk = logged_in(client, world["clerk"])
    text = page_text(clerk.get(inspect(world["assigned"])))
    assert "Interessenkonflikt, zurückgezogen" in text and "Ich bin Vereinsmitglied." in text
    form = soup(clerk.get(f"{APPLICATIONS}reviewers/{world['assigned'].pk}/"))
    offered = {int(box["value"]) for box in form.select("input[name=reviewers]")}
    assert world["reviewer"].pk not in offered and world["second"].pk in offered


# --- The review sheet ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["0", "6", "", "drei", "4.5"])
def test_scores_outside_1_to_5_are_refused(client, world, bad):
    client = logged_in(client, world["reviewer"])
    declare(client, world["assigned"])
    response = client.post(review_url(world["assigned"]), review_data(world, first=bad))
    assert response.status_code == 200
    assert "Bitte eine Bewertung von 1 bis 5 wählen." in page_text(response)
    assert not Review.objects.exists()
    # what was typed is still there
    assert "Überzeugendes Konzept." in page_text(response)


def test_a_valid_review_stores_each_score_and_the_weighted_mean(client, world):
    client = logged_in(client, world["reviewer"])
    declare(client, world["assigned"])
    response = client.post(review_url(world["assigned"]), review_data(world, first="5", second="2"))
    assert response.status_code == 302 and response["Location"] == inspect(world["assigned"])
    review = Review.objects.get()
    assert review.assignment.reviewer == world["reviewer"]
    assert sorted(review.scores.values_list("criterion_name", "weight", "score")) == [
        ("Kosten und Nutzen", 1, 2),
        ("Wirkung im Stadtteil", 2, 5),
    ]
    assert review.score == Decimal("4.00")  # (2 × 5 + 2) / 3
    assert review.recommended_amount == Decimal("1500.00")
    # changing it replaces the scores of the same review
    client.post(
        review_url(world["assigned"]), review_data(world, first="1", second="1", amount="0")
    )
    review = Review.objects.get()
    assert review.score == Decimal("1.00") and review.recommended_amount == Decimal("0")
    assert review.scores.count() == 2


def test_a_recommendation_above_the_requested_amount_is_refused(client, world):
    client = logged_in(client, world["reviewer"])
    declare(client, world["assigned"])
    response = client.post(review_url(world["assigned"]), review_data(world, amount="2000,01"))
    assert response.status_code == 200
    assert "darf den beantragten (2.000,00 €) nicht übersteigen" in page_text(response)
    assert not Review.objects.exists()


def test_a_round_without_criteria_asks_for_one_overall_score(client, world):
    world["round"].review_criteria.all().delete()
    client = logged_in(client, world["reviewer"])
    declare(client, world["assigned"])
    sheet = page_text(client.get(review_url(world["assigned"])))
    assert "Gesamtbewertung" in sheet
    client.post(
        review_url(world["assigned"]),
        {
            "criterion_overall": "3",
            "comment": "Solide.",
            "recommended_amount": "1000",
            "review": "1",
        },
    )
    assert Review.objects.get().score == Decimal("3.00")


def test_no_review_once_the_application_is_decided(client, world):
    client = logged_in(client, world["reviewer"])
    declare(client, world["assigned"])
    type(world["assigned"]).objects.filter(pk=world["assigned"].pk).update(status="rejected")
    response = client.post(review_url(world["assigned"]), review_data(world))
    assert response.status_code == 409
    assert "Bewertungen sind nicht mehr möglich" in page_text(response)
    assert not Review.objects.exists()


# --- Other reviewers' reviews and comments -------------------------------------------------------


@pytest.fixture
def two_reviews(world):
    application = world["assigned"]
    make_review(application, world["reviewer"], comment="Geheime Einschätzung eins.")
    make_review(application, world["second"], comment="Geheime Einschätzung zwei.")
    InternalComment.objects.create(
        application=application, author=world["second"], by_reviewer=True, text="Notiz zwei."
    )
    InternalComment.objects.create(
        application=application, author=world["clerk"], text="Notiz des Büros."
    )
    return application


def test_reviewers_do_not_see_each_others_reviews_or_comments_by_default(
    client, world, two_reviews
):
    text = page_text(logged_in(client, world["reviewer"]).get(inspect(two_reviews)))
    assert "Geheime Einschätzung eins." in text
    assert "Geheime Einschätzung zwei." not in text and "Notiz zwei." not in text
    assert "Notiz des Büros." in text
    listing = soup(client.get(APPLICATIONS))
    headings = [th.get_text(" ", strip=True) for th in listing.select("thead th")]
    assert "Ø Bewertung" not in " ".join(headings)
    assert "Meine Begutachtung" in " ".join(headings)
    assert "Bewertet" in listing.select_one("tbody").get_text(" ", strip=True)


def test_reviewers_see_each_other_when_the_setting_is_off(client, world, two_reviews, settings):
    settings.ZIB_GRANTS_HIDE_OTHER_REVIEWERS = False
    text = page_text(logged_in(client, world["reviewer"]).get(inspect(two_reviews)))
    assert "Geheime Einschätzung zwei." in text and "Notiz zwei." in text


def test_the_clerk_sees_every_review_comment_and_the_figures(client, world, two_reviews):
    client = logged_in(client, world["clerk"])
    text = page_text(client.get(inspect(two_reviews)))
    for expected in ["Geheime Einschätzung eins.", "Geheime Einschätzung zwei.", "Notiz zwei."]:
        assert expected in text
    listing = soup(client.get(APPLICATIONS))
    headings = [th.get_text(" ", strip=True) for th in listing.select("thead th")]
    assert any("Ø Bewertung" in heading for heading in headings)
    row = next(tr for tr in listing.select("tbody tr") if two_reviews.reference in tr.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    average = headings.index(next(h for h in headings if "Ø Bewertung" in h))
    assert cells[average] == "4,0" and cells[average + 1] == "2"
    other = next(
        tr for tr in listing.select("tbody tr") if world["other"].reference in tr.get_text()
    )
    other_cells = [td.get_text(" ", strip=True) for td in other.select("td")]
    assert other_cells[average] == "–" and other_cells[average + 1] == "0"


def test_the_list_sorts_by_average_score(client, world):
    make_review(
        world["assigned"],
        world["reviewer"],
        scores={"Wirkung im Stadtteil": 5, "Kosten und Nutzen": 5},
    )
    make_review(
        world["other"], world["second"], scores={"Wirkung im Stadtteil": 1, "Kosten und Nutzen": 2}
    )
    html = (
        logged_in(client, world["clerk"])
        .get(f"{APPLICATIONS}?ordering=-average_score")
        .content.decode()
    )
    assert html.index("Verein Zugewiesen e. V.") < html.index("Verein Fremd e. V.")
    html = client.get(f"{APPLICATIONS}?ordering=average_score").content.decode()
    assert html.index("Verein Fremd e. V.") < html.index("Verein Zugewiesen e. V.")


# --- Internal comments ---------------------------------------------------------------------------


def comment_url(application):
    return f"{APPLICATIONS}comment/{application.pk}/"


def test_clerk_and_reviewer_post_internal_comments(client, world):
    application = world["assigned"]
    response = logged_in(client, world["clerk"]).post(
        comment_url(application), {"text": "Bitte Satzung prüfen."}
    )
    assert response.status_code == 302
    assert response["Location"] == inspect(application) + "#internal-comments"
    logged_in(client, world["reviewer"]).post(
        comment_url(application), {"text": "Satzung liegt bei."}
    )
    assert list(
        application.internal_comments.values_list("author__username", "by_reviewer", "text")
    ) == [
        ("sachbearbeiterin", False, "Bitte Satzung prüfen."),
        ("gutachterin", True, "Satzung liegt bei."),
    ]
    assert "Satzung liegt bei." in page_text(client.get(inspect(application)))


def test_an_empty_comment_is_refused_with_a_message(client, world):
    response = logged_in(client, world["clerk"]).post(
        comment_url(world["assigned"]), {"text": "  "}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Bitte schreiben Sie einen Kommentar."]
    assert not InternalComment.objects.exists()


@pytest.mark.parametrize("who", ["second reviewer", "editor", "other application"])
def test_comments_are_refused_to_whoever_may_not_see_the_application(client, world, who):
    user, application = {
        "second reviewer": (world["second"], world["assigned"]),
        "editor": (make_role_user(REDAKTION), world["assigned"]),
        "other application": (world["reviewer"], world["other"]),
    }[who]
    response = logged_in(client, user).post(comment_url(application), {"text": "Hallo"})
    assert_refused(response)
    assert not InternalComment.objects.exists()


def test_comments_get_405(client, world):
    assert logged_in(client, world["clerk"]).get(comment_url(world["assigned"])).status_code == 405


def test_internal_comments_and_reviews_never_reach_the_applicant(
    client, world, django_capture_on_commit_callbacks
):
    """Status page, receipt and mails carry neither comments nor reviews."""
    from grants import status_links
    from grants.models import GrantApplicationPage
    from grants.workflow import change_status

    application = world["assigned"]
    make_review(application, world["reviewer"], comment="Vertrauliche Bewertung.")
    InternalComment.objects.create(
        application=application, author=world["clerk"], text="Interna XY."
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_status(
            application, to_status="for_decision", user=world["clerk"], notify=True, note=""
        )
    token = status_links.generate()
    status_links.register(application, token)
    page = GrantApplicationPage.objects.get()
    status = client.get(page.url + page.reverse_subpage("status", args=[token]))
    receipt = client.get(page.url + page.reverse_subpage("receipt", args=[token]))
    assert status.status_code == receipt.status_code == 200
    for text in ["Vertrauliche Bewertung.", "Interna XY."]:
        assert text not in page_text(status) and text not in page_text(receipt)
        assert all(text not in message.body for message in mail.outbox)
    assert mail.outbox and StatusChange.objects.filter(application=application).exists()


# --- Assigning reviewers -------------------------------------------------------------------------


def test_clerk_assigns_and_removes_reviewers(client, world):
    client = logged_in(client, world["clerk"])
    url = f"{APPLICATIONS}reviewers/{world['other'].pk}/"
    form = soup(client.get(url))
    assert {int(box["value"]) for box in form.select("input[name=reviewers]")} == {
        world["reviewer"].pk,
        world["second"].pk,
    }
    response = client.post(url, {"reviewers": [world["reviewer"].pk, world["second"].pk]})
    assert response.status_code == 302 and response["Location"] == inspect(world["other"])
    assignments = ReviewAssignment.objects.filter(application=world["other"])
    assert set(assignments.values_list("reviewer", "assigned_by")) == {
        (world["reviewer"].pk, world["clerk"].pk),
        (world["second"].pk, world["clerk"].pk),
    }
    make_review(world["other"], world["second"])
    client.post(url, {"reviewers": [world["reviewer"].pk]})
    assert list(assignments.values_list("reviewer", flat=True)) == [world["reviewer"].pk]
    assert not Review.objects.filter(assignment__application=world["other"]).exists()
    # the reviewer now sees it
    listing = logged_in(client, world["reviewer"]).get(APPLICATIONS).content.decode()
    assert "Verein Fremd e. V." in listing


def test_only_reviewers_can_be_assigned(client, world):
    client = logged_in(client, world["clerk"])
    response = client.post(
        f"{APPLICATIONS}reviewers/{world['other'].pk}/", {"reviewers": [world["clerk"].pk]}
    )
    assert response.status_code == 200
    with translation.override("de"):
        expected = translation.gettext(
            "Select a valid choice. %(value)s is not one of the available choices."
        ) % {"value": world["clerk"].pk}
    assert expected in page_text(response)
    assert not ReviewAssignment.objects.filter(application=world["other"]).exists()


def test_a_decided_application_gets_no_new_reviewers(client, world):
    decided = make_application(world["round"], status=ApplicationStatus.REJECTED)
    response = logged_in(client, world["clerk"]).post(
        f"{APPLICATIONS}reviewers/{decided.pk}/", {"reviewers": [world["second"].pk]}
    )
    assert response.status_code == 200
    assert "die Begutachtung ist abgeschlossen" in page_text(response)
    assert not ReviewAssignment.objects.filter(application=decided).exists()


def test_editors_cannot_assign_reviewers(client, world):
    response = logged_in(client, make_role_user(REDAKTION)).post(
        f"{APPLICATIONS}reviewers/{world['other'].pk}/", {"reviewers": [world["second"].pk]}
    )
    assert_refused(response)
    assert not ReviewAssignment.objects.filter(application=world["other"]).exists()
