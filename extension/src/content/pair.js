/* On Stoflow's "Connect the extension" page: a bridge between the page and the background.
 * The page posts {source: "stoflow-page", type: "pair", token} to its own window; only messages from
 * this very window and origin are relayed. The background checks the sender's origin again. */
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const PAGE = "stoflow-page";
  const EXTENSION = "stoflow-extension";

  function tell(type, data) {
    window.postMessage({ source: EXTENSION, type, ...data }, location.origin);
  }

  window.addEventListener("message", async (event) => {
    if (event.source !== window || event.origin !== location.origin) return;
    const data = event.data;
    if (!data || data.source !== PAGE) return;
    if (data.type === "pair" && typeof data.token === "string") {
      const answer = await ext.runtime.sendMessage({ type: "pair", token: data.token, shopName: data.shopName || null });
      tell("paired", { ok: Boolean(answer && answer.ok), error: answer && answer.error, detail: answer && answer.detail,
                       status: answer && answer.status });
    } else if (data.type === "ping") {
      const answer = await ext.runtime.sendMessage({ type: "status" });
      tell("ready", { version: ext.runtime.getManifest().version, status: answer && answer.status });
    }
  });
  document.documentElement.dataset.stoflowExtension = ext.runtime.getManifest().version;
  tell("ready", { version: ext.runtime.getManifest().version });
})();
