//! Escaping text for HTML and XML: the one place markup-significant characters are replaced.

/// Appends `text` escaped for HTML element content and double- or single-quoted attributes.
pub fn push_html(out: &mut String, text: &str) {
    push_escaped(out, text, "&#39;");
}

/// `text` escaped for HTML element content and attributes (see [`push_html`]).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_html(&mut out, text);
    out
}

/// `text` escaped for XML content and attribute values, without the control characters
/// XML 1.0 does not allow at all (tab, line feed and carriage return are kept).
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let allowed = |c: char| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r');
    if text.chars().all(allowed) {
        push_escaped(&mut out, text, "&apos;");
    } else {
        push_escaped(&mut out, &text.chars().filter(|&c| allowed(c)).collect::<String>(), "&apos;");
    }
    out
}

/// Escapes JSON text so that it cannot end, or start anything inside, a `<script>` element.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    // U+2028 and U+2029 are the bytes E2 80 A8 and E2 80 A9.
    push_replaced(&mut out, json, |bytes, at| match bytes[at] {
        b'<' => Some(("\\u003c", 1)),
        b'>' => Some(("\\u003e", 1)),
        b'&' => Some(("\\u0026", 1)),
        0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0xA8]) => Some(("\\u2028", 3)),
        0xE2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0xA9]) => Some(("\\u2029", 3)),
        _ => None,
    });
    out
}

/// Replaces `& < > " '`, the last with `apostrophe` (XML has `&apos;`, HTML 4 did not).
fn push_escaped(out: &mut String, text: &str, apostrophe: &str) {
    push_replaced(out, text, |bytes, at| match bytes[at] {
        b'&' => Some(("&amp;", 1)),
        b'<' => Some(("&lt;", 1)),
        b'>' => Some(("&gt;", 1)),
        b'"' => Some(("&quot;", 1)),
        b'\'' => Some((apostrophe, 1)),
        _ => None,
    });
}

/// Appends `text`, replacing what `replacement` finds at a byte (its replacement and the
/// length of what it replaces) and copying the runs between whole. Scanning bytes rather
/// than characters is exact here: each replaced sequence starts with a byte that is never
/// inside another character's encoding (ASCII, or E2, which begins one), so every slice
/// boundary is a character boundary. As a search of characters it was a few percent of a
/// build's time.
fn push_replaced<'r>(out: &mut String, text: &str, replacement: impl Fn(&[u8], usize) -> Option<(&'r str, usize)>) {
    let bytes = text.as_bytes();
    let (mut last, mut at) = (0, 0);
    while at < bytes.len() {
        match replacement(bytes, at) {
            Some((with, len)) => {
                out.push_str(&text[last..at]);
                out.push_str(with);
                at += len;
                last = at;
            }
            None => at += 1,
        }
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_both_quotes() {
        assert_eq!(
            html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn html_escapes_markup_next_to_characters_of_several_bytes() {
        assert_eq!(html("é<ü>\u{2028}&€\"'"), "é&lt;ü&gt;\u{2028}&amp;€&quot;&#39;");
    }

    #[test]
    fn html_appends_to_what_is_there() {
        let mut out = String::from("<p>");
        push_html(&mut out, "é & ü");
        assert_eq!(out, "<p>é &amp; ü");
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(xml("<a href=\"x\">&'\u{1}"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    }

    #[test]
    fn xml_keeps_tabs_and_line_breaks() {
        assert_eq!(xml("a\tb\r\nc\u{1f}"), "a\tb\r\nc");
    }

    #[test]
    fn script_json_cannot_close_the_element_and_parses_to_the_same_value() {
        let hostile = "</script><script>alert(1)</script> & <!-- \u{2028} \u{2029} é";
        let json = serde_json::to_string(&serde_json::json!({ "name": hostile })).unwrap();
        let safe = script_json(&json);
        assert!(!safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap()["name"], hostile);
    }
}
