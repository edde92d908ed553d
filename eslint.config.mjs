import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["target/", "js/wasm/", "node_modules/"] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.node } },
    rules: { "no-unused-vars": ["error", { argsIgnorePattern: "^_" }] },
  },
  { files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs" } },
];
