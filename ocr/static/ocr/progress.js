// Keeps the text-extraction progress bars of an admin page current while extraction runs.
(function () {
  const ACTIVE = ["pending", "running"];
  async function refresh() {
    const bars = Array.from(document.querySelectorAll("[data-extraction-url]")).filter((bar) =>
      ACTIVE.includes(bar.dataset.status),
    );
    for (const bar of bars) {
      try {
        const response = await fetch(bar.dataset.extractionUrl, { credentials: "same-origin" });
        if (!response.ok) continue;
        const state = await response.json();
        bar.dataset.status = state.status;
        const meter = bar.querySelector("progress");
        meter.max = state.total || 1;
        meter.value = state.done;
        meter.setAttribute("aria-label", state.label);
        bar.querySelector(".anjuan-extraction__label").textContent = state.label;
        bar.querySelector(".anjuan-extraction__reason").textContent = state.reason;
      } catch (error) {
        // The next round tries again.
      }
    }
    if (bars.length) window.setTimeout(refresh, 3000);
  }
  document.addEventListener("DOMContentLoaded", () => window.setTimeout(refresh, 3000));
})();
