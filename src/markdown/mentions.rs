//! Finding actors named in running text: one automaton over every name and alias, built once,
//! matching whole words without regard to case, longest name first.
//!
//! "Whole words" follows the script: in Latin, Cyrillic or Arabic text a name must not touch
//! other letters or digits; in Chinese or Japanese, which write no spaces, it may. Short
//! all-capital aliases (acronyms such as "UN" or "EU") match only in capitals, so the French
//! word "un" is not the United Nations.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// An actor's name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Whatever the caller gave with the name (an actor index, say).
    pub actor: usize,
    /// The bytes of the text that name it.
    pub range: Range<usize>,
}

/// The automaton over all names.
pub(crate) struct MentionFinder {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

struct Pattern {
    actor: usize,
    /// Acronyms must match letter for letter, case included.
    exact: Option<String>,
}

impl MentionFinder {
    /// Builds the automaton from `(actor, name)` pairs. Empty names are ignored.
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> MentionFinder {
        let mut lowered = Vec::new();
        let mut patterns = Vec::new();
        for (actor, name) in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            lowered.push(lower_with_offsets(name).0);
            patterns.push(Pattern {
                actor,
                exact: is_acronym(name).then(|| name.to_string()),
            });
        }
        let automaton = (!lowered.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&lowered)
                .expect("names make a valid automaton")
        });
        MentionFinder {
            automaton,
            patterns,
        }
    }

    /// The automaton over every actor's name and aliases; mentions carry the actor's index.
    pub(crate) fn for_actors(actors: &[crate::model::Actor]) -> MentionFinder {
        MentionFinder::new(actors.iter().enumerate().flat_map(|(ix, actor)| {
            std::iter::once(actor.name.as_str())
                .chain(actor.aliases.iter().map(String::as_str))
                .map(move |name| (ix, name))
        }))
    }

    /// Every mention in `text`, in order; where names overlap, the longest wins.
    pub(crate) fn find(&self, text: &str) -> Vec<Mention> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let (lowered, offsets) = lower_with_offsets(text);
        // Without offsets (ASCII text), lowercase bytes stand where their originals do.
        let original = |at: usize| offsets.as_ref().map_or(at, |o| o[at]);
        let mut mentions = Vec::new();
        for found in automaton.find_iter(&lowered) {
            let start = original(found.start());
            let last = original(found.end() - 1);
            let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
            let pattern = &self.patterns[found.pattern().as_usize()];
            if pattern
                .exact
                .as_deref()
                .is_some_and(|exact| &text[start..end] != exact)
            {
                continue;
            }
            if !stands_alone(text, start..end) {
                continue;
            }
            mentions.push(Mention {
                actor: pattern.actor,
                range: start..end,
            });
        }
        mentions
    }
}

/// The text in lowercase, as names are looked for in it ([`lower_with_offsets`] without the
/// offsets).
pub(crate) fn lowered(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().flat_map(folded).collect()
}

/// A character as names are looked for: in lowercase, and a typographic apostrophe (which
/// Markdown makes of a typed one, and which a registry may spell either way) as a typed one,
/// so "O'Neil" is found in "O’Neil" and the other way round.
fn folded(c: char) -> std::char::ToLowercase {
    match c {
        '\u{2019}' | '\u{02BC}' => '\''.to_lowercase(),
        c => c.to_lowercase(),
    }
}

/// The text in lowercase, and for each byte of it the offset of the character it came from;
/// no offsets for ASCII text, where lowercasing keeps every byte in place.
fn lower_with_offsets(text: &str) -> (String, Option<Vec<usize>>) {
    if text.is_ascii() {
        return (text.to_ascii_lowercase(), None);
    }
    let mut lowered = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        if c.is_ascii() {
            lowered.push(c.to_ascii_lowercase());
            offsets.push(offset);
            continue;
        }
        let before = lowered.len();
        lowered.extend(folded(c));
        offsets.extend(std::iter::repeat_n(offset, lowered.len() - before));
    }
    (lowered, Some(offsets))
}

/// Whether the name at `range` is a word of its own: the characters around it do not continue
/// a word of the same kind.
fn stands_alone(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let first = text[range.clone()].chars().next();
    let last = text[range].chars().next_back();
    !(joins(before, first) || joins(last, after))
}

fn joins(a: Option<char>, b: Option<char>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if spaced_word_char(a) && spaced_word_char(b))
}

/// A letter or digit of a script that separates words with spaces.
fn spaced_word_char(c: char) -> bool {
    c.is_alphanumeric() && !unspaced_script(c)
}

/// Han, kana and Thai are written without spaces between words.
fn unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x0E00..=0x0E7F)
}

fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=5).contains(&letters) && name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(names: &[(usize, &str)], text: &str) -> Vec<(usize, String)> {
        let finder = MentionFinder::new(names.iter().copied());
        finder
            .find(text)
            .into_iter()
            .map(|m| (m.actor, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn matches_whole_words_in_any_case_longest_first() {
        let names = [(0, "Zhai"), (0, "Zhai Jun"), (1, "Lin Jian"), (2, "Lin")];
        assert_eq!(
            found(&names, "ZHAI JUN met lin jian; Zhai's aide met Linda."),
            vec![
                (0, "ZHAI JUN".into()),
                (1, "lin jian".into()),
                (0, "Zhai".into())
            ]
        );
    }

    #[test]
    fn keeps_accents_and_handles_unspaced_scripts() {
        let names = [(0, "José"), (1, "王毅"), (2, "Ürümqi")];
        assert_eq!(found(&names, "Jose and josé"), vec![(0, "josé".into())]);
        assert_eq!(found(&names, "外长王毅表示"), vec![(1, "王毅".into())]);
        assert_eq!(found(&names, "ürümqi"), vec![(2, "ürümqi".into())]);
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        let names = [(0, "UN"), (1, "EU")];
        assert_eq!(
            found(&names, "un accord de l'UN, eu"),
            vec![(0, "UN".into())]
        );
    }

    #[test]
    fn lowered_is_the_text_names_are_looked_for_in() {
        for text in ["Tom BRAND", "Öztürk İSTANBUL ΣΊΣΥΦΟΣ", "翟隽 and Ana"] {
            assert_eq!(lowered(text), lower_with_offsets(text).0);
        }
    }

    #[test]
    fn a_typed_and_a_typographic_apostrophe_are_one() {
        let names = [(0, "Aoife O'Neil"), (1, "Dara Ó Briain’s Office")];
        assert_eq!(
            found(
                &names,
                "Aoife O’Neil met the staff of Dara Ó Briain's Office."
            ),
            vec![
                (0, "Aoife O’Neil".into()),
                (1, "Dara Ó Briain's Office".into())
            ]
        );
        assert_eq!(
            found(&names, "AOIFE O'NEIL"),
            vec![(0, "AOIFE O'NEIL".into())]
        );
        assert_eq!(lowered("O’Neil ʼA"), "o'neil 'a");
    }

    #[test]
    fn offsets_survive_case_changes_that_change_length() {
        // 'İ' lowercases to two characters.
        let names = [(0, "Zhai")];
        assert_eq!(found(&names, "İİ Zhai"), vec![(0, "Zhai".into())]);
    }
}
