/* Stand-ins for the browser's facilities, and a small HTTP server playing Stoflow's session API. */
const http = require("node:http");

function jwt(claims) {
  const encode = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.c2lnbmF0dXJl`;
}

/** chrome.cookies.getAll over a list of cookies, filtered like the browser does for a URL. */
function cookieJar(cookies) {
  const jar = { cookies: [...cookies] };
  jar.getAll = async ({ url }) => {
    const target = new URL(url);
    return jar.cookies.filter((c) => {
      const domain = c.domain.replace(/^\./, "");
      const hostOk = target.hostname === domain || (!c.hostOnly && target.hostname.endsWith("." + domain));
      const path = c.path || "/";
      return hostOk && (target.pathname === path || target.pathname.startsWith(path.replace(/\/?$/, "/")));
    });
  };
  return jar;
}

/** chrome.storage.local / .session: get(keys), set(obj), remove(keys), values copied like the browser. */
function storageArea(initial = {}) {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    data,
    async get(keys) {
      const names = keys === null || keys === undefined ? [...data.keys()] : [].concat(keys);
      const out = {};
      for (const name of names) if (data.has(name)) out[name] = structuredClone(data.get(name));
      return out;
    },
    async set(values) { for (const [k, v] of Object.entries(values)) data.set(k, structuredClone(v)); },
    async remove(keys) { for (const k of [].concat(keys)) data.delete(k); },
  };
}

/** Plays POST/GET /api/v1/vinted/session; `respond(req, body)` may override the answer. */
async function fakeStoflow({ token = "sfk_" + "t".repeat(40), respond } = {}) {
  const received = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => { raw += chunk; });
    req.on("end", () => {
      const body = raw ? JSON.parse(raw) : null;
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      const custom = respond && respond(req, body);
      const [status, answer] = custom || (req.headers.authorization !== `Token ${token}`
        ? [401, { detail: "Invalid or revoked API token." }]
        : req.method === "GET" ? [200, []]
          : body.signed_out ? [200, { disconnected: 1 }]
            : [201, { domain: body.domain, status: "connected", login: null, vinted_user_id: body.vinted_user_id }]);
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, token, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A Vinted site's refresh route; `onRefresh(req)` returns [status, body] and may rotate the jar. */
async function fakeVintedRefresh(onRefresh) {
  const received = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method, url: req.url, headers: req.headers });
    const [status, body] = onRefresh(req);
    res.writeHead(status, body ? { "Content-Type": "application/json" } : {});
    res.end(body ? JSON.stringify(body) : "");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

module.exports = { jwt, cookieJar, storageArea, fakeStoflow, fakeVintedRefresh };
