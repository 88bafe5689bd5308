//! The release bundle, built here rather than by Trunk: the wasm is split into a first module
//! and chunks that load when first used (`#[wasm_split]` boundaries in src/lazy.rs), a step
//! between the link and wasm-bindgen that Trunk 0.21 cannot host (trunk-rs/trunk#1022). The
//! pipeline is cargo-leptos's, with the versions tools.rs pins:
//!
//! 1. `cargo build --release` by a pinned nightly with the standard library ([`SIZE_FLAGS`]),
//!    relocations kept (`--emit-relocs`) and `--cfg appkeys_split`;
//! 2. `wasm_split_cli_support` cuts the linked module into the first module and the chunks, and
//!    writes their loader (`__wasm_split.js`);
//! 3. wasm-bindgen on the first module (keeping the exports the chunks link against);
//! 4. wasm-opt on every module, the first without wasm-streams' stream classes (see
//!    [`UNCALLED_EXPORTS`]);
//! 5. esbuild (xtask/js) minifies the first module's JS and the chunks' loader.
//! 6. the first module's JS imports get short names, in the wasm and its JS (short_imports.rs).
//!
//! dist/index.html is index.html with its stylesheets inline and Trunk's `rust` link replaced by
//! the start of dist/pkg/appkeys.js; dist/pkg is also the package hosts install, so the
//! standalone page, the mount API, `<appkeys-page>` and the React host load the same files.

use crate::package;
use crate::run::{cmd, copy_dir, root, run, Result};
use crate::short_imports;
use crate::tools;
use std::fs;
use std::path::{Path, PathBuf};

/// What the first module's JS is called; the chunk loader imports it by this name.
const MAIN_JS: &str = "appkeys.js";
/// The first module, as wasm-bindgen names it after `--out-name appkeys`.
const MAIN_WASM: &str = "appkeys_bg.wasm";
/// The module the first module's JS imports come from, in wasm-bindgen's glue.
const GLUE_MODULE: &str = "./appkeys_bg.js";
/// The chunks' loader, imported by the first module and beside it.
const LINK_JS: &str = "__wasm_split.js";
/// One line per lazy view: its name, then the chunk files (without `.wasm`) it loads.
pub const CHUNK_MAP: &str = "target/split/chunks.txt";

pub fn release(dist: &Path) -> Result {
    let linked = cargo_build()?;
    let _ = fs::remove_dir_all(dist);
    let pkg = dist.join("pkg");
    fs::create_dir_all(&pkg).map_err(|e| format!("{}: {e}", pkg.display()))?;
    let first = split(&linked, &pkg)?;
    bindgen(&first, &pkg)?;
    drop_uncalled_classes(&pkg.join(MAIN_JS))?;
    drop_uncalled_types(&pkg.join("appkeys.d.ts"))?;
    optimize(&pkg)?;
    for js in [MAIN_JS, LINK_JS] {
        minify(&pkg.join(js))?;
    }
    short_imports::shorten(&pkg.join(MAIN_WASM), &pkg.join(MAIN_JS), GLUE_MODULE)?;
    page(dist)?;
    package::write(dist)
}

/// The linked module, relocations kept so that it can be cut apart. Built by the pinned nightly
/// with the standard library compiled alongside (so at opt-level "z", and cut apart with the
/// rest) and [`SIZE_FLAGS`].
fn cargo_build() -> Result<PathBuf> {
    let mut flags = vec![
        "-Clink-args=--emit-relocs".to_string(),
        "--cfg".into(),
        "appkeys_split".into(),
    ];
    flags.extend(SIZE_FLAGS.iter().map(|flag| flag.to_string()));
    let quoted: Vec<String> = flags.iter().map(|flag| format!("{flag:?}")).collect();
    let rustflags = format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        quoted.join(", ")
    );
    // `--config` adds to .cargo/config.toml's rustflags (RUSTFLAGS would replace them).
    run(cmd(
        "cargo",
        &[
            &format!("+{}", tools::RELEASE_TOOLCHAIN),
            "build",
            "-Zbuild-std=std,panic_abort",
            "--release",
            "--package",
            "appkeys",
            "--bin",
            "appkeys",
            "--target",
            "wasm32-unknown-unknown",
            "--config",
            &rustflags,
        ],
    ))?;
    Ok(root().join("target/wasm32-unknown-unknown/release/appkeys.wasm"))
}

