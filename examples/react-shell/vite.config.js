import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `cargo xtask e2e` tests a debug build of the page: APPKEYS_PKG then names the package to build
// against instead of the one installed from dist/pkg.
const pkg = process.env.APPKEYS_PKG;

export default defineConfig({
  plugins: [react()],
  resolve: pkg ? { alias: { "@console/appkeys": pkg } } : {},
  // The package's wasm module loads its .wasm from beside itself (new URL(…, import.meta.url)):
  // pre-bundling for `vite dev` would move the module away from it.
  optimizeDeps: { exclude: ["@console/appkeys"] },
  server: {
    // The package is a link to dist/pkg, outside this directory.
    fs: { allow: [".", pkg ?? "../../dist/pkg"] },
    // `npm run dev` against `cargo run -p appkeys-server -- --demo`.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
