# ruff: noqa: E501  (translations, one a line)
"""English. Home, „Über das ZIB“, projects, snippets and grants pages: the dictionaries in
home_translations and grants_translations; here the other pages."""

from zib_wagtail.demo.grants_translations import EN_APPLICATION, EN_GRANTS
from zib_wagtail.demo.home import GAP
from zib_wagtail.demo.home_translations import (
    EN_ABOUT,
    EN_HOME,
    EN_PROJECT_INDEX,
    EN_PROJECTS,
    EN_SNIPPETS,
)
from zib_wagtail.demo.languages.common import KEEP

COUNCIL = "Integration Council"
OFFICE_OF_THE_COUNCIL = "Office of the Integration Council"

PAGES = {
    # Integrationsbeirat
    "Integrationsbeirat": COUNCIL,
    "integrationsbeirat": "integration-council",
    "Zum Zuwanderungs- und Integrationsbüro (ZIB) gehört die Geschäftsstelle des "
    "Integrationsbeirats.": (
        "The office of the Integration Council is part of the Immigration and Integration "
        "Office (ZIB)."
    ),
    "Geschäftsstelle des Integrationsbeirats": OFFICE_OF_THE_COUNCIL,
    "Die Geschäftsstelle des Integrationsbeirats ist Teil des ZIB und dort erreichbar.": (
        "The office of the Integration Council is part of the ZIB and can be reached there."
    ),
    f"Aufgaben, Mitglieder und Sitzungstermine des Integrationsbeirats: {GAP}": (
        f"Tasks, members and meeting dates of the Integration Council: {GAP}"
    ),
    "Kontakt zur Geschäftsstelle": "Contact the office",
    # Kontakt
    "Kontakt": "Contact",
    "kontakt": "contact",
    "So erreichen Sie das Zuwanderungs- und Integrationsbüro (ZIB) und die Geschäftsstelle des "
    "Integrationsbeirats.": (
        "How to reach the Immigration and Integration Office (ZIB) and the office of the "
        "Integration Council."
    ),
    "Adresse und Kontakt": "Address and contact",
    # Impressum
    "Impressum": "Legal notice",
    "impressum": "legal-notice",
    "Wer diese Website herausgibt und wer für ihren Inhalt verantwortlich ist.": (
        "Who publishes this website and who is responsible for its content."
    ),
    "Herausgeber": "Publisher",
    "Verantwortlich für den Inhalt": "Responsible for the content",
    GAP: GAP,
    "Vertretungsberechtigt": "Authorised representative",
    # Datenschutz
    "Datenschutz": "Privacy",
    "datenschutz": "privacy",
    "Hier erfahren Sie, welche Daten beim Besuch dieser Website verarbeitet werden.": (
        "Here you can find out which data are processed when you visit this website."
    ),
    "Verantwortliche Stelle": "Controller",
    "Datenschutzbeauftragte Person": "Data protection officer",
    "Keine Inhalte von fremden Servern": "No content from other servers",
    "Diese Website lädt keine Schriften, Skripte oder Stylesheets von fremden Servern. Beim "
    "Aufruf einer Seite werden daher keine Daten an Dritte übermittelt.": (
        "This website does not load fonts, scripts or style sheets from other servers. So when "
        "you open a page, no data are passed on to third parties."
    ),
    "Verarbeitung beim Aufruf der Website": "Processing when you open the website",
    f"Art, Zweck, Rechtsgrundlage und Speicherdauer: {GAP}": (
        f"Type, purpose, legal basis and storage period: {GAP}"
    ),
    "Ihre Rechte": "Your rights",
    "Anträge auf Zuschüsse": ("Applications for grants"),
    "Anträge auf Zuschüsse speichern wir mit ihren Anlagen nach dem Ende der Antragsrunde so lange: bewilligte Anträge 10 Jahre, abgelehnte 3 Jahre, zurückgezogene 1 Jahr. Anträge, über die noch nicht entschieden ist, behandeln wir wie bewilligte. Danach werden sie mit allen Anlagen gelöscht.": (
        "We keep applications for grants with their attachments for this long after the end of the application round: granted applications 10 years, rejected 3 years, withdrawn 1 year. Applications not yet decided are treated like granted ones. After that they are deleted with all attachments."
    ),
    "Auf Ihren Wunsch erteilen wir Auskunft über alles, was wir zu Ihrem Antrag gespeichert haben, und anonymisieren oder löschen ihn; wenden Sie sich dazu an das Büro.": (
        "On request we give you information on everything we have stored about your application, and anonymise or delete it; please contact the office for this."
    ),
    # Erklärung zur Barrierefreiheit
    "Erklärung zur Barrierefreiheit": "Accessibility statement",
    "barrierefreiheit": "accessibility",
    "Das Zuwanderungs- und Integrationsbüro ist bemüht, seine Website im Einklang mit der "
    "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu "
    "machen.": (
        "The Immigration and Integration Office endeavours to make its website accessible in "
        "accordance with the German Barrier-Free Information Technology Ordinance (BITV 2.0)."
    ),
    "Stand der Vereinbarkeit mit den Anforderungen": "Status of compliance with the requirements",
    "Die Anforderungen der BITV 2.0 beruhen auf den Web Content Accessibility Guidelines (WCAG) "
    "2.1 in den Stufen A und AA.": (
        "The requirements of BITV 2.0 are based on the Web Content Accessibility Guidelines "
        "(WCAG) 2.1 at levels A and AA."
    ),
    "Jede Seitenart dieser Website wird bei jeder Änderung der Software automatisch mit dem "
    "Prüfwerkzeug axe-core gegen die Regeln der WCAG 2.1 in den Stufen A und AA geprüft, auf "
    "Deutsch und auf Arabisch. Automatisch geprüft werden außerdem die Bedienung des "
    "Antragsformulars allein mit der Tastatur, die Darstellung auf schmalen Bildschirmen (320 "
    "Pixel breit) und bei doppelter Schriftgröße. Automatische Prüfungen erfassen nicht alle "
    "Anforderungen.": (
        "Every type of page on this website is checked automatically against the rules of WCAG "
        "2.1 at levels A and AA with the testing tool axe-core whenever the software changes, in "
        "German and in Arabic. Also checked automatically are: using the application form with "
        "the keyboard alone, the display on narrow screens (320 pixels wide) and with double "
        "font size. Automatic checks do not cover all requirements."
    ),
    "Ergebnis einer Prüfung durch Sachverständige (Datum, Methode und ob die Website "
    f"vollständig oder teilweise mit den Anforderungen vereinbar ist): {GAP}": (
        "Result of a check by experts (date, method and whether the website fully or partly "
        f"complies with the requirements): {GAP}"
    ),
    "Nicht barrierefreie Inhalte": "Content that is not accessible",
    "Erstellung dieser Erklärung": "Preparation of this statement",
    f"Datum der Erstellung und der letzten Überprüfung: {GAP}": (
        f"Date of preparation and of the last review: {GAP}"
    ),
    "Feedback und Kontakt": "Feedback and contact",
    "Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Website aufgefallen? Oder "
    "benötigen Sie Informationen in einer barrierefreien Form? Dann können Sie sich an das ZIB "
    "wenden:": (
        "Have you noticed problems with accessible access to content on this website? Or do you "
        "need information in an accessible form? Then you can contact the ZIB:"
    ),
    "Durchsetzungsverfahren": "Enforcement procedure",
    "Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an "
    "die zuständige Durchsetzungsstelle wenden. Sie prüft Ihr Anliegen und kann ein "
    "Durchsetzungsverfahren einleiten.": (
        "If you do not receive a satisfactory answer to your feedback, you can contact the "
        "responsible enforcement body. It examines your request and can start an enforcement "
        "procedure."
    ),
    f"Zuständige Durchsetzungsstelle mit Anschrift: {GAP}": (
        f"Responsible enforcement body with address: {GAP}"
    ),
    # Leichte Sprache (in English: easy-to-read, short sentences like the German)
    "Leichte Sprache": "Easy to read",
    "leichte-sprache": "easy-to-read",
    "Hier erklären wir in Leichter Sprache: Was ist das ZIB? Und was macht das ZIB?": (
        "Here we explain in easy words: What is the ZIB? And what does the ZIB do?"
    ),
    "Was ist das ZIB?": "What is the ZIB?",
    "ZIB ist eine Abkürzung.": "ZIB is a short form.",
    "ZIB bedeutet: Zuwanderungs- und Integrations-Büro.": (
        "ZIB means: Immigration and Integration Office."
    ),
    "Zuwanderung bedeutet: Menschen kommen aus einem anderen Land hierher.": (
        "Immigration means: people come here from another country."
    ),
    "Integration bedeutet: Alle Menschen gehören dazu. Alle können mitmachen.": (
        "Integration means: all people belong. Everyone can take part."
    ),
    "Das ZIB ist ein Büro der Stadt Saarbrücken.": "The ZIB is an office of the city of Saarbrücken.",
    "Das ZIB gibt es seit dem Jahr 2003.": "The ZIB has existed since the year 2003.",
    "Was macht das ZIB?": "What does the ZIB do?",
    "Das ZIB macht Pläne für das Zusammen-Leben von vielen verschiedenen Menschen in der "
    "Stadt.": "The ZIB makes plans for many different people living together in the city.",
    "Das ZIB beginnt neue Projekte. Ein Projekt ist eine Arbeit mit einem Ziel.": (
        "The ZIB starts new projects. A project is work with a goal."
    ),
    "Das ZIB arbeitet mit anderen Ämtern zusammen. Ein Amt ist ein Teil der Stadt-Verwaltung.": (
        "The ZIB works together with other offices. An office is a part of the city administration."
    ),
    "Das ZIB arbeitet auch mit Vereinen von Menschen zusammen, die eingewandert sind.": (
        "The ZIB also works together with associations of people who have immigrated."
    ),
    "Das ZIB macht Veranstaltungen und Fortbildungen. Bei einer Fortbildung lernen Menschen "
    "etwas Neues für ihre Arbeit.": (
        "The ZIB holds events and training courses. In a training course people learn something "
        "new for their work."
    ),
    "Ein Ort für neue Menschen in der Stadt": "A place for people who are new in the city",
    "Das Projekt heißt: Haus des Ankommens.": (
        "The project is called: Haus des Ankommens (House of Arrival)."
    ),
    "Es soll eine zentrale Anlauf-Stelle geben.": "There is to be one central place to go to.",
    "Dort bekommen Menschen Informationen. Die Menschen sind neu in die Stadt gekommen.": (
        "There people get information. The people are new in the city."
    ),
    "Bis zum Jahr 2026 wird dafür ein Plan gemacht.": "A plan for this is being made by 2026.",
    "Geld für Vereine": "Money for associations",
    "Manche Vereine arbeiten mit Menschen aus verschiedenen Kulturen.": (
        "Some associations work with people from different cultures."
    ),
    "Diese Vereine können Geld von der Stadt bekommen. Das Geld heißt: Zuschuss.": (
        "These associations can get money from the city. The money is called: grant."
    ),
    "Dafür schreibt der Verein einen Antrag. Das ZIB nimmt die Anträge an.": (
        "For this the association writes an application. The ZIB receives the applications."
    ),
    "Über das Geld entscheidet der Ausschuss für soziale Angelegenheiten und Integration. Er "
    "gibt jedes Jahr Geld.": (
        "The Committee for Social Affairs and Integration decides on the money. It gives money "
        "every year."
    ),
    "So erreichen Sie das ZIB": "How to reach the ZIB",
}

