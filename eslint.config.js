// ESLint (flat config): typescript-eslint, React, the rules of hooks and jsx-a11y on every source
// file; Prettier owns the layout (.prettierrc.json), so no stylistic rule is enabled here.
// `npm run lint` runs it and `npm test` fails on any problem. A rule is switched off for a line
// only with `// eslint-disable-next-line <rule> -- <why>` (reportUnusedDisableDirectives keeps
// them honest).
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/",
      "node_modules/",
      ".data/",
      "test-results/",
      "playwright-report/",
      "public/build/",
      "content/",
      "vendor/",
      "coverage/",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  comments.recommended,
  {
    // every eslint-disable says why, after " -- "
    rules: { "@eslint-community/eslint-comments/require-description": ["error", { ignore: ["eslint-enable"] }] },
  },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "no-console": "off",
      // The patterns it flags strip or refuse control characters on purpose: redirect targets, file
      // names, tus metadata and JSON whitespace (\x09 \x0a \x0d) in the hot path.
      "no-control-regex": "off",
      // U+3000 (the ideographic space) belongs in Chinese text printed by the PDFs.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Declarations of the Digital Bazaar libraries, which ship no types: they take and return
    // JSON-LD documents of any shape.
    files: ["app/modules/credentials/vendor.d.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // hooks live in .ts files too (app/components/exam/use-exam-saver.ts)
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // These four state what code must be for the React Compiler, which this project does not use
      // (React 18.3, decision 012). What they flag here are the React 18 idioms the pages rely on: a
      // flag set in an effect after hydration (the no-JavaScript form first, then the enhanced one),
      // state restored from sessionStorage/localStorage in an effect, the "latest callback" ref
      // assigned during render, and Date.now() as a ref's first value.
      "react-hooks/set-state-in-effect": "off",
      "react-hooks/refs": "off",
      "react-hooks/immutability": "off",
      "react-hooks/purity": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    ...react.configs.flat.recommended,
    ...react.configs.flat["jsx-runtime"],
    plugins: { react, "jsx-a11y": jsxA11y },
    settings: { react: { version: "18.3" } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat["jsx-runtime"].rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // TypeScript checks props; propTypes would repeat them.
      "react/prop-types": "off",
      // A wide table scrolls inside a focusable region so keyboard users can scroll it (WCAG 2.1.1).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
);
