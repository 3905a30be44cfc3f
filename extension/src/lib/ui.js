/* Shared by the popup and the options page: translated strings and dates. */
(function (root) {
  const ext = root.browser || root.chrome;

  function t(key, substitutions) {
    return ext.i18n.getMessage(key, substitutions) || key;
  }

  function translatePage(doc) {
    for (const element of doc.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
    doc.documentElement.lang = ext.i18n.getUILanguage();
  }

  function formatTime(value) {
    if (value === null || value === undefined) return t("never");
    const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
    return new Intl.DateTimeFormat(ext.i18n.getUILanguage(), { dateStyle: "short", timeStyle: "short" }).format(date);
  }

  function errorText(error) {
    if (!error) return "";
    const code = typeof error === "string" ? error : error.code;
    const text = t("err_" + code);
    const detail = typeof error === "object" && error.detail && code === "rejected" ? ` (${error.detail})` : "";
    return text === "err_" + code ? t("err_stoflow_error") : text + detail;
  }

  function send(message) {
    return ext.runtime.sendMessage(message);
  }

  root.StoflowUi = { ext, t, translatePage, formatTime, errorText, send };
})(globalThis);
