//! Sentences of running text, and the short forms made from them: a title from the first
//! sentence when an article has no headline, and a summary from its first sentence or two.

/// How long a title made from a sentence may be, in characters.
const TITLE_MAX: usize = 110;
/// A title cut at a clause may run this long.
const CLAUSE_MAX: usize = 125;
/// A title is not cut at a clause shorter than this.
const CLAUSE_MIN: usize = 40;
/// How long a summary may be, in characters.
const SUMMARY_MAX: usize = 300;
/// A first sentence shorter than this gets the second one in the summary.
const SHORT_SENTENCE: usize = 150;

/// The sentences of `text`, trimmed, in order.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let end = sentence_end(rest).unwrap_or(rest.len());
        sentences.push(rest[..end].trim());
        rest = rest[end..].trim_start();
    }
    sentences
}

/// The byte offset just after the first sentence of `text`, when it ends before the text does.
fn sentence_end(text: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (ix, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut after = ix + 1;
        while chars
            .get(after)
            .is_some_and(|(_, c)| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']'))
        {
            after += 1;
        }
        let &(end, space) = chars.get(after)?;
        if !space.is_whitespace() {
            continue;
        }
        let next = chars[after..]
            .iter()
            .map(|(_, c)| *c)
            .find(|c| !c.is_whitespace());
        let starts_sentence = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '‘' | '\'' | '(')
        });
        if starts_sentence && !(c == '.' && abbreviation_before(&text[..chars[ix].0])) {
            return Some(end);
        }
    }
    None
}

/// Whether the word before a period is an abbreviation ("Mr", "Oct", "U.S") or an initial,
/// so the period does not end the sentence.
fn abbreviation_before(text: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt",
        "gov", "sen", "rep", "amb", "hon", "rev", "inc", "co", "corp", "ltd", "no", "vs", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
        "approx", "dept", "est", "fig", "vol",
    ];
    let word = text
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"')
        .next()
        .unwrap_or("");
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters == 1
        || (word.contains('.') && word.split('.').all(|part| part.chars().count() <= 1))
        || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// A title made from a sentence: without its final period, and when long, cut at a clause
/// ("..., according to") or else at a word, with an ellipsis.
pub(super) fn title_from(sentence: &str) -> String {
    let sentence = sentence.trim().trim_end_matches('.').trim_end();
    if sentence.chars().count() <= TITLE_MAX {
        return sentence.to_string();
    }
    match clause_cut(sentence) {
        Some(cut) => sentence[..cut]
            .trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .to_string(),
        None => shorten(sentence, TITLE_MAX),
    }
}

/// The last place in `sentence` where a clause begins that a title can leave out.
fn clause_cut(sentence: &str) -> Option<usize> {
    const CLAUSES: &[&str] = &[
        ", according to",
        ", said",
        ", says",
        ", while",
        ", which",
        ", who",
        ", but",
        ", as ",
        " when ",
        " while ",
        " after ",
        " and ",
        "; ",
        " – ",
        " — ",
    ];
    CLAUSES
        .iter()
        .flat_map(|clause| sentence.match_indices(clause).map(|(at, _)| at))
        .filter(|&at| (CLAUSE_MIN..=CLAUSE_MAX).contains(&sentence[..at].chars().count()))
        .max()
}

/// A summary: the first sentence of `text`, and the second too when the first is short,
/// shortened at a word if it is still too long.
pub(super) fn summary_of(text: &str) -> String {
    let sentences = sentences(text);
    let Some(first) = sentences.first() else {
        return String::new();
    };
    let mut summary = first.to_string();
    if let Some(second) = sentences.get(1) {
        let both = summary.chars().count() + 1 + second.chars().count();
        if summary.chars().count() < SHORT_SENTENCE && both <= SUMMARY_MAX {
            summary = format!("{summary} {second}");
        }
    }
    if summary.chars().count() > SUMMARY_MAX {
        shorten(&summary, SUMMARY_MAX)
    } else {
        summary
    }
}

/// `text` cut at the last word that ends within `max` characters, without a dangling small
/// word or punctuation, followed by an ellipsis.
pub(super) fn shorten(text: &str, max: usize) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
        "but", "as", "about", "that", "its", "his", "her", "their", "is", "was", "are", "were",
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let added = word.chars().count() + usize::from(!words.is_empty());
        if length + added > max.saturating_sub(1) {
            break;
        }
        length += added;
        words.push(word);
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| SMALL.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let kept = words
        .join(" ")
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '”' | '"' | ')'))
        .to_string();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations_or_numbers() {
        let text = "Zhai met Mr. Usama on Oct. 10 in the U.S. capital. It cost 2.3 million. \
                    “We agree,” he said. Done";
        assert_eq!(
            sentences(text),
            vec![
                "Zhai met Mr. Usama on Oct. 10 in the U.S. capital.",
                "It cost 2.3 million.",
                "“We agree,” he said.",
                "Done"
            ]
        );
    }

    #[test]
    fn short_sentences_are_titles_as_they_are() {
        assert_eq!(
            title_from("The conversation came after Israel pledged a “complete siege” of Gaza."),
            "The conversation came after Israel pledged a “complete siege” of Gaza"
        );
    }

    #[test]
    fn long_sentences_are_cut_at_a_clause_or_a_word() {
        let title = title_from(
            "China is seeking to promote the de-escalation of the Israeli-Palestinian conflict \
             and resume peace talks and a ceasefire, according to the special envoy for the \
             Chinese government on the Middle East issue Zhai Jun when talking in Doha.",
        );
        assert!(title.starts_with("China is seeking"), "{title}");
        assert!(!title.contains("according"), "{title}");
        assert!(title.chars().count() <= CLAUSE_MAX, "{title}");
        let title = title_from(&"word ".repeat(60));
        assert!(
            title.ends_with('…') && title.chars().count() <= TITLE_MAX,
            "{title}"
        );
    }

    #[test]
    fn summaries_take_one_or_two_sentences() {
        assert_eq!(summary_of("One. Two. Three."), "One. Two.");
        let long = format!("{}. Two.", "word ".repeat(40).trim());
        assert_eq!(summary_of(&long), format!("{}.", "word ".repeat(40).trim()));
        let summary = summary_of(&"word ".repeat(100));
        assert!(summary.ends_with("word…"), "{summary}");
        assert!(summary.chars().count() <= SUMMARY_MAX);
    }

    #[test]
    fn shortening_drops_small_words_at_the_end() {
        let text = "Zhai Jun met the envoy of Russia in Doha";
        assert_eq!(shorten(text, 24), "Zhai Jun met the envoy…");
        assert_eq!(shorten(text, 18), "Zhai Jun met…");
    }
}
