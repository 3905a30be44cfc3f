const test = require("node:test");
const assert = require("node:assert/strict");
const capture = require("../src/lib/capture.js");
const { jwt, cookieJar } = require("./helpers.js");

const FR = { domain: "www.vinted.fr", base: "https://www.vinted.fr/" };
const UK = { domain: "www.vinted.co.uk", base: "https://www.vinted.co.uk/" };
const SANDBOX_FR = { domain: "http://127.0.0.1:8765/fr", base: "http://127.0.0.1:8765/fr/" };
const SANDBOX_PL = { domain: "http://127.0.0.1:8765/pl", base: "http://127.0.0.1:8765/pl/" };
const CSRF = "3f2b8c1e-7d4a-4b9e-8c21-5e6f7a8b9c0d";

function cookie(name, value, extra = {}) {
  return { name, value, domain: ".vinted.fr", path: "/", hostOnly: false, httpOnly: true, ...extra };
}

test("test_find_csrf_token_in_escaped_next_payload_returns_uuid", () => {
  const script = `self.__next_f.push([1,"{\\"CSRF_TOKEN\\":\\"${CSRF}\\",\\"x\\":1}"])`;
  assert.equal(capture.findCsrfToken(script), CSRF);
});

test("test_find_csrf_token_unescaped_with_spaces_and_upper_case_returns_lower_case", () => {
  assert.equal(capture.findCsrfToken(`{"csrf_token" : "${CSRF.toUpperCase()}"}`), CSRF);
});

test("test_find_csrf_token_when_value_is_not_a_uuid_returns_null", () => {
  assert.equal(capture.findCsrfToken('\\"CSRF_TOKEN\\":\\"eyJhbGciOi.access.token\\"'), null);
  assert.equal(capture.findCsrfToken(""), null);
});

test("test_csrf_from_document_reads_inline_scripts_then_meta_tag", () => {
  const scripts = [{ textContent: "var a = 1;" }, { textContent: `self.__next_f.push([1,"\\"CSRF_TOKEN\\":\\"${CSRF}\\""])` }];
  const doc = { querySelectorAll: () => scripts, querySelector: () => null };
  assert.equal(capture.csrfFromDocument(doc), CSRF);
  const metaOnly = { querySelectorAll: () => [], querySelector: () => ({ getAttribute: () => CSRF }) };
  assert.equal(capture.csrfFromDocument(metaOnly), CSRF);
  const badMeta = { querySelectorAll: () => [], querySelector: () => ({ getAttribute: () => "not-a-token" }) };
  assert.equal(capture.csrfFromDocument(badMeta), null);
});

test("test_jwt_claims_of_garbage_returns_null", () => {
  assert.equal(capture.jwtClaims("abc"), null);
  assert.equal(capture.jwtClaims("a.!!!.c"), null);
  assert.equal(capture.jwtClaims(undefined), null);
  assert.deepEqual(capture.jwtClaims(jwt({ exp: 10, account_id: 7 })), { exp: 10, account_id: 7 });
});

test("test_user_id_prefers_account_id_then_sub_then_user_id", () => {
  assert.equal(capture.userIdFromClaims({ account_id: 5, sub: "6", user_id: 7 }), 5);
  assert.equal(capture.userIdFromClaims({ sub: "6", user_id: 7 }), 6);
  assert.equal(capture.userIdFromClaims({ user_id: 7 }), 7);
  assert.equal(capture.userIdFromClaims({ sub: "anon-xyz" }), null);
  assert.equal(capture.userIdFromClaims(null), null);
});

test("test_sites_for_cookie_matches_parent_domain_and_sandbox_path", () => {
  const sites = [FR, UK, SANDBOX_FR, SANDBOX_PL];
  assert.deepEqual(capture.sitesForCookie(sites, cookie("datadome", "d")), [FR]);
  assert.deepEqual(capture.sitesForCookie(sites, cookie("x", "1", { domain: "www.vinted.co.uk", hostOnly: true })), [UK]);
  const sandboxCookie = { name: "access_token_web", domain: "127.0.0.1", path: "/fr/", hostOnly: true };
  assert.deepEqual(capture.sitesForCookie(sites, sandboxCookie), [SANDBOX_FR]);
  assert.deepEqual(capture.sitesForCookie(sites, { ...sandboxCookie, path: "/fr" }), [SANDBOX_FR]);
  assert.deepEqual(capture.sitesForCookie(sites, { ...sandboxCookie, domain: "evil-vinted.fr" }), []);
});

test("test_is_watched_only_for_session_cookies", () => {
  assert.ok(capture.isWatched({ name: "access_token_web" }));
  assert.ok(capture.isWatched({ name: "datadome" }));
  assert.ok(capture.isWatched({ name: "anon_id" }));
  assert.ok(!capture.isWatched({ name: "refresh_token_web" }));
  assert.ok(!capture.isWatched({ name: "v_udt" }));
});

test("test_read_session_signed_in_exports_every_cookie_but_refresh_token", async () => {
  const access = jwt({ account_id: 123456, exp: 1772367300, purpose: "access" });
  const jar = cookieJar([
    cookie("access_token_web", access), cookie("refresh_token_web", "refresh-secret"),
    cookie("anon_id", "anon-1", { httpOnly: false }), cookie("datadome", "dd-1", { httpOnly: false }),
    cookie("v_uid", "123456"), cookie("_vinted_fr_session", "legacy"),
    cookie("access_token_web", "other-site", { domain: ".vinted.co.uk" }),
  ]);
  const session = await capture.readSession(jar, FR);
  assert.equal(session.signedIn, true);
  assert.equal(session.userId, 123456);
  assert.equal(session.expiresAt, 1772367300);
  assert.deepEqual(session.cookies, { access_token_web: access, anon_id: "anon-1", datadome: "dd-1", v_uid: "123456",
                                      _vinted_fr_session: "legacy" });
});

