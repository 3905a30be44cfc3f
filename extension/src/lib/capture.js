/* Capture and payload logic: pure functions, no browser globals, so node's test runner runs them.
 * Loaded as a classic script in the extension (service worker, event page, content scripts) and
 * with require() in tests. */
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.StoflowCapture = api;
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  // The browser keeps the refresh chain (docs/vinted-api.md §2.7): this cookie never leaves it.
  const NEVER_EXPORTED = new Set(["refresh_token_web"]);
  // Changes to these cookies mean the session Stoflow holds is out of date (§11.6).
  const WATCHED = new Set(["access_token_web", "datadome", "anon_id"]);
  // §2.3, case-insensitive: CSRF_TOKEN, optional backslash, quote, colon, optional backslash, quote, UUID.
  const CSRF_RE = /CSRF_TOKEN(?:\\)?"\s*:\s*(?:\\)?"([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})/i;
  const META_CSRF_RE = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

  function findCsrfToken(text) {
    const match = CSRF_RE.exec(text || "");
    return match ? match[1].toLowerCase() : null;
  }

  /** The CSRF token of a page: its inline scripts first, the Rails-era meta tag as a fallback. */
  function csrfFromDocument(doc) {
    for (const script of doc.querySelectorAll("script:not([src])")) {
      const token = findCsrfToken(script.textContent);
      if (token) return token;
    }
    const meta = doc.querySelector('meta[name="csrf-token"]');
    const content = meta && meta.getAttribute("content");
    return content && META_CSRF_RE.test(content) ? content.toLowerCase() : null;
  }

  function base64UrlDecode(segment) {
    const b64 = segment.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((segment.length + 3) % 4);
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  }

  /** JWT claims, unverified (the key is Vinted's); null when the value is not a readable JWT. */
  function jwtClaims(token) {
    const parts = String(token || "").split(".");
    if (parts.length !== 3 || !parts[1]) return null;
    try {
      const claims = JSON.parse(base64UrlDecode(parts[1]));
      return claims && typeof claims === "object" && !Array.isArray(claims) ? claims : null;
    } catch {
      return null;
    }
  }

  /** Observations disagree on the claim's name (§2.2): account_id, then sub, then user_id. */
  function userIdFromClaims(claims) {
    if (!claims) return null;
    for (const name of ["account_id", "sub", "user_id"]) {
      const value = claims[name];
      if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
      if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
    }
    return null;
  }

  function siteParts(site) {
    const url = new URL(site.base);
    return { host: url.hostname, path: url.pathname };
  }

  /** The sites a cookie belongs to (host and path match, as the browser would send it). */
  function sitesForCookie(sites, cookie) {
    const cookieDomain = String(cookie.domain || "").replace(/^\./, "").toLowerCase();
    const cookiePath = cookie.path || "/";
    return sites.filter((site) => {
      const { host, path } = siteParts(site);
      const hostMatches = host === cookieDomain || (!cookie.hostOnly && host.endsWith("." + cookieDomain));
      return hostMatches && (path === cookiePath || path.startsWith(cookiePath.replace(/\/?$/, "/")));
    });
  }

  function isWatched(cookie) {
    return WATCHED.has(cookie.name);
  }

  /** name -> value of every cookie worth exporting; the most specific path wins a name clash. */
  function exportableCookies(cookies) {
    const sorted = [...cookies].sort((a, b) => (a.path || "/").length - (b.path || "/").length);
    const result = {};
    for (const cookie of sorted) {
      if (!NEVER_EXPORTED.has(cookie.name)) result[cookie.name] = cookie.value;
    }
    return result;
  }

  /**
   * Reads a site's session from the jar. `cookiesApi` is chrome.cookies (or a stand-in with the same
   * getAll). Returns {signedIn, cookies, userId, expiresAt}; the cookie values only live in this
   * object, which the caller drops after sending.
   */
  async function readSession(cookiesApi, site) {
    const all = await cookiesApi.getAll({ url: site.base });
    const mine = all.filter((cookie) => sitesForCookie([site], cookie).length > 0);
    const cookies = exportableCookies(mine);
    const claims = jwtClaims(cookies.access_token_web);
    const userId = userIdFromClaims(claims) || (/^\d+$/.test(cookies.v_uid || "") ? Number(cookies.v_uid) : null);
    // An anonymous visitor also holds an access_token_web (§2.8): only a user id means signed in.
    const signedIn = Boolean(cookies.access_token_web && userId);
    const expiresAt = claims && Number.isFinite(claims.exp) ? Math.floor(claims.exp) : null;
    return { signedIn, cookies, userId, expiresAt };
  }

  function isoSeconds(date) {
    return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  function clientHints(uaData) {
    if (!uaData) return null;
    return {
      brands: (uaData.brands || []).map((b) => ({ brand: String(b.brand), version: String(b.version) })),
      platform: String(uaData.platform || ""),
      mobile: Boolean(uaData.mobile),
    };
  }

  /** The §11.7 export for a signed-in site. `page` holds what a Vinted tab told us (csrf, locale, UA). */
  function buildPayload({ site, session, page, browser, now }) {
    if (!session.signedIn) throw new Error("buildPayload needs a signed-in session");
    const info = page || {};
    const payload = {
      domain: site.domain,
      captured_at: isoSeconds(now || new Date()),
      vinted_user_id: session.userId,
      access_expires_at: session.expiresAt,
      cookies: { ...session.cookies },
      csrf_token: info.csrfToken || null,
      anon_id: session.cookies.anon_id || null,
      user_agent: info.userAgent || browser.userAgent,
      ua_client_hints: clientHints(info.uaData || browser.uaData),
      locale: normaliseLocale(info.locale) || normaliseLocale(localeFromCookies(session.cookies))
        || normaliseLocale(browser.language),
    };
    delete payload.cookies.refresh_token_web;  // belt and braces: exportableCookies already drops it
    // Stoflow's serializer takes an absent optional field, not a null one.
    for (const key of Object.keys(payload)) if (payload[key] === null || payload[key] === "") delete payload[key];
    return payload;
  }

  /** The export that tells Stoflow the seller signed out of this site. */
  function buildSignedOutPayload({ site, userId, now }) {
    return { domain: site.domain, captured_at: isoSeconds(now || new Date()), signed_out: true,
             vinted_user_id: userId || null };
  }

  /** "fr-FR" out of "fr-FR", "fr_FR" or an Accept-Language list such as "fr-FR,fr;q=0.9"; else null. */
  function normaliseLocale(raw) {
    const first = String(raw || "").split(/[,;]/)[0].trim();
    return /^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$/.test(first) ? first : null;
  }

  function localeFromCookies(cookies) {
    return cookies["anonymous-iso-locale"] || cookies.locale || null;
  }

  /** The site a page belongs to, from its URL. */
  function siteForUrl(sites, url) {
    let parsed;
    try { parsed = new URL(url); } catch { return null; }
    return sites.find((site) => {
      const base = new URL(site.base);
      return base.origin === parsed.origin && (parsed.pathname + "/").startsWith(base.pathname);
    }) || null;
  }

  /** A short label for people: "vinted.fr", or the sandbox's "127.0.0.1:8765/fr". */
  function siteLabel(site) {
    const base = new URL(site.base);
    if (base.pathname === "/") return base.hostname.replace(/^www\./, "");
    return base.host + base.pathname.replace(/\/$/, "");
  }

  return {
    CSRF_RE, NEVER_EXPORTED, WATCHED, findCsrfToken, csrfFromDocument, jwtClaims, userIdFromClaims,
    sitesForCookie, isWatched, exportableCookies, readSession, buildPayload, buildSignedOutPayload,
    siteForUrl, siteLabel, clientHints, normaliseLocale,
  };
});
