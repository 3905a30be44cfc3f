/* Options: the fallback pairing (paste a token) and the Stoflow address, which can be changed. */
const { t, translatePage, errorText, send, ext } = globalThis.StoflowUi;
const form = document.getElementById("pair-form");
const urlInput = document.getElementById("stoflow-url");
const tokenInput = document.getElementById("token");

function showError(code) {
  const box = document.getElementById("error");
  box.hidden = !code;
  box.textContent = code ? errorText(code) : "";
}

function showPaired(status) {
  const line = document.getElementById("paired-with");
  line.hidden = !status.paired;
  line.textContent = status.paired ? t("pairedWith", [status.shopName || "Stoflow", status.stoflowUrl]) : "";
  document.getElementById("disconnect").hidden = !status.paired;
  urlInput.value = status.stoflowUrl || globalThis.STOFLOW_CONFIG.stoflowUrls[0] || "";
}

async function refresh() {
  const answer = await send({ type: "status" });
  if (answer && answer.status) showPaired(answer.status);
}

function originOf(raw) {
  try {
    const url = new URL(raw.trim());
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username ? url.origin : null;
  } catch {
    return null;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  showError(null);
  const origin = originOf(urlInput.value);
  if (!origin) return showError("bad_url");
  // Reaching a Stoflow other than the one built in needs the person's consent, asked right here
  // (permissions.request must run in the click's user gesture, before any await).
  const granted = await ext.permissions.request({ origins: [origin + "/*"] }).catch(() => false);
  if (!granted) return showError("permission_denied");
  const answer = await send({ type: "pair", token: tokenInput.value, stoflowUrl: origin });
  if (!answer || !answer.ok) return showError((answer && answer.error) || "stoflow_error");
  tokenInput.value = "";
  await refresh();
});

document.getElementById("disconnect").addEventListener("click", async () => {
  await send({ type: "unpair" });
  await refresh();
  showError(null);
  document.getElementById("paired-with").hidden = false;
  document.getElementById("paired-with").textContent = t("disconnected");
});

translatePage(document);
refresh();
