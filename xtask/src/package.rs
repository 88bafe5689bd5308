//! The npm-style package a console shell loads with a plain `<script type="module">`:
//! dist/pkg/{appkeys.js, appkeys_bg.wasm, appkeys.d.ts, appkeys.css, package.json}.
//! Trunk names its outputs with content hashes; the package uses the stable names that the
//! generated JS loads by default (`new URL('appkeys_bg.wasm', import.meta.url)`).

use crate::run::Result;
use std::fs;
use std::path::Path;

pub fn write(dist: &Path) -> Result {
    let pkg = dist.join("pkg");
    fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    let entries: Vec<String> = fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    let find = |prefix: &str, suffix: &str| {
        entries
            .iter()
            .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
            .ok_or_else(|| format!("no {prefix}*{suffix} in {}", dist.display()))
    };
    let wasm = find("appkeys-", "_bg.wasm")?;
    let js = find("appkeys-", ".js")?;
    let dts = find("appkeys-", ".d.ts")?;
    let css = find("appkeys-", ".css")?;
    for (from, to) in [
        (wasm, "appkeys_bg.wasm"),
        (js, "appkeys.js"),
        (dts, "appkeys.d.ts"),
        (css, "appkeys.css"),
    ] {
        fs::copy(dist.join(from), pkg.join(to)).map_err(|e| format!("{from}: {e}"))?;
    }
    let manifest = r#"{
  "name": "@console/appkeys",
  "version": "0.1.0",
  "description": "The Application keys page, to mount into a console shell",
  "type": "module",
  "main": "appkeys.js",
  "types": "appkeys.d.ts",
  "files": ["appkeys.js", "appkeys_bg.wasm", "appkeys.d.ts", "appkeys.css"],
  "sideEffects": false
}
"#;
    fs::write(pkg.join("package.json"), manifest).map_err(|e| e.to_string())?;
    println!("wrote {}", pkg.display());
    Ok(())
}
