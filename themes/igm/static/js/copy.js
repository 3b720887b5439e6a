// "Copiar" beside a text to copy (an indicator's embed code): progressive
// enhancement. Without this script the button stays hidden and the text,
// in a read-only box, can be selected and copied by hand.

for (const button of document.querySelectorAll("button[data-copy]")) {
  const text = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector("[role=status]");
  if (!text) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(text.value);
      copied = true;
    } catch {
      // No clipboard API (an address without HTTPS): copy the selection.
      text.focus();
      text.select();
      copied = document.execCommand("copy");
    }
    if (status) {
      status.textContent = copied
        ? "Código copiado."
        : "No se pudo copiar: seleccione el texto y cópielo.";
    }
  });
}