test("test_read_session_without_access_token_is_signed_out", async () => {
  const jar = cookieJar([cookie("anon_id", "anon-1"), cookie("refresh_token_web", "r")]);
  const session = await capture.readSession(jar, FR);
  assert.equal(session.signedIn, false);
  assert.ok(!("refresh_token_web" in session.cookies));
});

test("test_read_session_with_anonymous_access_token_is_signed_out", async () => {
  const jar = cookieJar([cookie("access_token_web", jwt({ exp: 1, purpose: "access", anid: "a" })), cookie("anon_id", "a")]);
  assert.equal((await capture.readSession(jar, FR)).signedIn, false);
});

test("test_read_session_prefers_the_more_specific_path_on_name_clash", async () => {
  const jar = cookieJar([
    { name: "datadome", value: "root", domain: "127.0.0.1", path: "/", hostOnly: true },
    { name: "datadome", value: "site", domain: "127.0.0.1", path: "/fr/", hostOnly: true },
    { name: "access_token_web", value: jwt({ sub: "9", exp: 5 }), domain: "127.0.0.1", path: "/fr/", hostOnly: true },
    { name: "access_token_web", value: jwt({ sub: "10", exp: 5 }), domain: "127.0.0.1", path: "/pl/", hostOnly: true },
  ]);
  const session = await capture.readSession(jar, SANDBOX_FR);
  assert.equal(session.cookies.datadome, "site");
  assert.equal(session.userId, 9);
});

test("test_build_payload_has_the_export_shape", () => {
  const session = { signedIn: true, userId: 123456, expiresAt: 1772367300,
                    cookies: { access_token_web: "a", datadome: "d", anon_id: "n", v_uid: "123456" } };
  const page = { csrfToken: CSRF, locale: "fr-FR", userAgent: "Mozilla/5.0 page",
                 uaData: { brands: [{ brand: "Chromium", version: "156" }], platform: "Linux", mobile: false } };
  const payload = capture.buildPayload({ site: FR, session, page, browser: { userAgent: "worker UA" },
                                         now: new Date("2026-03-01T10:15:00.456Z") });
  assert.deepEqual(payload, {
    domain: "www.vinted.fr", captured_at: "2026-03-01T10:15:00Z", vinted_user_id: 123456,
    access_expires_at: 1772367300, cookies: session.cookies, csrf_token: CSRF, anon_id: "n",
    user_agent: "Mozilla/5.0 page",
    ua_client_hints: { brands: [{ brand: "Chromium", version: "156" }], platform: "Linux", mobile: false },
    locale: "fr-FR",
  });
  assert.notEqual(payload.cookies, session.cookies, "the payload owns a copy");
});

test("test_build_payload_without_page_falls_back_to_browser_and_cookie_locale", () => {
  const session = { signedIn: true, userId: 1, expiresAt: null,
                    cookies: { access_token_web: "a", "anonymous-iso-locale": "en-GB", refresh_token_web: "x" } };
  const payload = capture.buildPayload({ site: UK, session, page: null, browser: { userAgent: "UA", uaData: null } });
  assert.ok(!("csrf_token" in payload) && !("ua_client_hints" in payload) && !("access_expires_at" in payload),
            "absent, never null");
  assert.equal(payload.user_agent, "UA");
  assert.equal(payload.locale, "en-GB");
  assert.ok(!("refresh_token_web" in payload.cookies));
  assert.match(payload.captured_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test("test_build_payload_for_signed_out_session_throws", () => {
  assert.throws(() => capture.buildPayload({ site: FR, session: { signedIn: false, cookies: {} }, browser: {} }));
});

test("test_build_signed_out_payload_names_domain_and_last_user", () => {
  assert.deepEqual(capture.buildSignedOutPayload({ site: FR, userId: 42, now: new Date("2026-03-01T10:15:00Z") }),
                   { domain: "www.vinted.fr", captured_at: "2026-03-01T10:15:00Z", signed_out: true, vinted_user_id: 42 });
});

test("test_site_for_url_and_label", () => {
  const sites = [FR, SANDBOX_FR, SANDBOX_PL];
  assert.equal(capture.siteForUrl(sites, "https://www.vinted.fr/items/new"), FR);
  assert.equal(capture.siteForUrl(sites, "http://127.0.0.1:8765/pl/member/login"), SANDBOX_PL);
  assert.equal(capture.siteForUrl(sites, "http://127.0.0.1:8765/fr"), SANDBOX_FR);
  assert.equal(capture.siteForUrl(sites, "http://127.0.0.1:8765/frx/"), null);
  assert.equal(capture.siteForUrl(sites, "https://www.vinted.fr.evil.com/"), null);
  assert.equal(capture.siteForUrl(sites, "not a url"), null);
  assert.equal(capture.siteLabel(FR), "vinted.fr");
  assert.equal(capture.siteLabel(SANDBOX_FR), "127.0.0.1:8765/fr");
});

test("test_normalise_locale_takes_first_tag_or_nothing", () => {
  assert.equal(capture.normaliseLocale("fr-FR,fr;q=0.9,en;q=0.8"), "fr-FR");
  assert.equal(capture.normaliseLocale("en_GB"), "en_GB");
  assert.equal(capture.normaliseLocale("pl"), "pl");
  assert.equal(capture.normaliseLocale("<script>"), null);
  assert.equal(capture.normaliseLocale(undefined), null);
});
