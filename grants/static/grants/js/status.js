// Status pages of grant applications: the receipt's print button (shown only with JavaScript).
document.querySelectorAll("[data-grants-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
});
