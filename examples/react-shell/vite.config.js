import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// APPKEYS_PKG names another build's package to build against instead of the one installed from
// dist/pkg.
const pkg = process.env.APPKEYS_PKG;

export default defineConfig({
  plugins: [react()],
  resolve: pkg ? { alias: { "@console/appkeys": pkg } } : {},
  // The package's wasm module loads its .wasm from beside itself (new URL(…, import.meta.url)):
  // pre-bundling for `vite dev` would move the module away from it.
  optimizeDeps: { exclude: ["@console/appkeys"] },
  // The page's code comes in several .wasm files that load when first used; Vite would inline the
  // small ones as data: URLs, which a page's CSP (connect-src) rightly refuses. Keep them files.
  build: { assetsInlineLimit: (file) => (file.endsWith(".wasm") ? false : undefined) },
  server: {
    // The package is a link to dist/pkg, outside this directory.
    fs: { allow: [".", pkg ?? "../../dist/pkg"] },
    // `npm run dev` against `cargo run -p appkeys-server -- --demo`.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
