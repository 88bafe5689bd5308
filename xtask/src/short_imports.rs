//! Short names for the first module's JS imports. wasm-bindgen names each one after the function
//! it calls and a hash (`__wbg_setAttribute_4d18a1b3c66a87f4`), and the name is written twice:
//! in the wasm's import section and as the key of the JS glue's import object. The 64-bit hashes
//! do not compress, so 222 of them cost every first visit 5.1 KB brotli. Here each becomes
//! `a`, `b`, … `aa`, … in both files at once; nothing else reads them (the chunks call the JS
//! through the first module's table, not by name).

use crate::run::Result;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// Renames the imports that `wasm` takes from the module `js_module`, in `wasm` and in `js`.
pub fn shorten(wasm: &Path, js: &Path, js_module: &str) -> Result {
    let bytes = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let glue = fs::read_to_string(js).map_err(|e| format!("{}: {e}", js.display()))?;
    let (bytes, renamed) = rename_imports(&bytes, js_module)?;
    let glue = rename_keys(&glue, &renamed).map_err(|e| format!("{}: {e}", js.display()))?;
    fs::write(wasm, bytes).map_err(|e| format!("{}: {e}", wasm.display()))?;
    fs::write(js, glue).map_err(|e| format!("{}: {e}", js.display()))
}

/// The module with every import from `js_module` renamed, and the names (old → new).
fn rename_imports(bytes: &[u8], js_module: &str) -> Result<(Vec<u8>, BTreeMap<String, String>)> {
    let mut module = Module::new();
    let mut renamed = BTreeMap::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::ImportSection(reader) = &payload {
            let mut imports = ImportSection::new();
            for import in reader.clone().into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                let ty = RoundtripReencoder
                    .entity_type(import.ty)
                    .map_err(|e| e.to_string())?;
                if import.module != js_module {
                    imports.import(import.module, import.name, ty);
                    continue;
                }
                let name = short_name(renamed.len());
                imports.import(import.module, &name, ty);
                renamed.insert(import.name.to_string(), name);
            }
            module.section(&imports);
        } else if let Some((id, range)) = payload.as_section() {
            let data = &bytes[range.start as usize..range.end as usize];
            module.section(&RawSection { id, data });
        }
    }
    Ok((module.finish(), renamed))
}

/// `glue` with each old name replaced by its new one. Every name must be there exactly once
/// (its key in the import object): anything else means the glue is not what this expects.
fn rename_keys(glue: &str, renamed: &BTreeMap<String, String>) -> Result<String> {
    let mut glue = glue.to_string();
    for (old, new) in renamed {
        let found = glue.matches(old.as_str()).count();
        if found != 1 {
            return Err(format!(
                "the wasm import {old} is named {found} times in the JS glue, not once: has wasm-bindgen's glue changed?"
            ));
        }
        glue = glue.replacen(old.as_str(), new, 1);
    }
    Ok(glue)
}

/// The `n`th short name: `a`…`z`, `A`…`Z`, then `aa`, `ab`, … (a JS identifier, never
/// `__proto__`).
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let base = LETTERS.len();
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % base]);
        if n < base {
            break;
        }
        n = n / base - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{EntityType, TypeSection, ValType};

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(names[0], "a");
        assert_eq!(names[51], "Z");
        assert_eq!(names[52], "aa");
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(names
            .iter()
            .all(|name| name.bytes().all(|b| b.is_ascii_alphabetic())));
    }

    /// A module importing two functions from the glue and the memory from elsewhere.
    fn module() -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], []);
        let mut imports = ImportSection::new();
        imports.import(
            "./glue.js",
            "__wbg_log_0123456789abcdef",
            EntityType::Function(0),
        );
        imports.import(
            "./glue.js",
            "__wbg_now_fedcba9876543210",
            EntityType::Function(0),
        );
        let memory = wasm_encoder::MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        };
        imports.import("env", "memory", memory);
        let mut module = Module::new();
        module.section(&types).section(&imports);
        module.finish()
    }

    fn import_names(bytes: &[u8]) -> Vec<(String, String)> {
        let mut names = Vec::new();
        for payload in Parser::new(0).parse_all(bytes) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    names.push((import.module.to_string(), import.name.to_string()));
                }
            }
        }
        names
    }

    #[test]
    fn renames_the_glue_imports_in_both_files() {
        let (bytes, renamed) = rename_imports(&module(), "./glue.js").unwrap();
        wasmparser::validate(&bytes).unwrap();
        assert_eq!(
            import_names(&bytes),
            [
                ("./glue.js".to_string(), "a".to_string()),
                ("./glue.js".into(), "b".into()),
                ("env".into(), "memory".into()),
            ]
        );
        let glue = r#"{"./glue.js":{__wbg_log_0123456789abcdef:function(e){},__wbg_now_fedcba9876543210:function(e){}}}"#;
        assert_eq!(
            rename_keys(glue, &renamed).unwrap(),
            r#"{"./glue.js":{a:function(e){},b:function(e){}}}"#
        );
    }

    #[test]
    fn glue_that_names_an_import_twice_is_refused() {
        let (_, renamed) = rename_imports(&module(), "./glue.js").unwrap();
        let glue = "{__wbg_log_0123456789abcdef:f,__wbg_now_fedcba9876543210:g};__wbg_log_0123456789abcdef()";
        let error = rename_keys(glue, &renamed).unwrap_err();
        assert!(
            error.contains("__wbg_log_0123456789abcdef is named 2 times"),
            "{error}"
        );
    }
}
