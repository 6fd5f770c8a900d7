//! How the index's shards are written: lists of numbers as compact text (base-32 digits, each
//! number ending itself), where a list is, the JSON of a shard, and the script that hands a
//! shard to the page.
//!
//! The client (`themes/default/static/search.js`) reads the numbers and the scripts, so they
//! change together.

/// The digits of the number lists: the first 32 end a number, the others go on.
pub(super) const DIGITS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `number` in base 32, most significant digit first, every digit but the last from
/// the upper half of [`DIGITS`]: a number under 32 takes one character, under 1024 two.
pub(super) fn push_number(out: &mut String, mut number: u64) {
    let mut digits = [0u8; 13];
    let mut len = 0;
    loop {
        digits[len] = (number & 31) as u8;
        len += 1;
        number >>= 5;
        if number == 0 {
            break;
        }
    }
    for place in (0..len).rev() {
        let more = if place > 0 { 32 } else { 0 };
        out.push(DIGITS[(digits[place] + more) as usize] as char);
    }
}

/// The value of each character in [`DIGITS`], by its byte; `u8::MAX` for any other.
const VALUES: [u8; 256] = {
    let mut values = [u8::MAX; 256];
    let mut digit = 0;
    while digit < DIGITS.len() {
        values[DIGITS[digit] as usize] = digit as u8;
        digit += 1;
    }
    values
};

/// The numbers [`push_number`] wrote into `text`, in order.
pub(super) fn numbers(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut bytes = text.bytes();
    std::iter::from_fn(move || {
        let mut number = 0u64;
        loop {
            let digit = VALUES[usize::from(bytes.next()?)];
            if digit == u8::MAX {
                return None;
            }
            let digit = u64::from(digit);
            number = (number << 5) | (digit & 31);
            if digit < 32 {
                return Some(number);
            }
        }
    })
}

/// Whether the character ends a number.
pub(super) fn ends_number(c: u8) -> bool {
    DIGITS[..32].contains(&c)
}

/// Ascending numbers written as the gaps between them (the first from 0).
#[derive(Debug, Default, Clone)]
pub(super) struct Gaps {
    pub text: String,
    previous: u64,
}

impl Gaps {
    /// Appends `value` (not below the last one), its gap times `scale` plus `extra`.
    pub(super) fn push(&mut self, value: u64, scale: u64, extra: u64) {
        push_number(&mut self.text, (value - self.previous) * scale + extra);
        self.previous = value;
    }
}

/// How many fields a posting's number holds beside the gap to its briefing: a posting is
/// written as that gap times this plus the field (the client divides them again).
const FIELDS: u64 = 4;

impl Gaps {
    /// Appends the posting of the briefing at `place` (not before the last one), with `field`.
    pub(super) fn push_posting(&mut self, place: u64, field: u64) {
        self.push(place, FIELDS, field);
    }
}

/// The postings [`Gaps::push_posting`] wrote into `list`: each briefing's place and the field.
pub(super) fn postings(list: &str) -> impl Iterator<Item = (u64, u64)> + '_ {
    let mut place = 0;
    numbers(list).map(move |value| {
        place += value / FIELDS;
        (place, value % FIELDS)
    })
}

/// Where a list of postings is: its shard, its place in the shard, and how many pieces it has
/// (the pieces after the first are alone in the shards that follow). No pieces: no list.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Location {
    pub shard: usize,
    pub slot: usize,
    pub pieces: usize,
}

/// One shard: its kind's letter, its number, and the JSON it holds.
#[derive(Debug)]
pub(super) struct Shard {
    pub kind: &'static str,
    pub number: usize,
    pub json: String,
}

/// The JSON of the index's plain data, which fails only if a type gains a map with keys that
/// are not strings.
pub(super) fn json(value: &impl serde::Serialize) -> Result<String, serde_json::Error> {
    serde_json::to_string(value)
}

/// `text` cut into pieces of at most `limit` bytes, each ending where a number ends. The client
/// joins the pieces again before it reads them.
pub(super) fn pieces(text: &str, limit: usize) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while bytes.len() - start > limit {
        // A number has at most 13 digits, so a piece of 13 bytes or more always ends one; a
        // shorter limit cuts inside a number rather than fail.
        let end = (start + 1..=start + limit)
            .rev()
            .find(|&end| ends_number(bytes[end - 1]))
            .unwrap_or(start + limit.max(1));
        out.push(&text[start..end]);
        start = end;
    }
    out.push(&text[start..]);
    out
}

/// The script that assigns `json` to `target` (`window.NAME` or `window.NAME["key"]`), with
/// `<`, `>`, `&` and the two characters that end a line in older JavaScript escaped, so no
/// text can close or comment out the script.
pub(super) fn script(target: &str, json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 96);
    out.push_str("/* dossier search index: generated by `dossier build` */\n");
    out.push_str(target);
    out.push_str(" = ");
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push_str(";\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_with_the_field() {
        let mut list = Gaps::default();
        // 0; 3 * 4 + 3 = 15; 1 * 4 + 2 = 6.
        for (doc, field) in [(0, 0), (3, 3), (4, 2)] {
            list.push(doc, 4, field);
        }
        assert_eq!(list.text, "0F6");
        // 100 * 4 + 1 = 401 = 12 * 32 + 17; 2000 * 4 = 8000 = (7 * 32 + 26) * 32 + 0.
        let mut far = Gaps::default();
        far.push(100, 4, 1);
        far.push(2100, 4, 0);
        assert_eq!(far.text, "iHdw0");
    }

    #[test]
    fn pieces_end_where_numbers_end() {
        // "iH" "dw0" "5": numbers of two, three and one characters.
        assert_eq!(pieces("iHdw05", 3), ["iH", "dw0", "5"]);
        assert_eq!(pieces("iHdw05", 4), ["iH", "dw05"]);
        assert_eq!(pieces("abc", 10), ["abc"]);
        assert_eq!(pieces("", 10), [""]);
    }

    #[test]
    fn the_script_cannot_be_closed_by_its_text() {
        let json = serde_json::to_string(&["</script><!-- & \u{2028}"]).unwrap();
        let out = script("window.DOSSIER_SEARCH", &json);
        assert!(out.starts_with("/* dossier"));
        assert!(out.contains(
            "window.DOSSIER_SEARCH = [\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"];"
        ));
        for raw in ["</", "<!--", "&", "\u{2028}"] {
            assert!(!out.contains(raw), "{raw} in {out}");
        }
    }
}
