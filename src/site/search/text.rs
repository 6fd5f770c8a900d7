//! The words of the search index: text folded (accents stripped, lowercased) and cut into
//! tokens, and the plain text of a rendered body.
//!
//! The search client (`themes/default/static/search.js`) folds and cuts a query with the same
//! rules, so both sides must change together:
//! - fold: NFKD, drop every combining mark (`\p{M}`), lowercase, then a few letters NFKD keeps
//!   whole (ß, æ, œ, ø, ł, đ, ð, þ, ı, final ς) spelled the Latin way;
//! - Arabic: the marks going (harakat U+064B–U+065F, superscript alef U+0670) and NFKD taking
//!   the hamza off أ إ آ ؤ ئ leave ا و ي; alef wasla ٱ is ا too, alef maksura ى is ي, teh
//!   marbuta ة is ه, and the tatweel U+0640 that only stretches a word is dropped;
//! - Cyrillic: lowercase, and ё is е (NFKD and the dropped diaeresis make it so; й goes to и
//!   the same way);
//! - a token is a run of letters and digits (`\p{Alphabetic}`, `\p{N}`);
//! - Chinese and Japanese characters, written without spaces, make runs of their own, cut into
//!   overlapping pairs (王毅 in 外交部长王毅 is the pair 王毅). The index also keeps a run's
//!   last character alone, so that a one-character query can find any character as a prefix.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Tokens longer than this (in characters) are left out of the index: they are addresses or
/// noise, not words anyone types.
const LONGEST_TOKEN: usize = 40;

/// `text` without accents, in lower case.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Most text is ASCII, which folding only lowercases.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let start = folded.len();
        folded.push_str(&rest[..ascii]);
        folded[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        fold_unicode(&rest[..other], &mut folded);
        rest = &rest[other..];
    }
    folded
}

/// Folds text with no ASCII in it. Decomposition works one character at a time here, which
/// gives what decomposing the whole text would: only the order of combining marks could
/// differ, and they are dropped.
fn fold_unicode(text: &str, folded: &mut String) {
    for c in text.nfkd().filter(|&c| !is_combining_mark(c)) {
        for lower in c.to_lowercase() {
            match lower {
                'ß' => folded.push_str("ss"),
                'æ' => folded.push_str("ae"),
                'œ' => folded.push_str("oe"),
                'þ' => folded.push_str("th"),
                'ø' => folded.push('o'),
                'ł' => folded.push('l'),
                'đ' | 'ð' => folded.push('d'),
                'ı' => folded.push('i'),
                'ς' => folded.push('σ'),
                'ٱ' => folded.push('ا'),
                'ى' => folded.push('ي'),
                'ة' => folded.push('ه'),
                'ё' => folded.push('е'),
                '\u{0640}' => {}
                other => folded.push(other),
            }
        }
    }
}

/// Whether `c` belongs to a script written without spaces between words (after folding).
pub(super) fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // CJK extensions B to G
    )
}

/// The distinct tokens of `text` as the index keeps them, in order of first appearance.
pub fn index_tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut seen = std::collections::HashSet::new();
    let mut tokens = Vec::new();
    for_each_token(&folded, |token| {
        if seen.insert(token) {
            tokens.push(token.to_string());
        }
    });
    tokens
}

/// Calls `f` with every token of folded text, in order, repeats included. Each token is a
/// slice of `folded`: a word, or a pair (or the last character) of an unspaced run.
pub(super) fn for_each_token<'t>(folded: &'t str, mut f: impl FnMut(&'t str)) {
    for run in runs(folded) {
        let Some(first) = run.chars().next() else {
            continue;
        };
        if !is_unspaced(first) {
            if run.len() <= LONGEST_TOKEN || run.chars().count() <= LONGEST_TOKEN {
                f(run);
            }
            continue;
        }
        // Where each character starts, and the end of the run.
        let bounds: Vec<usize> = run
            .char_indices()
            .map(|(at, _)| at)
            .chain([run.len()])
            .collect();
        for window in bounds.windows(3) {
            f(&run[window[0]..window[2]]);
        }
        f(&run[bounds[bounds.len() - 2]..]);
    }
}

