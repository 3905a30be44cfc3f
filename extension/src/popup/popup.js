/* The toolbar popup: who is connected where, when it last synced, and a "Sync now" button. */
const { t, translatePage, formatTime, errorText, send, ext } = globalThis.StoflowUi;

function accountLine(site) {
  const label = site.label || site.domain;
  if (!site.status) return `${label}: ${errorText({ code: "rejected", detail: site.error })}`;
  if (site.status !== "connected") return t("signedOutOn", [label]);
  return site.login ? t("connectedAs", [site.login, label]) : t("connectedAsId", [String(site.userId), label]);
}

function expiryLine(site) {
  if (site.status !== "connected" || !site.expiresAt) return "";
  const expired = site.expiresAt * 1000 < Date.now();
  return t(expired ? "sessionExpired" : "sessionExpiry", [formatTime(site.expiresAt)]);
}

function render(status, { error, info } = {}) {
  document.getElementById("not-paired").hidden = status.paired;
  document.getElementById("paired").hidden = !status.paired;
  const list = document.getElementById("accounts");
  list.replaceChildren(...status.sites.map((site) => {
    const item = document.createElement("li");
    item.className = site.status === "connected" ? "account account--on" : "account account--off";
    item.dataset.domain = site.domain;
    const line = document.createElement("strong");
    line.textContent = accountLine(site);
    item.append(line);
    const expiry = expiryLine(site);
    if (expiry) {
      const small = document.createElement("span");
      small.className = "muted expiry";
      small.textContent = expiry;
      item.append(document.createElement("br"), small);
    }
    return item;
  }));
  document.getElementById("shop").textContent = status.paired
    ? (status.shopName ? t("shop", [status.shopName]) : t("stoflowAt", [status.stoflowUrl])) : "";
  document.getElementById("last-sync").textContent = status.paired ? t("lastSync", [formatTime(status.lastSyncAt)]) : "";
  const shownError = error || (status.paired && status.lastError && errorText(status.lastError));
  const errorBox = document.getElementById("error");
  errorBox.hidden = !shownError;
  errorBox.textContent = shownError || "";
  const infoBox = document.getElementById("info");
  infoBox.hidden = !info;
  infoBox.textContent = info || "";
  document.getElementById("sync-now").disabled = !status.paired;
}

async function refresh(extra) {
  const answer = await send({ type: "status" });
  if (answer && answer.status) render(answer.status, extra);
}

document.getElementById("sync-now").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  button.textContent = t("syncing");
  const answer = await send({ type: "sync-now" });
  button.textContent = t("syncNow");
  if (answer && answer.status) render(answer.status, answer.ok ? { info: t("syncDone") } : {});
  button.disabled = false;
});

document.getElementById("open-options").addEventListener("click", () => ext.runtime.openOptionsPage());

translatePage(document);
refresh();
