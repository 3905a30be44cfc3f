/* Background: wires browser events to lib/sync.js. Chrome runs it as a service worker (which sleeps
 * after ~30 s idle, so every state lives in chrome.storage); Firefox as an event page with the libs
 * listed before it in the manifest. */
if (typeof importScripts === "function") {
  importScripts("config.js", "lib/capture.js", "lib/sync.js");
}

const ext = globalThis.browser || globalThis.chrome;
const config = globalThis.STOFLOW_CONFIG;
const { StoflowCapture: capture, StoflowSync: sync } = globalThis;
const ALARM = "stoflow-sync";
const ALARM_MINUTES = 5;
const DEBOUNCE_MS = 2000;

function deps() {
  return {
    cookies: ext.cookies,
    local: ext.storage.local,
    // Session storage is memory only; older browsers without it fall back to local storage.
    session: ext.storage.session || ext.storage.local,
    fetch: (...args) => fetch(...args),
    config,
    browser: { userAgent: navigator.userAgent, uaData: navigator.userAgentData || null,
               language: navigator.language || null },
    now: () => new Date(),
  };
}

// One round at a time: a cookie burst, the alarm and "Sync now" must not interleave their writes.
let queue = Promise.resolve();
function runSync(options) {
  const next = queue.then(() => sync.syncAll(deps(), options));
  queue = next.catch(() => undefined);
  return next;
}

const syncChangedSites = sync.debounce((domains) => {
  const sites = config.sites.filter((site) => domains.has(site.domain));
  runSync({ sites });
}, DEBOUNCE_MS);

ext.cookies.onChanged.addListener(({ cookie }) => {
  if (!capture.isWatched(cookie)) return;
  for (const site of capture.sitesForCookie(config.sites, cookie)) syncChangedSites(site.domain);
});

function ensureAlarm() {
  ext.alarms.create(ALARM, { periodInMinutes: ALARM_MINUTES, delayInMinutes: ALARM_MINUTES });
}

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) runSync();
});

ext.runtime.onInstalled.addListener(() => { ensureAlarm(); runSync(); });
ext.runtime.onStartup.addListener(() => { ensureAlarm(); runSync(); });

// Only Stoflow's own "Connect the extension" page, on a Stoflow this build or its pairing trusts.
function isPairingPage(sender, stoflowOrigins) {
  if (!sender || !sender.url || (sender.id && sender.id !== ext.runtime.id)) return false;
  let url;
  try { url = new URL(sender.url); } catch { return false; }
  return stoflowOrigins.includes(url.origin) && url.pathname.startsWith("/vinted/extension/");
}

async function pairingOrigins() {
  const pairing = await sync.getPairing(deps());
  return [...config.stoflowUrls, ...(pairing ? [pairing.stoflowUrl] : [])];
}

function isExtensionPage(sender) {
  return sender && sender.id === ext.runtime.id && String(sender.url || "").startsWith(ext.runtime.getURL(""));
}

async function handle(message, sender) {
  switch (message && message.type) {
    case "vinted-page": {
      const site = capture.siteForUrl(config.sites, sender.url || "");
      if (!site || !sender.tab) return { ok: false };
      const info = { csrfToken: message.csrfToken || null, locale: message.locale || null,
                     userAgent: message.userAgent || null, uaData: message.uaData || null };
      if (message.user && message.user.id) Object.assign(info, { userId: message.user.id, login: message.user.login });
      const before = await sync.pageInfo(deps(), site.domain);
      await sync.rememberPage(deps(), site.domain, info);
      if (!before || before.csrfToken !== info.csrfToken || (info.login && !before.login)) {
        syncChangedSites(site.domain);
      }
      const known = (await sync.status(deps())).sites.find((s) => s.domain === site.domain);
      return { ok: true, needLogin: !info.login && !(before && before.login) && !(known && known.login) };
    }
    case "pair": {
      if (!isPairingPage(sender, await pairingOrigins()) && !isExtensionPage(sender)) {
        return { ok: false, error: "bad_origin" };
      }
      const stoflowUrl = isExtensionPage(sender) ? message.stoflowUrl : new URL(sender.url).origin;
      try {
        const paired = await sync.pair(deps(), { token: message.token, stoflowUrl, shopName: message.shopName });
        const result = await runSync({ force: true });
        return { ok: true, ...paired, sync: result, status: await sync.status(deps()) };
      } catch (error) {
        return { ok: false, error: error.code || "stoflow_error", detail: error.detail || "" };
      }
    }
    case "status": {
      if (!isExtensionPage(sender) && !isPairingPage(sender, await pairingOrigins())) return { ok: false };
      return { ok: true, status: await sync.status(deps()) };
    }
    case "sync-now": {
      if (!isExtensionPage(sender)) return { ok: false };
      const result = await runSync({ force: true });
      return { ok: result.ok, error: result.error, status: await sync.status(deps()) };
    }
    case "unpair": {
      if (!isExtensionPage(sender)) return { ok: false };
      await sync.unpair(deps());
      return { ok: true };
    }
    default:
      return { ok: false, error: "unknown_message" };
  }
}

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse({ ok: false, error: String(error) }));
  return true;  // the answer comes asynchronously
});
