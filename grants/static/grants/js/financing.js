// The financing plan of the application form (grants/financing.py): a button adds rows up to
// each table's maximum, and the sums are shown while typing. Without JavaScript the form works
// as well: a few empty rows, the sums after sending.
(() => {
    const plan = document.querySelector("[data-plan-table]");
    const form = plan && plan.closest("form");
    if (!form) return;

    // Amounts as Germans type them („1.234,56“, „1234,5“, „1234.56“) in cents; anything else 0.
    const cents = (text) => {
        let value = (text || "").replace(/€|EUR|\s/g, "");
        if (value.includes(",")) value = value.replace(/\./g, "").replace(",", ".");
        else if (/^\d{1,3}(\.\d{3})+$/.test(value)) value = value.replace(/\./g, "");
        const number = Number(value);
        return value && Number.isFinite(number) ? Math.round(number * 100) : 0;
    };
    const money = new Intl.NumberFormat(document.documentElement.lang || "de", {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
    });
    const euro = (amount) => `${money.format(amount / 100)} €`;

    for (const table of form.querySelectorAll("[data-plan-table]")) {
        const prefix = table.dataset.planTable;
        const total = table.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
        const maximum = Number(table.dataset.maxRows);
        const template = table.querySelector("template[data-plan-empty-row]");
        const rows = table.querySelector("[data-plan-rows]");
        const add = table.querySelector(".grants-plan__add");
        const button = add.querySelector("button");
        const limit = () => {
            button.disabled = Number(total.value) >= maximum;
        };
        add.hidden = false;
        limit();
        button.addEventListener("click", () => {
            const index = Number(total.value);
            if (index >= maximum) return;
            rows.insertAdjacentHTML(
                "beforeend",
                template.innerHTML.replaceAll("__prefix__", index).replaceAll("__number__", index + 1),
            );
            total.value = index + 1;
            limit();
            rows.lastElementChild.querySelector("input, select").focus();
        });
    }

    const summary = form.querySelector("[data-plan-summary]");
    if (!summary) return;
    const sum = (prefix) =>
        [...form.querySelectorAll(`[name^="${prefix}-"][name$="-amount"]`)].reduce(
            (total, input) => total + cents(input.value),
            0,
        );
    const requested = form.querySelector('[name="requested_amount"]');
    const show = (name, amount) => {
        summary.querySelector(`[data-plan-sum="${name}"]`).textContent = euro(amount);
    };
    const refresh = () => {
        const costs = sum("costs");
        const financing = sum("own_funds") + sum("third_party") + cents(requested && requested.value);
        show("costs", costs);
        show("financing", financing);
        show("difference", costs - financing);
        summary.classList.toggle("grants-plan-summary--balanced", costs > 0 && costs === financing);
        summary.hidden = false;
    };
    form.addEventListener("input", (event) => {
        if (event.target.matches('[name$="-amount"], [name="requested_amount"]')) refresh();
    });
})();