/// Unstable flags, each worth its bytes in the first load (docs/performance.md has the figures):
/// a panic is a trap, with no message formatted (the dev build keeps lib.rs's panic hook), no
/// source locations, and `{:?}` writes nothing (the page shows no Debug output).
const SIZE_FLAGS: &[&str] = &[
    "-Zunstable-options",
    "-Cpanic=immediate-abort",
    "-Zlocation-detail=none",
    "-Zfmt-debug=none",
];

/// Cuts `linked` apart: the chunks and their loader go into `pkg`, the first module (still to
/// go through wasm-bindgen) is returned.
fn split(linked: &Path, pkg: &Path) -> Result<PathBuf> {
    println!("\n$ wasm-split {} -> {}", linked.display(), pkg.display());
    let input = fs::read(linked).map_err(|e| format!("{}: {e}", linked.display()))?;
    let first = root().join("target/split/appkeys.wasm");
    let _ = fs::remove_file(root().join(CHUNK_MAP));
    fs::create_dir_all(first.parent().unwrap()).map_err(|e| e.to_string())?;
    let link_name = format!("./{LINK_JS}");
    let main_module = format!("./{MAIN_JS}");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = pkg;
    options.main_out_path = &first;
    options.link_name = &link_name;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:#}"))?;
    if split.split_modules.is_empty() {
        return Err("wasm-split found no lazy boundary: nothing would load on first use".into());
    }
    // Which files each lazy view loads, for `cargo xtask size`.
    let mut lines: Vec<String> = split
        .prefetch_map
        .iter()
        .map(|(view, files)| format!("{view} {}", files.join(" ")))
        .collect();
    lines.sort();
    fs::write(root().join(CHUNK_MAP), lines.join("\n") + "\n")
        .map_err(|e| format!("{CHUNK_MAP}: {e}"))?;
    Ok(first)
}

fn bindgen(first: &Path, pkg: &Path) -> Result {
    run(cmd(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            // The chunks import the first module's functions by their linker names.
            "--keep-lld-exports",
            "--no-demangle",
            "--out-name",
            "appkeys",
            "--out-dir",
            &pkg.display().to_string(),
            &first.display().to_string(),
        ],
    ))
}

/// wasm-streams' classes for JS streams backed by Rust (`IntoUnderlyingSource` and its kin):
/// exported by every build that links leptos's server_fn (leptos 0.8 always does), and never
/// called here (the page makes no stream). Their exports keep 4.8 KB of code alive in the first
/// module (1.2 KB brotli); without them wasm-opt drops it.
const UNCALLED_EXPORTS: &str = "remove-exports@*intounderlying*";
/// Their classes in the first module's JS, by the name they start with.
const UNCALLED_CLASSES: &str = "IntoUnderlying";

/// Takes wasm-streams' classes (see [`UNCALLED_EXPORTS`]) out of the first module's JS: each
/// `export class`, its `Symbol.dispose` line and its `FinalizationRegistry`.
fn drop_uncalled_classes(js: &Path) -> Result {
    let text = fs::read_to_string(js).map_err(|e| format!("{}: {e}", js.display()))?;
    let mut kept = String::with_capacity(text.len());
    let mut skipping = false;
    let mut dropped = 0;
    for line in text.lines() {
        let starts = line.starts_with(&format!("export class {UNCALLED_CLASSES}"))
            || line.starts_with(&format!("const {UNCALLED_CLASSES}"));
        if starts {
            skipping = true;
            dropped += 1;
        }
        if !skipping {
            kept += line;
            kept.push('\n');
        }
        let ends = (line.starts_with("if (Symbol.dispose)") && line.contains(UNCALLED_CLASSES))
            || (line.starts_with("    : new FinalizationRegistry")
                && line.contains("intounderlying"));
        if skipping && ends {
            skipping = false;
        }
    }
    if skipping || dropped != 6 {
        return Err(format!(
            "{}: expected wasm-streams' three classes and their registries, found {dropped} parts: has wasm-bindgen's glue changed?",
            js.display()
        ));
    }
    fs::write(js, kept).map_err(|e| format!("{}: {e}", js.display()))
}

/// Takes wasm-streams' classes out of the first module's types too: each `export class`, and
/// their functions in `InitOutput`.
fn drop_uncalled_types(types: &Path) -> Result {
    let text = fs::read_to_string(types).map_err(|e| format!("{}: {e}", types.display()))?;
    let mut kept = String::with_capacity(text.len());
    let mut in_class = false;
    for line in text.lines() {
        in_class |= line.starts_with(&format!("export class {UNCALLED_CLASSES}"));
        if !in_class && !line.contains("intounderlying") {
            kept += line;
            kept.push('\n');
        }
        in_class &= line != "}";
    }
    fs::write(types, kept).map_err(|e| format!("{}: {e}", types.display()))
}

