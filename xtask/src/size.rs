//! The bundle's bytes: raw, gzip and brotli for each file of the first load and each chunk that
//! loads on first use, checked against size-budget.toml, and (for `cargo xtask size`) the crates
//! that contribute most to the wasm.

use crate::bundle::{files_ending, CHUNK_MAP};
use crate::run::{cmd, output, root, run, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Measured {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl Measured {
    fn file(dist: &Path, path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self {
            name: path
                .strip_prefix(dist)
                .unwrap_or(path)
                .display()
                .to_string(),
            raw: bytes.len(),
            gzip: gzip(&bytes),
            brotli: brotli(&bytes),
        })
    }
}

/// What the standalone page fetches before its first screen: the HTML (with its styles inline),
/// the first module, its JS and the chunks' loader that it imports.
fn first_load_files(dist: &Path) -> Vec<PathBuf> {
    [
        "index.html",
        "pkg/appkeys.js",
        "pkg/appkeys_bg.wasm",
        "pkg/__wasm_split.js",
    ]
    .iter()
    .map(|name| dist.join(name))
    .collect()
}

/// The modules that load on first use (bundle.rs): every .wasm but the first.
fn chunk_files(dist: &Path) -> Result<Vec<PathBuf>> {
    Ok(files_ending(&dist.join("pkg"), ".wasm")?
        .into_iter()
        .filter(|path| !path.ends_with("appkeys_bg.wasm"))
        .collect())
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}

/// Builds bench/floor's two pages (the framework alone, then with the app's data libraries) as
/// the app is built, and prints their first load: what no cut in the app's own code can go under.
pub fn floor() -> Result {
    crate::tools::trunk()?;
    let dir = root().join("bench/floor");
    let mut table = String::from(
        "\n| Floor page (bench/floor) | .wasm brotli | .js brotli | html brotli | first load brotli |\n|---|---:|---:|---:|---:|",
    );
    for page in ["framework", "libraries"] {
        let dist = root().join("target/floor").join(page);
        let mut build = cmd(
            "trunk",
            &[
                "build",
                &format!("{page}.html"),
                "--release",
                "--dist",
                &dist.display().to_string(),
            ],
        );
        build
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root().join("target/floor/cargo"));
        run(build)?;
        let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dist)
            .map_err(|e| e.to_string())?
            .filter_map(|e| {
                let path = e.ok()?.path();
                Some((
                    path.file_name()?.to_str()?.to_string(),
                    std::fs::read(&path).ok()?,
                ))
            })
            .collect();
        let by_end = |end: &str| -> usize {
            files
                .iter()
                .filter(|(name, _)| name.ends_with(end))
                .map(|(_, bytes)| brotli(bytes))
                .sum()
        };
        let (wasm, js, html) = (by_end(".wasm"), by_end(".js"), by_end(".html"));
        table += &format!(
            "\n| {page} | {wasm} | {js} | {html} | {} |",
            wasm + js + html
        );
    }
    println!("{table}");
    Ok(())
}

