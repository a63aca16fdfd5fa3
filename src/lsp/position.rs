//! Byte offsets (what diagnostics and the loader speak) ↔ LSP positions (0-based lines,
//! columns in UTF-16 code units, what every client speaks by default).

use std::ops::Range;

use lsp_types::Position;

/// The LSP position of byte `offset` in `text` (an offset inside a character counts as its start).
pub fn position(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count();
    Position { line: to_u32(line), character: to_u32(character) }
}

/// The LSP range of the byte span `span` in `text`.
pub fn range(text: &str, span: &Range<usize>) -> lsp_types::Range {
    lsp_types::Range { start: position(text, span.start), end: position(text, span.end.max(span.start)) }
}

/// The byte offset of `position` in `text`; a position past the end of its line is the
/// line's end, one past the last line is the end of the text (as the protocol asks).
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= position.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_after_non_ascii_text() {
        // `é` is 2 bytes and 1 unit; `𝔸` is 4 bytes and 2 units (a surrogate pair).
        let text = "title: é𝔸\nprerequisites: [x]";
        let x = text.find('x').unwrap_or_default();
        assert_eq!(position(text, x), Position { line: 1, character: 16 });
        let after = text.find('\n').unwrap_or_default();
        assert_eq!(position(text, after), Position { line: 0, character: 10 });
    }

    #[test]
    fn offsets_and_positions_round_trip() {
        let text = "a: é𝔸 z\nb: ü\n";
        for (offset, _) in text.char_indices() {
            assert_eq!(super::offset(text, position(text, offset)), offset);
        }
    }

    #[test]
    fn a_position_past_the_line_end_is_the_line_end() {
        let text = "ab\ncd";
        assert_eq!(offset(text, Position { line: 0, character: 40 }), 2);
        assert_eq!(offset(text, Position { line: 9, character: 0 }), 5);
    }
}
