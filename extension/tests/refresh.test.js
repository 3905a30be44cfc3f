const test = require("node:test");
const assert = require("node:assert/strict");
const sync = require("../src/lib/sync.js");
const { jwt, cookieJar, storageArea, fakeStoflow, fakeVintedRefresh } = require("./helpers.js");

const NOW = new Date("2026-03-01T10:15:00Z");
const NOW_S = NOW.getTime() / 1000;
const CSRF = "3f2b8c1e-7d4a-4b9e-8c21-5e6f7a8b9c0d";

function jarFor(host, accessExp) {
  const at = (name, value, extra = {}) => ({ name, value, domain: host, path: "/fr/", hostOnly: true, ...extra });
  return cookieJar([
    at("access_token_web", jwt({ account_id: 5, exp: accessExp })), at("refresh_token_web", "refresh-1"),
    at("anon_id", "anon-5"), at("datadome", "dd-5"),
  ]);
}

async function setUp(t, { accessExp, onRefresh }) {
  const stoflow = await fakeStoflow();
  t.after(stoflow.close);
  let jar = null;
  const vinted = await fakeVintedRefresh((req) => onRefresh(req, jar));
  t.after(vinted.close);
  jar = jarFor("127.0.0.1", accessExp);
  const site = { domain: `${vinted.origin}/fr`, base: `${vinted.origin}/fr/` };
  let clock = NOW;
  const deps = { cookies: jar, local: storageArea(), session: storageArea(), fetch, config: { sites: [site] },
                 browser: { userAgent: "UA" }, now: () => clock };
  await sync.pair(deps, { token: stoflow.token, stoflowUrl: stoflow.url, shopName: "S" });
  await sync.rememberPage(deps, site.domain, { csrfToken: CSRF });
  return { deps, jar, vinted, stoflow, site, tick: (ms) => { clock = new Date(clock.getTime() + ms); } };
}

function rotate(jar) {
  // What the browser does with the answer's Set-Cookie headers.
  jar.cookies = jar.cookies.map((c) => (c.name === "access_token_web"
    ? { ...c, value: jwt({ account_id: 5, exp: NOW_S + 7200 }) }
    : c.name === "refresh_token_web" ? { ...c, value: "refresh-2" } : c));
  return [200, { access_token: "a", refresh_token: "r", code: 0 }];
}

test("test_sync_with_token_near_expiry_refreshes_in_browser_then_exports_new_token", async (t) => {
  const { deps, vinted, stoflow } = await setUp(t, { accessExp: NOW_S + 600, onRefresh: (req, jar) => rotate(jar) });
  const result = await sync.syncAll(deps);
  assert.equal(result.ok, true);
  assert.equal(vinted.received.length, 1);
  assert.equal(vinted.received[0].method, "POST");
  assert.equal(vinted.received[0].url, "/fr/web/api/auth/refresh");
  assert.equal(vinted.received[0].headers["x-csrf-token"], CSRF);
  const sent = stoflow.received.find((r) => r.method === "POST").body;
  assert.equal(sent.access_expires_at, NOW_S + 7200, "the export carries the refreshed token");
  assert.ok(!JSON.stringify(stoflow.received).includes("refresh-2"), "the rotated refresh token stays in the browser");
});

test("test_sync_with_token_far_from_expiry_does_not_refresh", async (t) => {
  const { deps, vinted } = await setUp(t, { accessExp: NOW_S + 3600, onRefresh: (req, jar) => rotate(jar) });
  await sync.syncAll(deps);
  assert.equal(vinted.received.length, 0);
});

test("test_refresh_is_tried_at_most_every_five_minutes_per_site", async (t) => {
  const { deps, vinted, tick } = await setUp(t, { accessExp: NOW_S + 600, onRefresh: () => [500, null] });
  await sync.syncAll(deps);
  tick(60 * 1000);
  await sync.syncAll(deps);
  assert.equal(vinted.received.length, 1);
  tick(5 * 60 * 1000);
  await sync.syncAll(deps);
  assert.equal(vinted.received.length, 2);
});

test("test_dead_refresh_chain_still_exports_and_asks_to_sign_in_again", async (t) => {
  const { deps, stoflow, tick } = await setUp(t, { accessExp: NOW_S + 600, onRefresh: () => [400, null] });
  const result = await sync.syncAll(deps);
  assert.equal(result.error, "vinted_session_dead");
  assert.equal(stoflow.received.filter((r) => r.method === "POST").length, 1, "the still-valid token is sent");
  assert.equal((await sync.status(deps)).lastError.code, "vinted_session_dead");
  tick(60 * 1000);
  await sync.syncAll(deps, { force: true });
  assert.equal((await sync.status(deps)).lastError.code, "vinted_session_dead", "still reported between tries");
});
