const test = require("node:test");
const assert = require("node:assert/strict");
const sync = require("../src/lib/sync.js");
const { jwt, cookieJar, storageArea, fakeStoflow } = require("./helpers.js");

const FR = { domain: "www.vinted.fr", base: "https://www.vinted.fr/" };
const PL = { domain: "www.vinted.pl", base: "https://www.vinted.pl/" };
const CSRF = "3f2b8c1e-7d4a-4b9e-8c21-5e6f7a8b9c0d";
const ACCESS = jwt({ account_id: 777, exp: 1772367300 });

function signedInJar() {
  return cookieJar([
    { name: "access_token_web", value: ACCESS, domain: ".vinted.fr", path: "/", httpOnly: true },
    { name: "refresh_token_web", value: "refresh-never-leaves", domain: ".vinted.fr", path: "/", httpOnly: true },
    { name: "anon_id", value: "anon-9", domain: ".vinted.fr", path: "/" },
    { name: "datadome", value: "dd-9", domain: ".vinted.fr", path: "/" },
  ]);
}

function makeDeps(server, jar, extra = {}) {
  return {
    cookies: jar, local: storageArea(), session: storageArea(), fetch, config: { sites: [FR, PL] },
    browser: { userAgent: "Mozilla/5.0 test", uaData: null, language: "fr-FR" },
    now: () => new Date("2026-03-01T10:15:00Z"), ...extra,
  };
}

async function paired(server, jar) {
  const deps = makeDeps(server, jar);
  await sync.pair(deps, { token: server.token, stoflowUrl: server.url + "/some/page?x=1", shopName: "Friperie Nova" });
  return deps;
}

test("test_pair_with_valid_token_stores_origin_and_shop", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = await paired(server, signedInJar());
  const { pairing } = await deps.local.get("pairing");
  assert.equal(pairing.stoflowUrl, server.url);
  assert.equal(pairing.shopName, "Friperie Nova");
  assert.equal(server.received[0].method, "GET");
  assert.equal(server.received[0].headers.authorization, `Token ${server.token}`);
  const status = await sync.status(deps);
  assert.ok(status.paired);
  assert.ok(!JSON.stringify(status).includes(server.token), "status never carries the token");
  await sync.syncAll(deps);
  const site = (await sync.status(deps)).sites[0];
  assert.deepEqual(Object.keys(site).sort(),
                   ["dead", "domain", "error", "expiresAt", "label", "lastSyncAt", "login", "status", "userId"]);
});

test("test_pair_with_revoked_token_keeps_nothing", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = makeDeps(server, signedInJar());
  await assert.rejects(sync.pair(deps, { token: "sfk_" + "x".repeat(40), stoflowUrl: server.url }),
                       (error) => error.code === "token_revoked");
  assert.deepEqual(await deps.local.get("pairing"), {});
});

test("test_pair_with_bad_url_or_token_is_refused_before_any_request", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = makeDeps(server, signedInJar());
  await assert.rejects(sync.pair(deps, { token: server.token, stoflowUrl: "javascript:alert(1)" }), { code: "bad_url" });
  await assert.rejects(sync.pair(deps, { token: "short", stoflowUrl: server.url }), { code: "bad_token" });
  await assert.rejects(sync.pair(deps, { token: server.token, stoflowUrl: "https://user:pw@x.test" }), { code: "bad_url" });
  assert.equal(server.received.length, 0);
});

