//! The npm-style package a console shell installs (`npm install ./dist/pkg`, or the tarball of
//! `npm pack dist/pkg`) or loads with a plain `<script type="module">`:
//! dist/pkg/{index.js, index.d.ts, package.json} from package/ (the entry: the mount API and the
//! `<appkeys-page>` element) and {appkeys.js, appkeys_bg.wasm, appkeys.d.ts, appkeys.css,
//! i18n/*.json} from the build. Trunk names its outputs with content hashes; the package uses the stable names that
//! the generated JS loads by default (`new URL('appkeys_bg.wasm', import.meta.url)`).

use crate::run::{copy_dir, root, Result};
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
    // The translations, fetched from beside index.js when a page shows their language.
    copy_dir(&dist.join("i18n"), &pkg.join("i18n"))?;
    // Written by hand (package/): the entry, its types and the manifest.
    for name in ["index.js", "index.d.ts", "package.json"] {
        let from = root().join("package").join(name);
        fs::copy(&from, pkg.join(name)).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    check_version(&pkg.join("package.json"))?;
    println!("wrote {}", pkg.display());
    Ok(())
}

/// The package's version is the crate's: package/package.json must say the same as Cargo.toml.
fn check_version(manifest: &Path) -> Result {
    let version_in = |path: &Path, prefix: &str| -> Result<String> {
        let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .map(|rest| rest.trim_matches(|c| " =:\",".contains(c)).to_string())
            .ok_or_else(|| format!("{}: no {prefix}", path.display()))
    };
    let crate_version = version_in(&root().join("Cargo.toml"), "version")?;
    let package_version = version_in(manifest, "\"version\"")?;
    if crate_version != package_version {
        return Err(format!(
            "package/package.json says version {package_version}, Cargo.toml {crate_version}"
        ));
    }
    Ok(())
}