#: „Hilfe zum Antrag“ (zib_wagtail.demo.grants.help_body).
HELP = {
    "Hilfe zum Antrag": "Help with applying",
    "hilfe-zum-antrag": "application-help",
    "Wie Sie einen Zuschuss online beantragen: die Schritte des Formulars, das Zwischenspeichern, Ihre Statusseite, Rückfragen und das Zurückziehen eines Antrags.": "How to apply for a grant online: the steps of the form, saving a draft, your status page, questions from the office and withdrawing an application.",
    "Die Schritte des Formulars": "The steps of the form",
    'Das <a id="a1">Online-Antragsformular</a> hat fünf Schritte: Organisation (mit der Ansprechperson), Vorhaben, Finanzen (Kosten- und Finanzierungsplan und Bankverbindung), Anlagen und zuletzt „Prüfen und absenden“.': 'The <a id="a1">online application form</a> has five steps: organisation (with the contact person), project, finances (cost and financing plan and bank details), attachments and finally “Review and submit”.',
    "Mit „Weiter“ prüfen wir die Angaben des Schritts und nennen, was fehlt. Mit „Zurück“ kommen Sie zum vorigen Schritt; was Sie eingegeben und hochgeladen haben, bleibt dabei erhalten.": "With “Next” we check the details of the step and tell you what is missing. With “Back” you return to the previous step; everything you have entered and uploaded is kept.",
    "Der Finanzierungsplan muss ausgeglichen sein: Die Kosten sind auf den Cent so hoch wie Eigenmittel, Drittmittel und beantragter Zuschuss zusammen.": "The financing plan must balance: to the cent, the costs are as high as own funds, third-party funds and the requested grant together.",
    "Im letzten Schritt sehen Sie alle Angaben noch einmal. Erst mit „Antrag verbindlich absenden“ ist der Antrag gestellt; Sie erhalten sofort ein Aktenzeichen und eine Eingangsbestätigung per E-Mail.": "In the last step you see all your details once more. The application is made only with “Submit application”; you immediately receive a reference number and a confirmation of receipt by e-mail.",
    "Zwischenspeichern und später weitermachen": "Saving a draft and continuing later",
    "Mit „Zwischenspeichern“ bewahren wir Ihre Angaben und Dateien 30 Tage lang auf. Sie erhalten einen persönlichen Link: auf der Seite und per E-Mail an die Adresse der Ansprechperson. Mit diesem Link machen Sie später weiter, auch an einem anderen Gerät. Danach wird der Entwurf mit allen Dateien gelöscht.": "With “Save draft” we keep your details and files for 30 days. You receive a personal link: on the page and by e-mail to the contact person's address. With this link you continue later, also on another device. After that the draft is deleted with all its files.",
    "Ihre Statusseite": "Your status page",
    "Die Eingangsbestätigung enthält den Link zu Ihrer persönlichen Statusseite. Dort sehen Sie den Stand Ihres Antrags und seinen Verlauf und eine Kopie Ihrer Angaben zum Ausdrucken. Bitte geben Sie den Link nicht weiter.": "The confirmation of receipt contains the link to your personal status page. There you see the state of your application and its history, and a copy of your details to print. Please do not pass the link on.",
    "Rückfragen": "Questions from the office",
    "Wenn wir etwas wissen müssen, stellen wir eine Rückfrage und schreiben Ihnen eine E-Mail. Sie antworten auf der Statusseite und können dort auch Unterlagen nachreichen.": "If we need to know something, we ask you a question and send you an e-mail. You answer on the status page and can also send further documents there.",
    "Antrag zurückziehen": "Withdrawing an application",
    "Solange über Ihren Antrag nicht entschieden ist, können Sie ihn auf der Statusseite zurückziehen. Danach bearbeiten wir ihn nicht weiter.": "As long as no decision has been made on your application, you can withdraw it on the status page. After that we no longer process it.",
}


STRINGS = {
    **KEEP,
    **EN_HOME,
    **EN_ABOUT,
    **EN_PROJECT_INDEX,
    **EN_PROJECTS,
    **EN_SNIPPETS,
    **EN_GRANTS,
    **EN_APPLICATION,
    **HELP,
    **PAGES,
}