test("test_sync_all_signed_in_posts_the_session_without_refresh_token", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = await paired(server, signedInJar());
  await sync.rememberPage(deps, FR.domain, { csrfToken: CSRF, locale: "fr-FR", userAgent: "Page UA", userId: 777, login: "mila" });
  const result = await sync.syncAll(deps);
  assert.deepEqual(result, { ok: true, error: null, results: { [FR.domain]: "sent", [PL.domain]: "idle" } });
  const post = server.received.find((r) => r.method === "POST");
  assert.equal(post.url, "/api/v1/vinted/session");
  assert.equal(post.headers.authorization, `Token ${server.token}`);
  assert.equal(post.headers["content-type"], "application/json");
  assert.equal(post.body.domain, "www.vinted.fr");
  assert.equal(post.body.vinted_user_id, 777);
  assert.equal(post.body.csrf_token, CSRF);
  assert.equal(post.body.user_agent, "Page UA");
  assert.deepEqual(post.body.cookies, { access_token_web: ACCESS, anon_id: "anon-9", datadome: "dd-9" });
  assert.ok(!JSON.stringify(server.received).includes("refresh-never-leaves"));
  const status = await sync.status(deps);
  assert.equal(status.lastError, null);
  assert.deepEqual(status.sites.map((s) => [s.domain, s.status, s.login, s.expiresAt]),
                   [["www.vinted.fr", "connected", "mila", 1772367300]]);
  assert.ok(!JSON.stringify(await deps.local.get(null)).includes(ACCESS), "cookies are never stored");
});

test("test_sync_all_after_logout_sends_signed_out_once", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const jar = signedInJar();
  const deps = await paired(server, jar);
  await sync.syncAll(deps);
  jar.cookies = jar.cookies.filter((c) => c.name !== "access_token_web");
  const result = await sync.syncAll(deps);
  assert.equal(result.results[FR.domain], "signed_out");
  assert.equal(result.error, "not_logged_in");
  const last = server.received.at(-1);
  assert.deepEqual(last.body, { domain: "www.vinted.fr", captured_at: "2026-03-01T10:15:00Z", signed_out: true,
                                vinted_user_id: 777 });
  const again = await sync.syncAll(deps);
  assert.equal(again.results[FR.domain], "idle");
  assert.equal(server.received.filter((r) => r.body && r.body.signed_out).length, 1);
  assert.equal((await sync.status(deps)).lastError.code, "not_logged_in");
});

test("test_sync_all_never_signed_in_reports_not_logged_in_without_posting", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = await paired(server, cookieJar([]));
  const result = await sync.syncAll(deps);
  assert.equal(result.error, "not_logged_in");
  assert.equal(server.received.filter((r) => r.method === "POST").length, 0);
});

test("test_sync_all_with_revoked_token_reports_token_revoked", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = await paired(server, signedInJar());
  const { pairing } = await deps.local.get("pairing");
  await deps.local.set({ pairing: { ...pairing, token: "sfk_" + "r".repeat(40) } });
  const result = await sync.syncAll(deps);
  assert.equal(result.error, "token_revoked");
  assert.equal((await sync.status(deps)).lastError.code, "token_revoked");
});

test("test_sync_all_with_stoflow_down_reports_unreachable", async () => {
  const server = await fakeStoflow();
  const deps = await paired(server, signedInJar());
  await server.close();
  const result = await sync.syncAll(deps);
  assert.equal(result.error, "stoflow_unreachable");
});

test("test_sync_all_rejected_site_names_the_field_and_continues", async (t) => {
  const server = await fakeStoflow({
    respond: (req, body) => (req.method === "POST" && body.domain === "www.vinted.fr"
      ? [400, { domain: ["This is not a Vinted site Stoflow supports."] }] : null),
  });
  t.after(server.close);
  const jar = signedInJar();
  jar.cookies.push({ name: "access_token_web", value: jwt({ sub: "55", exp: 9 }), domain: ".vinted.pl", path: "/" });
  const deps = await paired(server, jar);
  const result = await sync.syncAll(deps);
  assert.deepEqual(result.results, { [FR.domain]: "rejected", [PL.domain]: "sent" });
  assert.equal(result.error, "rejected");
  const status = await sync.status(deps);
  assert.equal(status.lastError.detail, "domain: This is not a Vinted site Stoflow supports.");
  assert.equal(status.sites.find((s) => s.domain === PL.domain).status, "connected");
});

