/* Sending sessions to Stoflow and keeping the extension's state. Every browser facility comes in
 * as a parameter (`deps`), so node's test runner drives it with stand-ins and a real HTTP server.
 *
 * deps = {cookies: chrome.cookies, local: chrome.storage.local, session: chrome.storage.session,
 *         fetch, config: {sites: [...]}, browser: {userAgent, uaData, language}, now: () => Date}
 */
(function (root, factory) {
  const api = factory(root.StoflowCapture || (typeof require === "function" ? require("./capture.js") : null));
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.StoflowSync = api;
})(typeof globalThis !== "undefined" ? globalThis : this, function (capture) {
  "use strict";

  const API_PATH = "/api/v1/vinted/session";
  const TIMEOUT_MS = 15000;
  const HEARTBEAT_MS = 30 * 60 * 1000;
  const REFRESH_BEFORE_MS = 15 * 60 * 1000;
  const REFRESH_SPACING_MS = 5 * 60 * 1000;

  // Errors people see in the popup: a code the UI translates, plus the server's own words if any.
  class SyncError extends Error {
    constructor(code, detail) {
      super(detail || code);
      this.code = code;
      this.detail = detail || "";
    }
  }

  /** SHA-256 of what an export says about the session (not when it was captured). */
  async function fingerprint(payload) {
    const { captured_at: _capturedAt, ...stable } = payload;
    const cookies = Object.keys(stable.cookies).sort().map((name) => [name, stable.cookies[name]]);
    const text = JSON.stringify({ ...stable, cookies });
    const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function normaliseStoflowUrl(raw) {
    let url;
    try { url = new URL(String(raw || "").trim()); } catch { return null; }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.username || url.password) return null;
    return url.origin;
  }

  async function getPairing(deps) {
    const { pairing } = await deps.local.get("pairing");
    return pairing || null;
  }

  async function getSites(deps) {
    const { sites } = await deps.local.get("sites");
    return sites || {};
  }

  async function pageInfo(deps, domain) {
    const { pages } = await deps.session.get("pages");
    return (pages || {})[domain] || null;
  }

  /** What a Vinted tab reported (CSRF token, locale, UA); kept in session storage, i.e. memory. */
  async function rememberPage(deps, domain, info) {
    const { pages } = await deps.session.get("pages");
    const merged = { ...(pages || {}) };
    merged[domain] = { ...(merged[domain] || {}), ...info, seenAt: deps.now().toISOString() };
    await deps.session.set({ pages: merged });
    return merged[domain];
  }

  function firstFieldError(body) {
    if (!body || typeof body !== "object") return "";
    if (typeof body.detail === "string") return body.detail;
    for (const [field, value] of Object.entries(body)) {
      const message = Array.isArray(value) ? value[0] : value;
      if (typeof message === "string") return `${field}: ${message}`;
      if (message && typeof message === "object") return `${field}: ${firstFieldError(message)}`;
    }
    return "";
  }

  /** One request to Stoflow; maps every failure to a SyncError with a code the popup explains. */
  async function callStoflow(deps, pairing, method, body) {
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : null;
    let response;
    try {
      response = await deps.fetch(pairing.stoflowUrl + API_PATH, {
        method,
        headers: { Authorization: `Token ${pairing.token}`, Accept: "application/json",
                   ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        credentials: "omit",  // the token alone says who we are, never a Stoflow browser session
        signal: controller ? controller.signal : undefined,
      });
    } catch {
      throw new SyncError("stoflow_unreachable");
    } finally {
      if (timer) clearTimeout(timer);
    }
    const data = await response.json().catch(() => null);
    if (response.ok) return data;
    if (response.status === 401) throw new SyncError("token_revoked", firstFieldError(data));
    if (response.status === 403) throw new SyncError("forbidden", firstFieldError(data));
    if (response.status === 404) throw new SyncError("stoflow_unreachable", "404");
    if (response.status === 429) throw new SyncError("throttled", firstFieldError(data));
    if (response.status >= 500) throw new SyncError("stoflow_error", String(response.status));
    throw new SyncError("rejected", firstFieldError(data));
  }

  function loginFrom(data) {
    if (!data || typeof data !== "object") return null;
    const account = data.account && typeof data.account === "object" ? data.account : data;
    return account.vinted_login || account.login || null;
  }

  async function recordSite(deps, domain, entry) {
    const sites = await getSites(deps);
    sites[domain] = { ...(sites[domain] || {}), ...entry };
    await deps.local.set({ sites });
    return sites[domain];
  }

  async function recordError(deps, error) {
    const lastError = error ? { code: error.code || "stoflow_error", detail: error.detail || "",
                                at: deps.now().toISOString() } : null;
    await deps.local.set({ lastError });
  }

  /**
   * Browser-owned refresh (docs/vinted-api.md §2.7, §11.5): with under 15 minutes left on the access token,
   * ask Vinted for new tokens from inside the browser, so the rotated cookies land in the browser's
   * own jar and the refresh chain never leaves it. At most one try per site every 5 minutes, noted in
   * storage because the worker may be stopped between tries. Returns the session to export.
   */
  async function refreshIfDue(deps, site, session) {
    const nowMs = deps.now().getTime();
    if (!session.signedIn || !session.expiresAt || session.expiresAt * 1000 - nowMs > REFRESH_BEFORE_MS) {
      return { session, dead: false };
    }
    const { refreshTries } = await deps.local.get("refreshTries");
    const tries = refreshTries || {};
    if (tries[site.domain] && nowMs - tries[site.domain] < REFRESH_SPACING_MS) return { session, dead: false };
    tries[site.domain] = nowMs;
    await deps.local.set({ refreshTries: tries });
    const page = await pageInfo(deps, site.domain);
    let response;
    try {
      response = await deps.fetch(new URL("web/api/auth/refresh", site.base).href, {
        method: "POST", credentials: "include", body: "{}",
        headers: { "Content-Type": "application/json", Accept: "application/json, text/plain, */*",
                   ...(page && page.csrfToken ? { "X-CSRF-Token": page.csrfToken } : {}) },
      });
    } catch {
      return { session, dead: false };  // Vinted unreachable: the current token is still worth sending
    }
    if (response.status === 400) return { session, dead: true };  // empty 400: the chain is dead
    if (!response.ok) return { session, dead: false };
    return { session: await capture.readSession(deps.cookies, site), dead: false };
  }

  /**
   * Sends one site's session (or its sign-out) when there is something to say. Returns what was done:
   * "sent", "signed_out", or "idle" (never signed in here, nothing to tell). The cookie values live
   * in this call's locals only: nothing below stores them.
   */
  async function syncSite(deps, pairing, site, { force = false } = {}) {
    const known = (await getSites(deps))[site.domain] || null;
    const { session, dead } = await refreshIfDue(deps, site, await capture.readSession(deps.cookies, site));
    if (!session.signedIn) {
      if (!known || known.status === "signed_out") return "idle";
      await callStoflow(deps, pairing, "POST",
                        capture.buildSignedOutPayload({ site, userId: known.userId, now: deps.now() }));
      await recordSite(deps, site.domain, { status: "signed_out", expiresAt: null, error: null,
                                           lastSyncAt: deps.now().toISOString() });
      return "signed_out";
    }
    const page = await pageInfo(deps, site.domain);
    const payload = capture.buildPayload({ site, session, page, browser: deps.browser, now: deps.now() });
    // Each export makes Stoflow check the session with Vinted: the timer only re-sends what changed,
    // plus a heartbeat. Only a digest is kept, never the values.
    const digest = await fingerprint(payload);
    if (!force && known && known.status === "connected" && known.fingerprint === digest
        && deps.now().getTime() - Date.parse(known.lastSyncAt) < HEARTBEAT_MS) {
      return "unchanged";
    }
    const answer = await callStoflow(deps, pairing, "POST", payload);
    // A dead chain stays reported until a new access token shows up (another sign-in).
    const stillDead = dead || Boolean(known && known.dead && known.expiresAt === session.expiresAt);
    const login = loginFrom(answer) || (page && page.userId === session.userId ? page.login : null)
      || (known && known.userId === session.userId ? known.login : null);
    await recordSite(deps, site.domain, {
      status: "connected", userId: session.userId, login, expiresAt: session.expiresAt, error: null,
      dead: stillDead, fingerprint: digest,
      label: capture.siteLabel(site), lastSyncAt: deps.now().toISOString(), hasCsrf: Boolean(payload.csrf_token),
    });
    return "sent";
  }

  /**
   * Syncs every site. A site Stoflow rejects is marked and skipped; any other failure (token, network,
   * server) stops the round, since every site shares the same Stoflow and token.
   */
  async function syncAll(deps, { sites, force = false } = {}) {
    const pairing = await getPairing(deps);
    if (!pairing) {
      const error = new SyncError("not_paired");
      await recordError(deps, error);
      return { ok: false, error: error.code, results: {} };
    }
    const results = {};
    let rejected = null;
    for (const site of sites || deps.config.sites) {
      try {
        results[site.domain] = await syncSite(deps, pairing, site, { force });
      } catch (error) {
        const failure = error instanceof SyncError ? error : new SyncError("stoflow_error", String(error));
        if (failure.code === "rejected") {
          rejected = failure;
          results[site.domain] = "rejected";
          await recordSite(deps, site.domain, { error: failure.detail, label: capture.siteLabel(site) });
          continue;
        }
        await recordError(deps, failure);
        return { ok: false, error: failure.code, results };
      }
    }
    const known = Object.values(await getSites(deps));
    const connected = known.some((s) => s.status === "connected");
    await deps.local.set({ lastSyncAt: deps.now().toISOString() });
    const dead = known.some((s) => s.status === "connected" && s.dead);
    const problem = rejected || (connected ? null : new SyncError("not_logged_in"))
      || (dead ? new SyncError("vinted_session_dead") : null);
    await recordError(deps, problem);
    return { ok: !problem, error: problem ? problem.code : null, results };
  }

  /** Stores the pairing once Stoflow accepts the token; a refused token is not kept. */
  async function pair(deps, { token, stoflowUrl, shopName }) {
    const origin = normaliseStoflowUrl(stoflowUrl);
    if (!origin) throw new SyncError("bad_url");
    const key = String(token || "").trim();
    if (!/^[A-Za-z0-9_-]{20,200}$/.test(key)) throw new SyncError("bad_token");
    const candidate = { token: key, stoflowUrl: origin, shopName: shopName || null };
    const answer = await callStoflow(deps, candidate, "GET");
    const shop = (answer && (answer.shop_name || (answer.shop && answer.shop.name))) || shopName || null;
    await deps.local.set({ pairing: { ...candidate, shopName: shop, pairedAt: deps.now().toISOString() },
                           sites: {}, lastError: null });
    return { stoflowUrl: origin, shopName: shop };
  }

  async function unpair(deps) {
    await deps.local.remove(["pairing", "sites", "lastError", "lastSyncAt", "refreshTries"]);
  }

  /** What the popup and the connect page show; never the token itself. */
  async function status(deps) {
    const data = await deps.local.get(["pairing", "sites", "lastError", "lastSyncAt"]);
    const pairing = data.pairing || null;
    return {
      paired: Boolean(pairing),
      stoflowUrl: pairing ? pairing.stoflowUrl : null,
      shopName: pairing ? pairing.shopName : null,
      sites: Object.entries(data.sites || {}).map(([domain, site]) => ({
        domain, status: site.status || null, userId: site.userId || null, login: site.login || null,
        expiresAt: site.expiresAt || null, label: site.label || domain, lastSyncAt: site.lastSyncAt || null,
        error: site.error || null, dead: Boolean(site.dead) })),
      lastError: data.lastError || null,
      lastSyncAt: data.lastSyncAt || null,
    };
  }

  /** Collapses bursts of calls (cookie changes come in groups) into one call after `delayMs`. */
  function debounce(fn, delayMs, timers) {
    // Wrapped: browsers throw "Illegal invocation" when setTimeout is called as another object's method.
    const clock = timers || { set: (fn, ms) => setTimeout(fn, ms), clear: (handle) => clearTimeout(handle) };
    let handle = null;
    let pending = new Set();
    return function debounced(key) {
      if (key !== undefined) pending.add(key);
      if (handle !== null) clock.clear(handle);
      handle = clock.set(() => {
        handle = null;
        const keys = pending;
        pending = new Set();
        fn(keys);
      }, delayMs);
    };
  }

  return { API_PATH, SyncError, normaliseStoflowUrl, callStoflow, syncSite, syncAll, pair, unpair, status,
           rememberPage, pageInfo, debounce, getPairing, refreshIfDue };
});
