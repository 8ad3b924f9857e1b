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

// The application form, as a courtesy before and while sending (the server checks all of it
// again): files over the server's limits (the form's data attributes, from grants/conf.py) are
// named at once and stop the upload before it starts, instead of after minutes of uploading;
// the step's buttons are disabled while the form is sent, against a double click. The server
// answers a repeated submission with the first one's confirmation in any case.
document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("[data-grants-form]");
    if (!form) return;
    const maxFileSize = Number(form.dataset.maxFileSize);
    const maxTotalSize = Number(form.dataset.maxTotalSize);
    const inputs = Array.from(form.querySelectorAll("input[type='file']"));
    const buttons = Array.from(form.querySelectorAll("button[type='submit']"));
    const sendButton = form.querySelector("#grants-submit");
    const sendLabel = sendButton ? sendButton.textContent : "";

    function describe(input, messages) {
        const id = `${input.id}_sizeerror`;
        let box = document.getElementById(id);
        const describedBy = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!messages.length) {
            if (box) box.remove();
            input.removeAttribute("aria-invalid");
            const rest = describedBy.filter((other) => other !== id);
            if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
            else input.removeAttribute("aria-describedby");
            return;
        }
        if (!box) {
            box = document.createElement("div");
            box.id = id;
            box.className = "grants-errors";
            box.setAttribute("role", "alert");
            input.insertAdjacentElement("beforebegin", box);
        }
        box.replaceChildren(...messages.map((message) => {
            const line = document.createElement("p");
            line.textContent = message;
            return line;
        }));
        input.setAttribute("aria-invalid", "true");
        if (!describedBy.includes(id)) input.setAttribute("aria-describedby", [...describedBy, id].join(" "));
    }

    // Names the files over the limits at their inputs; returns the first input with one.
    function checkSizes() {
        let total = 0;
        const problems = new Map(inputs.map((input) => [input, []]));
        for (const input of inputs) {
            for (const file of input.files || []) {
                total += file.size;
                if (file.size > maxFileSize) {
                    problems.get(input).push(form.dataset.fileTooLarge.replace("{name}", file.name));
                }
            }
        }
        if (total > maxTotalSize && inputs.length) {
            problems.get(inputs[inputs.length - 1]).push(form.dataset.filesTooLarge);
        }
        let first = null;
        for (const [input, messages] of problems) {
            describe(input, messages);
            if (messages.length && !first) first = input;
        }
        return first;
    }

    for (const input of inputs) input.addEventListener("change", checkSizes);

    form.addEventListener("submit", (event) => {
        const tooLarge = checkSizes();
        if (tooLarge) {
            event.preventDefault();
            tooLarge.focus();
            return;
        }
        if (event.defaultPrevented) return;
        // A disabled button is not sent: its action ("next", "save", …) goes as a hidden field.
        const submitter = event.submitter;
        if (submitter && submitter.name) {
            const action = document.createElement("input");
            action.type = "hidden";
            action.name = submitter.name;
            action.value = submitter.value;
            action.dataset.sentAction = "";
            form.append(action);
        }
        for (const button of buttons) button.disabled = true;
        if (submitter && submitter === sendButton) sendButton.textContent = form.dataset.sending;
    });

    // Back to this page from the browser's cache: the buttons work again (sending the same
    // form again answers with the first confirmation).
    window.addEventListener("pageshow", (event) => {
        if (!event.persisted) return;
        for (const button of buttons) button.disabled = false;
        for (const action of form.querySelectorAll("[data-sent-action]")) action.remove();
        if (sendButton) sendButton.textContent = sendLabel;
    });
});