test("test_sync_all_server_error_is_stoflow_error", async (t) => {
  const server = await fakeStoflow({ respond: (req) => (req.method === "POST" ? [503, {}] : null) });
  t.after(server.close);
  const deps = await paired(server, signedInJar());
  assert.equal((await sync.syncAll(deps)).error, "stoflow_error");
});

test("test_sync_all_unpaired_is_not_paired", async () => {
  const deps = makeDeps(null, signedInJar());
  assert.equal((await sync.syncAll(deps)).error, "not_paired");
});

test("test_unpair_forgets_token_and_sites", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const deps = await paired(server, signedInJar());
  await sync.syncAll(deps);
  await sync.unpair(deps);
  const status = await sync.status(deps);
  assert.equal(status.paired, false);
  assert.deepEqual(status.sites, []);
});

test("test_debounce_collapses_a_burst_into_one_call_with_every_key", () => {
  const timers = [];
  const clock = { set: (fn) => { timers.push(fn); return timers.length; }, clear: (id) => { timers[id - 1] = null; } };
  const calls = [];
  const debounced = sync.debounce((keys) => calls.push([...keys].sort()), 2000, clock);
  debounced("www.vinted.fr");
  debounced("www.vinted.pl");
  debounced("www.vinted.fr");
  timers.filter(Boolean).forEach((fn) => fn());
  assert.deepEqual(calls, [["www.vinted.fr", "www.vinted.pl"]]);
});

test("test_debounce_waits_for_quiet_period_in_real_time", async () => {
  const calls = [];
  const debounced = sync.debounce((keys) => calls.push(keys.size), 50);
  debounced("a");
  await new Promise((resolve) => setTimeout(resolve, 20));
  debounced("b");
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(calls.length, 0, "still inside the quiet period");
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(calls, [2]);
});

test("test_debounce_default_clock_calls_timers_unbound_like_browsers_require", async () => {
  const realSet = globalThis.setTimeout;
  const calls = [];
  globalThis.setTimeout = function strictSetTimeout(fn, ms) {
    if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
    return realSet(fn, ms);
  };
  try {
    const debounced = sync.debounce((keys) => calls.push([...keys]), 5);
    debounced("www.vinted.fr");
    debounced("www.vinted.fr");
  } finally {
    globalThis.setTimeout = realSet;
  }
  await new Promise((resolve) => realSet(resolve, 30));
  assert.deepEqual(calls, [["www.vinted.fr"]]);
});

test("test_sync_all_unchanged_session_is_not_resent_until_heartbeat_or_forced", async (t) => {
  const server = await fakeStoflow();
  t.after(server.close);
  const jar = signedInJar();
  let clock = new Date("2026-03-01T10:15:00Z");
  const deps = { ...makeDeps(server, jar), now: () => clock };
  await sync.pair(deps, { token: server.token, stoflowUrl: server.url });
  const posts = () => server.received.filter((r) => r.method === "POST").length;
  await sync.syncAll(deps);
  clock = new Date(clock.getTime() + 5 * 60 * 1000);
  assert.equal((await sync.syncAll(deps)).results[FR.domain], "unchanged");
  assert.equal(posts(), 1);
  jar.cookies = jar.cookies.map((c) => (c.name === "datadome" ? { ...c, value: "dd-new" } : c));
  assert.equal((await sync.syncAll(deps)).results[FR.domain], "sent", "a changed cookie goes out");
  assert.equal((await sync.syncAll(deps, { force: true })).results[FR.domain], "sent", "Sync now always sends");
  clock = new Date(clock.getTime() + 31 * 60 * 1000);
  assert.equal((await sync.syncAll(deps)).results[FR.domain], "sent", "heartbeat");
  assert.equal(posts(), 4);
  const stored = JSON.stringify(await deps.local.get(null));
  assert.ok(!stored.includes("dd-new") && !stored.includes(ACCESS), "only a digest is stored");
});
