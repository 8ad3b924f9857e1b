// Move the focus to the error summary so that screen readers announce it first.
document.addEventListener("DOMContentLoaded", () => {
    const summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    // A link to a group of radio buttons points at its fieldset, which cannot take the focus:
    // focus the group's first control instead, as a link to a single field does.
    summary.addEventListener("click", (event) => {
        const link = event.target.closest("a[href^='#']");
        const target = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!target || target.matches("input, select, textarea, button")) return;
        const control = target.querySelector("input, select, textarea, button");
        if (!control) return;
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        control.focus();
    });
});
