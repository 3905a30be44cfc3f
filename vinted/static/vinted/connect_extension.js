// One-click pairing: the extension's bridge on this page answers "ready"; the token created by the
// POST below goes to it through postMessage on this window only, and is never stored by the page.
(function () {
  const box = document.querySelector("[data-connect-extension]");
  const state = box.querySelector("[data-extension-state]");
  const list = box.querySelector("[data-extension-accounts]");
  const form = box.querySelector("[data-connect-form]");
  const msg = (name) => box.dataset["msg" + name];
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, key) => values[key]);
  let detected = false;

  function showAccounts(status) {
    const sites = ((status && status.sites) || []).filter((site) => site.status === "connected");
    list.replaceChildren(...sites.map((site) => {
      const item = document.createElement("li");
      item.className = "badge badge--green";
      item.dataset.vintedAccount = site.domain;
      item.textContent = site.login
        ? fill(msg("Connected"), { login: site.login, site: site.label || site.domain })
        : fill(msg("ConnectedId"), { id: site.userId, site: site.label || site.domain });
      return item;
    }));
    return sites.length;
  }

  window.addEventListener("message", (event) => {
    if (event.source !== window || event.origin !== location.origin) return;
    const data = event.data || {};
    if (data.source !== "stoflow-extension") return;
    if (data.type === "ready") {
      detected = true;
      state.textContent = (data.status && data.status.paired && data.status.stoflowUrl === location.origin)
        ? msg("Paired") : msg("Detected");
      if (data.status) showAccounts(data.status);
    } else if (data.type === "paired") {
      if (!data.ok) {
        state.textContent = data.error === "token_revoked" ? msg("Revoked")
          : data.error === "stoflow_unreachable" ? msg("Unreachable") : msg("Error");
        box.dataset.pairing = "failed";
        return;
      }
      state.textContent = showAccounts(data.status) ? msg("Paired") : msg("Paired") + " " + msg("NoVinted");
      box.dataset.pairing = "done";
    }
  });
  window.postMessage({ source: "stoflow-page", type: "ping" }, location.origin);
  setTimeout(() => { if (!detected) state.textContent = msg("Missing"); }, 1500);

  if (!form) return;
  form.addEventListener("submit", async (event) => {
    if (!detected) return;  // no extension: the plain POST shows a token to paste
    event.preventDefault();
    state.textContent = msg("Working");
    try {
      const response = await fetch(form.action, {
        method: "POST", credentials: "same-origin",
        headers: { "Accept": "application/json",
                   "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      window.postMessage({ source: "stoflow-page", type: "pair", token: data.token, shopName: data.shop_name },
                         location.origin);
    } catch {
      state.textContent = msg("Error");
      box.dataset.pairing = "failed";
    }
  });
})();
