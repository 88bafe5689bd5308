//! English's plural rule (its messages are in text.rs, beside their names).

/// CLDR: "one" for 1, "other" for every other whole number.
pub fn plural(n: u64) -> &'static str {
    if n == 1 {
        "one"
    } else {
        "other"
    }
}