/// wasm-opt on each module: Trunk's `data-wasm-opt="z"` (`-Oz`) did this on the one module.
fn optimize(pkg: &Path) -> Result {
    for wasm in files_ending(pkg, ".wasm")? {
        let path = wasm.display().to_string();
        let first = wasm.ends_with(MAIN_WASM);
        // Before -Oz, so that its clean-up drops what only they reached.
        let uncalled: &[&str] = match first {
            true => &["--remove-exports", "--pass-arg", UNCALLED_EXPORTS],
            false => &[],
        };
        run(cmd(
            "wasm-opt",
            &[
                uncalled,
                &[
                    // Control flow rebuilt before the size passes, which then find more to
                    // merge: -1.4 KB brotli in the first module for 5 s of build.
                    "--flatten",
                    "--rereloop",
                    "-Oz",
                    "-Oz",
                    // The chunks keep the linker's names; nothing reads them in the browser.
                    "--strip-debug",
                    "--strip-producers",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-reference-types",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    &path,
                    "-o",
                    &path,
                ],
            ]
            .concat(),
        ))?;
    }
    Ok(())
}

/// Minifies the ES module `js` in place with esbuild: wasm-bindgen's glue and the chunks' loader
/// are written to be read (66 KB and 12 KB), and every first visit parses them: -2,188 B brotli.
/// Exports, import paths, `import.meta.url` and the wasm imports' names are kept.
fn minify(js: &Path) -> Result {
    let esbuild = root().join("xtask/js/node_modules/.bin/esbuild");
    let path = js.display().to_string();
    run(cmd(
        &esbuild.display().to_string(),
        &[
            &path,
            "--minify",
            "--format=esm",
            "--log-level=warning",
            "--allow-overwrite",
            &format!("--outfile={path}"),
        ],
    ))
}

/// The files in `dir` whose names end with `end`, sorted.
pub fn files_ending(dir: &Path, end: &str) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.to_string_lossy().ends_with(end))
        .collect();
    found.sort();
    Ok(found)
}

/// dist/index.html from index.html: what Trunk's `data-trunk` links ask for, done here.
fn page(dist: &Path) -> Result {
    let template = fs::read_to_string(root().join("index.html")).map_err(|e| e.to_string())?;
    let mut html = String::new();
    for line in template.lines() {
        let trimmed = line.trim_start();
        if !trimmed.starts_with("<link data-trunk") {
            html += line;
            html.push('\n');
            continue;
        }
        let href = attribute(trimmed, "href");
        match attribute(trimmed, "rel").as_deref() {
            // Inline: the first screen's styles arrive with the HTML, no request before paint;
            // minified (comments and spaces out: 920 B less brotli), the package's copy is not.
            Some("css") => {
                let href = href.ok_or("a css link without href")?;
                let css =
                    fs::read_to_string(root().join(&href)).map_err(|e| format!("{href}: {e}"))?;
                let css = minifier::css::minify(&css).map_err(|e| format!("{href}: {e}"))?;
                html += &format!("    <style>{css}</style>\n");
            }
            Some("copy-dir") => {
                let href = href.ok_or("a copy-dir link without href")?;
                copy_dir(&root().join(&href), &dist.join(&href))?;
            }
            Some("rust") => html += START,
            other => {
                return Err(format!(
                    "index.html: no xtask step for data-trunk rel={other:?}"
                ))
            }
        }
    }
    fs::write(dist.join("index.html"), html).map_err(|e| e.to_string())
}

/// Starts the app: the script and the first module are fetched at once, side by side. The
/// `appkeys:started` event hands the module to whoever measures it (bench/browser.mjs).
const START: &str = r#"    <link rel="modulepreload" href="/pkg/appkeys.js">
    <link rel="preload" href="/pkg/appkeys_bg.wasm" as="fetch" type="application/wasm" crossorigin>
    <script type="module">import init from "/pkg/appkeys.js";
      const wasm = await init({ module_or_path: "/pkg/appkeys_bg.wasm" });
      dispatchEvent(new CustomEvent("appkeys:started", { detail: { wasm } }));</script>
"#;

/// The value of `name="…"` in one tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}