/// Runs of letters and digits, unspaced scripts apart from the others.
fn runs(folded: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (at, c) in folded.char_indices() {
        let class = if c.is_ascii() {
            c.is_ascii_alphanumeric().then_some(false)
        } else if is_unspaced(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        match (start, class) {
            (Some((_, open)), Some(now)) if open == now => {}
            (Some((from, _)), _) => {
                runs.push(&folded[from..at]);
                start = class.map(|now| (at, now));
            }
            (None, _) => start = class.map(|now| (at, now)),
        }
    }
    if let Some((from, _)) = start {
        runs.push(&folded[from..]);
    }
    runs
}

/// The text of rendered HTML: tags dropped (block tags leave a space), the entities a
/// sanitized body holds decoded, scripts and styles left out, spaces collapsed.
pub(super) fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    let mut skipping: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        if skipping.is_none() {
            text.push_str(&decode_entities(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('>').map_or(after.len(), |i| i + 1);
        let tag = tag_name(&after[..close.min(after.len())]);
        let (end, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, tag),
        };
        match skipping {
            Some(skipped) if end && name.eq_ignore_ascii_case(skipped) => skipping = None,
            Some(_) => {}
            None if !end && name.eq_ignore_ascii_case("script") => skipping = Some("script"),
            None if !end && name.eq_ignore_ascii_case("style") => skipping = Some("style"),
            None if !is_inline(name) => text.push(' '),
            None => {}
        }
        rest = &after[close.min(after.len())..];
    }
    if skipping.is_none() {
        text.push_str(&decode_entities(rest));
    }
    collapse_spaces(&text)
}

/// `text` with each run of white space made one space, and none at either end.
fn collapse_spaces(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// The name of a tag as written, from the text after its `<`, with a leading `/` for an end
/// tag.
fn tag_name(tag: &str) -> &str {
    let end = tag
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/'))
        .unwrap_or(tag.len());
    &tag[..end]
}

fn is_inline(tag: &str) -> bool {
    if tag.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_inline(&tag.to_ascii_lowercase());
    }
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "code"
            | "del"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "u"
    )
}

/// Decodes the character references HTML serializers write; others are kept as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// At most `limit` characters of `text`, cut at a space where one is near, with "…" when cut.
pub(super) fn excerpt(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_string(),
        Some((end, _)) => {
            let cut = text[..end]
                .rfind(' ')
                .filter(|&space| space > end / 2)
                .unwrap_or(end);
            format!("{}…", text[..cut].trim_end())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_accents_and_case() {
        assert_eq!(fold("José Álvarez"), "jose alvarez");
        assert_eq!(fold("Łódź STRAßE Øresund"), "lodz strasse oresund");
        assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
        assert_eq!(fold("ﬁnal ＡＢＣ"), "final abc");
        assert_eq!(fold("王毅"), "王毅");
    }

    #[test]
    fn arabic_loses_its_marks_and_letter_variants() {
        // "Al-Mu'tamar" voweled, with hamza on the alef, tatweel and teh marbuta.
        assert_eq!(fold("المُؤْتَمَرُ"), "الموتمر");
        assert_eq!(fold("أَحْمَد إسماعيل آمال ٱلله"), "احمد اسماعيل امال الله");
        assert_eq!(
            fold("مصطفى القاهرة سـلام رئيس هٰذا"),
            "مصطفي القاهره سلام رييس هذا"
        );
        assert_eq!(
            index_tokens("الـمُـفاوَضاتُ في الدَّوْحَة"),
            index_tokens("المفاوضات فى الدوحه")
        );
        assert_eq!(index_tokens("الدوحة"), ["الدوحه"]);
    }

    #[test]
    fn cyrillic_is_folded_to_lower_case_and_yo_to_ye() {
        assert_eq!(fold("Ёлка ЁЖИК Сергей Лавров"), "елка ежик сергеи лавров");
        assert_eq!(index_tokens("ЁЛКА"), index_tokens("елка"));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            index_tokens("Al-Sisi met José, al-Sisi's aide, on 10.10.2023"),
            ["al", "sisi", "met", "jose", "s", "aide", "on", "10", "2023"]
        );
    }

    #[test]
    fn unspaced_scripts_are_cut_in_pairs() {
        assert_eq!(index_tokens("王毅"), ["王毅", "毅"]);
        assert_eq!(
            index_tokens("外交部长王毅说"),
            ["外交", "交部", "部长", "长王", "王毅", "毅说", "说"]
        );
        assert_eq!(index_tokens("Wang王毅"), ["wang", "王毅", "毅"]);
        assert_eq!(index_tokens("東京"), ["東京", "京"]);
    }

    #[test]
    fn long_tokens_are_left_out() {
        assert!(index_tokens(&"x".repeat(41)).is_empty());
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_text("<h2>On the road</h2><p>Zhai <a href=\"x\">met</a> Bogdanov &amp; <em>Usama</em>.</p><p>Then&nbsp;Doha &#8212; &lt;b&gt;</p>"),
            "On the road Zhai met Bogdanov & Usama. Then Doha — <b>"
        );
        assert_eq!(
            html_text("<p>a</p><script>var x = '<p>';</script><p>b &unknown; & c</p>"),
            "a b &unknown; & c"
        );
        assert_eq!(
            html_text("<P>a</P><SCRIPT>x</Script><EM>b</EM>c<Style>p{}</STYLE>"),
            "a bc"
        );
    }

    #[test]
    fn excerpts_cut_at_a_space() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 10), "one two…");
        assert_eq!(excerpt("王毅王毅王毅", 2), "王毅…");
    }
}
