//! RFC 4180 CSV: fields separated by commas, records by CRLF, a field with a comma, a quote or a
//! line break quoted with its quotes doubled. A field that a spreadsheet would run as a formula
//! (it starts with = + - @, a tab or a carriage return: OWASP's CSV injection advice) gets a
//! leading apostrophe: a description is typed by a person, and the file is opened by another.

pub fn csv(records: &[Vec<String>]) -> String {
    let mut out = String::new();
    for record in records {
        let fields: Vec<String> = record.iter().map(|field| quoted(field)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn quoted(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::csv;

    fn record(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn plain_fields_stay_plain_and_records_end_in_crlf() {
        let out = csv(&[
            record(&["at", "type"]),
            record(&["2026-12-04T09:15:02Z", "key.created"]),
        ]);
        assert_eq!(out, "at,type\r\n2026-12-04T09:15:02Z,key.created\r\n");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        let out = csv(&[record(&["a,b", "say \"hi\"", "two\nlines", "日本"])]);
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",日本\r\n");
    }

    #[test]
    fn formulas_are_not_run_by_a_spreadsheet() {
        let out = csv(&[record(&["=HYPERLINK(\"x\")", "+1", "-", "@SUM(A1)", "a=b"])]);
        assert_eq!(out, "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-,'@SUM(A1),a=b\r\n");
    }
}
