//! The npm-style package a console shell installs (`npm install ./dist/pkg`, or the tarball of
//! `npm pack dist/pkg`) or loads with a plain `<script type="module">`: around what bundle.rs
//! built into dist/pkg (appkeys.js, appkeys_bg.wasm, appkeys.d.ts, the chunks and their loader),
//! the page's stylesheet, the translations and, from package/, the entry (the mount API and the
//! `<appkeys-page>` element), its types and the manifest.

use crate::run::{copy_dir, root, Result};
use std::fs;
use std::path::Path;

pub fn write(dist: &Path) -> Result {
    let pkg = dist.join("pkg");
    fs::copy(root().join("style/appkeys.css"), pkg.join("appkeys.css"))
        .map_err(|e| format!("style/appkeys.css: {e}"))?;
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
