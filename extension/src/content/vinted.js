/* On a Vinted tab: reads what only the page knows (CSRF token, locale, the browser's own user agent)
 * and hands it to the background. Page scripts cannot see the HttpOnly cookies; the background reads
 * those itself through the cookies API. */
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const capture = globalThis.StoflowCapture;
  const site = capture.siteForUrl(globalThis.STOFLOW_CONFIG.sites, location.href);
  if (!site) return;
  // Firefox content scripts fetch with the extension's principal unless they use content.fetch.
  const pageFetch = (typeof content === "object" && content && content.fetch) ? content.fetch.bind(content) : fetch;

  async function csrfToken() {
    const inPage = capture.csrfFromDocument(document);
    if (inPage) return inPage;
    try {  // §11.3: the listing form always carries it
      const response = await pageFetch(new URL("items/new", site.base).href, { credentials: "same-origin" });
      return response.ok ? capture.findCsrfToken(await response.text()) : null;
    } catch {
      return null;
    }
  }

  async function currentUser() {
    try {
      const response = await pageFetch(new URL("api/v2/users/current", site.base).href,
                                       { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      const data = await response.json();
      return data && data.user ? { id: data.user.id, login: data.user.login } : null;
    } catch {
      return null;
    }
  }

  function locale() {
    const meta = document.querySelector('meta[name="accept-language"]');
    return (meta && meta.getAttribute("content")) || document.documentElement.lang || navigator.language || null;
  }

  async function report() {
    const uaData = navigator.userAgentData ? capture.clientHints(navigator.userAgentData) : null;
    const message = { type: "vinted-page", csrfToken: await csrfToken(), locale: locale(),
                      userAgent: navigator.userAgent, uaData };
    const answer = await ext.runtime.sendMessage(message);
    if (answer && answer.needLogin) {
      const user = await currentUser();
      if (user) await ext.runtime.sendMessage({ ...message, user });
    }
  }

  report().catch(() => undefined);
})();
