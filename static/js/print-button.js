// A "Print" button: any element with data-print-page opens the browser's print dialog.
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
