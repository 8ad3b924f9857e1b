// Move the focus to the error summary so that screen readers announce it first.
document.addEventListener("DOMContentLoaded", () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
});