/// size-budget.toml's `key = N`.
pub fn budget(key: &str) -> Result<usize> {
    let text =
        std::fs::read_to_string(root().join("size-budget.toml")).map_err(|e| e.to_string())?;
    text.lines()
        .find_map(|line| line.trim().strip_prefix(key))
        .and_then(|rest| {
            rest.trim()
                .trim_start_matches('=')
                .trim()
                .replace('_', "")
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("size-budget.toml has no {key} = N"))
}

fn table(title: &str, files: &[Measured]) -> usize {
    println!("\n| {title} | Raw bytes | gzip -9 | brotli -11 |\n|---|---:|---:|---:|");
    for f in files {
        println!("| {} | {} | {} | {} |", f.name, f.raw, f.gzip, f.brotli);
    }
    let total = |get: fn(&Measured) -> usize| files.iter().map(get).sum::<usize>();
    let brotli_total = total(|f| f.brotli);
    println!(
        "| **all** | {} | {} | **{brotli_total}** |",
        total(|f| f.raw),
        total(|f| f.gzip),
    );
    brotli_total
}

/// Prints the first load, every chunk, what each lazy view loads and the total; an error when
/// the first load or the total is over its budget.
pub fn check(dist: &Path) -> Result {
    let first: Vec<Measured> = first_load_files(dist)
        .iter()
        .map(|path| Measured::file(dist, path))
        .collect::<Result<_>>()?;
    let chunks: Vec<Measured> = chunk_files(dist)?
        .iter()
        .map(|path| Measured::file(dist, path))
        .collect::<Result<_>>()?;
    let first_load = table("First load", &first);
    let later = table("Chunks (loaded on first use)", &chunks);
    println!("\nOpening each lazy view for the first time fetches (brotli bytes):");
    let map = std::fs::read_to_string(root().join(CHUNK_MAP)).map_err(|e| e.to_string())?;
    for line in map.lines() {
        let mut words = line.split_whitespace();
        let view = words.next().unwrap_or_default();
        let files: Vec<&str> = words.collect();
        let bytes: usize = chunks
            .iter()
            .filter(|c| files.iter().any(|f| c.name == format!("pkg/{f}.wasm")))
            .map(|c| c.brotli)
            .sum();
        println!("  {view}: {bytes} ({} files)", files.len());
    }
    let total = first_load + later;
    let (first_budget, total_budget) = (
        budget("first_load_brotli_bytes")?,
        budget("total_brotli_bytes")?,
    );
    println!(
        "\nfirst load {first_load} brotli bytes (budget {first_budget}); \
         with every chunk {total} (budget {total_budget})"
    );
    // The custom element's glue is loaded by element hosts only, not by the standalone page.
    if let Ok(glue) = std::fs::read(dist.join("pkg/index.js")) {
        println!(
            "package entry pkg/index.js (<appkeys-page>, element hosts only): {} raw, {} gzip, {} brotli",
            glue.len(),
            gzip(&glue),
            brotli(&glue)
        );
    }
    // Every language but English is fetched when a page shows it: its first load is English's
    // plus its file.
    if let Ok(entries) = std::fs::read_dir(dist.join("i18n")) {
        let mut languages: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        languages.sort();
        for path in languages {
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            println!(
                "translation i18n/{name} (fetched when shown): {} brotli; that language's first load {}",
                brotli(&bytes),
                first_load + brotli(&bytes)
            );
        }
    }
    if first_load > first_budget {
        return Err(format!(
            "the first load is {first_load} brotli bytes, over its budget of {first_budget}"
        ));
    }
    if total > total_budget {
        return Err(format!(
            "the first load and every chunk are {total} brotli bytes, over their budget of {total_budget}"
        ));
    }
    Ok(())
}

/// The crates that own the most code in the first module, from its name section as the split
/// left it in target/ (before wasm-bindgen and wasm-opt strip the names), with twiggy.
pub fn contributors() -> Result {
    if output("twiggy", &["--version"]).is_none() {
        run(cmd(
            "cargo",
            &["install", "twiggy", "--version", "0.8.0", "--locked"],
        ))?;
    }
    let wasm = root().join("target/split/appkeys.wasm");
    let csv = output(
        "twiggy",
        &[
            "top",
            "-n",
            "1000000",
            "--format",
            "csv",
            &wasm.display().to_string(),
        ],
    )
    .ok_or("twiggy failed")?;
    let mut by_crate = std::collections::BTreeMap::<String, usize>::new();
    for line in csv.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the name may
        // contain commas, the numbers do not.
        let mut fields = line.rsplitn(5, ',').skip(3);
        let (size, name) = (fields.next(), fields.next().unwrap_or(""));
        let size: usize = size.and_then(|s| s.parse().ok()).unwrap_or(0);
        if name.contains("function names") || name.starts_with("custom section") {
            continue;
        }
        let crate_name = owner(name);
        if !crate_name.is_empty() {
            *by_crate.entry(crate_name).or_default() += size;
        }
    }
    let total: usize = by_crate.values().sum();
    let mut ranked: Vec<_> = by_crate.into_iter().collect();
    ranked.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    println!(
        "\nLargest contributors to the first module (shallow bytes before wasm-opt, by crate):"
    );
    for (name, size) in ranked.iter().take(15) {
        println!(
            "{size:>9}  {:>5.1}%  {name}",
            100.0 * *size as f64 / total as f64
        );
    }
    Ok(())
}

/// The crate a symbol belongs to: the first path segment, with generic wrappers peeled off.
fn owner(name: &str) -> String {
    let name = name
        .trim_start_matches(['"', '<', '&', ' ', '('])
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ");
    // `<T as tachys::view::Render>::build`: a generic receiver belongs to the trait's crate.
    let name = match name.split_once(" as ") {
        Some((receiver, rest)) if !receiver.contains("::") => rest,
        _ => name,
    };
    if name.contains("__wbindgen_describe") {
        // Read by wasm-bindgen at build time and removed from the shipped module.
        return String::new();
    }
    if name.starts_with("data") {
        return "data segments".into();
    }
    if name.starts_with("import ") || name.starts_with("export ") || name.starts_with("elem") {
        return "imports, exports and tables".into();
    }
    match name.split_once("::") {
        Some((head, _)) => head.split('[').next().unwrap_or(head).to_string(),
        None => "other".into(),
    }
}
