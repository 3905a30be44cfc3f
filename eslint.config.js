// ESLint (flat config) for our own JavaScript: the browser extension and the site's static files
// (static/ and each app's static/). Vendored libraries (static/vendor) and build output are not ours
// to lint. `make lint` and tests/test_lint_js.py run it; the suite expects no error and no warning.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  { ignores: ["node_modules/", "static/vendor/", "staticfiles/", "dist/", ".venv/", ".data/"] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: ["error", "smart"],
      // `const { dropped: _unused, ...kept } = x` is how a property is left out of a copy.
      "no-unused-vars": ["error", { ignoreRestSiblings: true }],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    // Classic scripts for the browser: the extension shares code through globals, not modules.
    files: ["extension/src/**/*.js", "static/**/*.js", "*/static/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // Chrome runs it as a service worker (importScripts); Firefox loads the libraries from the manifest.
    files: ["extension/src/background.js"],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    // The two pure libraries are also loaded by node's test runner (a UMD wrapper).
    files: ["extension/src/lib/capture.js", "extension/src/lib/sync.js"],
    languageOptions: { globals: { module: "readonly", require: "readonly" } },
  },
  {
    // Firefox gives content scripts `content`, the page's own window, for requests with the page's cookies.
    files: ["extension/src/content/*.js"],
    languageOptions: { globals: { content: "readonly" } },
  },
  {
    files: ["extension/tests/**/*.js", "eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
];
